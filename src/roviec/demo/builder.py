"""Build the demo province from the sample documents shipped in ``demo/data``.

Everything goes through the real services, so the demo also exercises scope
checks, numbering rules and the audit trail. History (reports, acceptances)
is replayed at past dates with ``demo.clock.at`` so tasks show every status.
"""

import datetime
import re
from dataclasses import dataclass, field
from importlib import resources

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from roviec.core.text import fold
from roviec.demo.clock import at, day
from roviec.documents import services as document_services
from roviec.documents.models import Document, DocumentType
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Person, Position
from roviec.tasks import services as task_services
from roviec.tasks.models import Recurrence

CONCLUSION_SAMPLE = "000_7e00125ec9cf1de4.txt"
PLAN_SAMPLE = "003_b0c3c25a124be0e9.txt"
REPORT_SAMPLE = "004_04442b88a8ca4fe8.txt"


@dataclass
class DemoLogin:
    username: str
    role: str
    unit: str


@dataclass
class DemoResult:
    logins: list[DemoLogin] = field(default_factory=list)
    units: int = 0
    documents: int = 0
    tasks: int = 0


class DemoAlreadyBuilt(Exception):
    """The database already holds data; the demo never overwrites a real installation."""


def sample_text(name: str) -> str:
    return resources.files("roviec.demo").joinpath("data", name).read_text(encoding="utf-8")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def inspected_organisation_names() -> list[str]:
    """The organisations the sample conclusion notice lists in its footnote, read by the engine."""
    from roviec.engine.jsonout import extraction_to_dict
    from roviec.engine.pipeline import extract

    text = sample_text(CONCLUSION_SAMPLE)
    result = extraction_to_dict(extract(text), CONCLUSION_SAMPLE)
    return list(result.get("inspected_organizations") or [])


def _unit_from_written_name(written: str) -> tuple[str, str, list[str]]:
    """Kind, official name and aliases of a Party committee named as a document writes it."""
    words = written.split()
    lowered = fold(written)
    if lowered.startswith(("xa ", "phuong ")):
        kind = OrgUnit.Kind.COMMUNE_COMMITTEE
        place = f"{words[0].lower()} {' '.join(words[1:])}"
        return kind, f"Đảng ủy {place}", [place]
    name = written if lowered.startswith("dang uy") else f"Đảng ủy {written}"
    return OrgUnit.Kind.AFFILIATED_COMMITTEE, name, [written]


@transaction.atomic
def build_demo(*, password: str, today: datetime.date | None = None) -> DemoResult:
    if OrgUnit.objects.exists() or Document.objects.exists():
        raise DemoAlreadyBuilt("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống.")
    today = today or timezone.localdate()
    result = DemoResult()
    tree = _build_tree()
    result.units = OrgUnit.objects.count()
    users = _build_people(tree, password, result)
    documents = _build_documents(tree, users)
    result.documents = len(documents)
    result.tasks = _build_tasks(tree, users, documents, today)
    from roviec.demo.inspections import build_demo_inspection

    build_demo_inspection(tree, users, documents)
    from roviec.demo.reviews import build_demo_review

    build_demo_review(tree, users)
    return result


def existing_logins() -> list[DemoLogin]:
    """The accounts of an already built demo, so a second run can still print them."""
    logins = []
    positions = Position.objects.filter(person__user__isnull=False).select_related("person__user", "unit")
    for position in positions.order_by("person__user__id"):
        user = position.person.user
        role = "Quản trị hệ thống" if user.is_superuser else position.get_access_role_display()
        logins.append(DemoLogin(user.get_username(), role, position.unit.name))
    return logins


# --- organisation tree -------------------------------------------------------------


@dataclass
class DemoTree:
    root: OrgUnit
    standing: OrgUnit
    office: OrgUnit
    inspection: OrgUnit
    organisation: OrgUnit
    inspected: list[OrgUnit]
    cells: list[OrgUnit]


def _build_tree() -> DemoTree:
    create = org_services.unit_create
    kind = OrgUnit.Kind
    root = create(
        actor=None,
        code="tinh-uy",
        kind=kind.PROVINCIAL_COMMITTEE,
        name="Tỉnh ủy Hưng Yên",
        short_name="TU",
        aliases=["Ban Chấp hành Đảng bộ tỉnh", "Tỉnh ủy"],
    )
    standing = create(
        actor=None,
        code="btv-tinh-uy",
        kind=kind.STANDING_COMMITTEE,
        name="Ban Thường vụ Tỉnh ủy",
        short_name="BTV Tỉnh ủy",
        parent=root,
        aliases=["BTV", "Thường trực Tỉnh ủy"],
    )
    office = create(
        actor=None,
        code="van-phong-tinh-uy",
        kind=kind.ADVISORY_BODY,
        name="Văn phòng Tỉnh ủy",
        short_name="VPTU",
        parent=root,
    )
    inspection = create(
        actor=None,
        code="ubkt-tinh-uy",
        kind=kind.INSPECTION_COMMITTEE,
        name="Ủy ban Kiểm tra Tỉnh ủy",
        short_name="UBKT Tỉnh ủy",
        parent=root,
        aliases=["UBKT"],
    )
    organisation = create(
        actor=None,
        code="ban-to-chuc-tinh-uy",
        kind=kind.ADVISORY_BODY,
        name="Ban Tổ chức Tỉnh ủy",
        short_name="BTCTU",
        parent=root,
    )
    create(
        actor=None,
        code="ban-tuyen-giao-dan-van-tinh-uy",
        kind=kind.ADVISORY_BODY,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy",
        short_name="BTGDVTU",
        parent=root,
    )
    inspected = []
    for written in inspected_organisation_names():
        unit_kind, name, aliases = _unit_from_written_name(written)
        inspected.append(
            create(actor=None, code=slug(name)[:64], kind=unit_kind, name=name, parent=root, aliases=aliases)
        )
    first_commune = next(u for u in inspected if u.kind == kind.COMMUNE_COMMITTEE)
    cells = [
        create(
            actor=None,
            code=f"{first_commune.code}-chi-bo-{n}"[:64],
            kind=kind.BRANCH,
            name=f"Chi bộ thôn {n}, {first_commune.name[len('Đảng ủy ') :]}",
            parent=first_commune,
        )
        for n in (1, 2)
    ]
    return DemoTree(root, standing, office, inspection, organisation, inspected, cells)


def _build_people(tree: DemoTree, password: str, result: DemoResult) -> dict:
    user_model = get_user_model()
    role = Position.AccessRole
    kinds = Position.Kind
    specs = [
        ("quantri", "Quản Trị Hệ Thống", tree.office, kinds.SPECIALIST, role.OFFICE, "Quản trị hệ thống"),
        (
            "vanphong",
            "Nguyễn Thị Thu Hà",
            tree.office,
            kinds.SPECIALIST,
            role.OFFICE,
            "Chuyên viên Văn phòng Tỉnh ủy",
        ),
        (
            "lanhdao",
            "Trần Văn Quang",
            tree.root,
            kinds.DEPUTY_SECRETARY,
            role.LEADER,
            "Phó Bí thư Thường trực Tỉnh ủy",
        ),
        (
            "uvbtv",
            "Lê Thị Minh Hằng",
            tree.root,
            kinds.STANDING_MEMBER,
            role.LEADER,
            "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Tỉnh ủy",
        ),
        (
            "kiemtra",
            "Phạm Đức Thịnh",
            tree.inspection,
            kinds.DEPUTY_HEAD,
            role.INSPECTION,
            "Phó Chủ nhiệm Ủy ban Kiểm tra Tỉnh ủy",
        ),
    ]
    focal_units = [u for u in tree.inspected if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE][:3]
    focal_units += [u for u in tree.inspected if u.kind == OrgUnit.Kind.AFFILIATED_COMMITTEE][:1]
    focal_names = ["Vũ Thị Lan", "Đỗ Minh Tuấn", "Hoàng Văn Sơn", "Bùi Thị Ngọc"]
    for unit, name in zip(focal_units, focal_names, strict=False):
        username = f"daumoi.{unit.code.removeprefix('dang-uy-')}"[:150]
        specs.append(
            (username, name, unit, kinds.FOCAL_POINT, role.UNIT_STAFF, f"Chuyên viên Văn phòng {unit.name}")
        )
    users = {}
    for username, full_name, unit, kind, access_role, title in specs:
        if username == "quantri":
            user = user_model.objects.create_superuser(username=username, password=password)
        else:
            user = user_model.objects.create_user(username=username, password=password)
        person = org_services.person_create(actor=None, full_name=full_name, user=user)
        org_services.position_assign(
            actor=None, person=person, unit=unit, kind=kind, title=title, access_role=access_role
        )
        users[username] = user
        label = Position.AccessRole(access_role).label
        result.logins.append(
            DemoLogin(username, "Quản trị hệ thống" if username == "quantri" else label, unit.name)
        )
    # Secretaries of the inspected organisations, without accounts: they are the
    # people a conclusion holds responsible.
    for unit in tree.inspected[:6]:
        person = org_services.person_create(actor=None, full_name=f"Bí thư {unit.name}")
        org_services.position_assign(
            actor=None, person=person, unit=unit, kind=kinds.SECRETARY, title=f"Bí thư {unit.name}"
        )
    return users


# --- documents -------------------------------------------------------------------


def _doc_type(code: str) -> DocumentType:
    return DocumentType.objects.get(code=code)


def _build_documents(tree: DemoTree, users: dict) -> dict[str, Document]:
    office_user = users["vanphong"]
    register = (
        document_services.register_document
        if hasattr(document_services, "register_document")
        else document_services.document_register
    )
    docs: dict[str, Document] = {}

    def add(key, **kwargs):
        docs[key] = register(actor=office_user, registered_unit=tree.office, **kwargs)

    add(
        "decision",
        doc_type=_doc_type("QĐ"),
        symbol="418-QĐ/TU",
        issue_date=datetime.date(2026, 4, 17),
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issuer_unit=tree.standing,
        direction=Document.Direction.ISSUED,
        title="về việc thành lập Đoàn Kiểm tra của Ban Thường vụ Tỉnh ủy",
        signer_name="Trần Văn Quang",
        signer_title="Phó Bí thư Thường trực",
        signing_mode="TM",
        recipients_text="Như Điều 3\nLưu Văn phòng Tỉnh ủy",
        recipient_units=tree.inspected,
    )
    add(
        "ward_notice",
        doc_type=_doc_type("TB"),
        symbol="571-TB/TU",
        issue_date=datetime.date(2026, 5, 12),
        issuer_name="Thường trực Tỉnh ủy",
        issuer_unit=tree.standing,
        direction=Document.Direction.ISSUED,
        title="về định hướng thành lập phường giai đoạn 2026 - 2030",
        signing_mode="TM",
        recipient_units=[u for u in tree.inspected if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE],
    )
    add(
        "conclusion",
        doc_type=_doc_type("TB"),
        symbol="635-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issuer_unit=tree.standing,
        direction=Document.Direction.ISSUED,
        title=_title_of(CONCLUSION_SAMPLE),
        signer_name="Trần Văn Quang",
        signer_title="Phó Bí thư Thường trực",
        signing_mode="TM",
        recipient_units=tree.inspected,
        recipients_text="\n".join(
            [
                "Ủy ban Kiểm tra Trung ương (để báo cáo)",
                "Các tổ chức đảng được kiểm tra",
                "Lưu Văn phòng Tỉnh ủy",
            ]
        ),
    )
    add(
        "central_regulation",
        doc_type=_doc_type("QĐi"),
        symbol="19-QĐ/TW",
        issue_date=datetime.date(2021, 6, 28),
        issuer_name="Bộ Chính trị",
        direction=Document.Direction.RECEIVED,
        title="về tiếp tục đổi mới phương thức lãnh đạo của Đảng đối với hệ thống chính trị",
    )
    add(
        "plan",
        doc_type=_doc_type("KH"),
        symbol="45-KH/TU",
        issue_date=datetime.date(2026, 3, 2),
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issuer_unit=tree.standing,
        direction=Document.Direction.ISSUED,
        title=_title_of(PLAN_SAMPLE),
        signing_mode="TM",
        recipient_units=tree.inspected,
    )
    add(
        "old_plan",
        doc_type=_doc_type("KH"),
        symbol="12-KH/TU",
        issue_date=datetime.date(2025, 11, 20),
        issuer_name="Ban Thường vụ Tỉnh ủy",
        issuer_unit=tree.standing,
        direction=Document.Direction.ISSUED,
        title="về đổi mới phương thức lãnh đạo của Đảng (bản cũ, đã được thay thế)",
        signing_mode="TM",
    )
    add(
        "government_decree",
        doc_type=_doc_type("NĐ"),
        symbol="30/2020/NĐ-CP",
        issue_date=datetime.date(2020, 3, 5),
        issuer_name="Chính phủ",
        direction=Document.Direction.RECEIVED,
        title="về công tác văn thư",
    )
    relate = document_services.document_relate
    relate(actor=office_user, source=docs["conclusion"], target=docs["decision"], kind="based_on")
    relate(actor=office_user, source=docs["plan"], target=docs["central_regulation"], kind="implements")
    relate(actor=office_user, source=docs["plan"], target=docs["old_plan"], kind="replaces")
    return docs


def _title_of(sample: str) -> str:
    from roviec.engine.jsonout import extraction_to_dict
    from roviec.engine.pipeline import extract

    data = extraction_to_dict(extract(sample_text(sample)), sample)
    return (data.get("title") or sample).strip()


# --- tasks ------------------------------------------------------------------------


def _build_tasks(tree: DemoTree, users: dict, docs: dict, today: datetime.date) -> int:
    office = users["vanphong"]
    leader = users["lanhdao"]
    leader_person = Person.objects.get(user=leader)
    inspector_person = Person.objects.get(user=users["kiemtra"])
    remediation_deadline = datetime.date(2026, 8, 31)
    created = 0
    remediation = []
    with at(day(2026, 6, 16)):
        for unit in tree.inspected:
            remediation.append(
                task_services.task_create(
                    actor=office,
                    assigned_by_unit=tree.root,
                    lead_unit=unit,
                    content=(
                        "Xây dựng kế hoạch, giải pháp cụ thể, khả thi để khắc phục hạn chế, khuyết điểm "
                        "qua kiểm tra đã chỉ ra"
                    ),
                    deadline=remediation_deadline,
                    accountable_person=leader_person,
                    deliverable="Kế hoạch khắc phục hạn chế, khuyết điểm được ban hành",
                    authority_unit=tree.inspection,
                    authority_person=inspector_person,
                    source_document=docs["conclusion"],
                    source_clause="Mục II",
                    field="Xây dựng Đảng",
                )
            )
    created += len(remediation)
    inspector = users["kiemtra"]

    def report(task, when, percent, narrative, accept_on=None, return_on=None):
        with at(when):
            report = task_services.report_submit(
                actor=office, task=task, percent=percent, narrative=narrative
            )
        if accept_on:
            with at(accept_on):
                task_services.report_accept(actor=inspector, report=report, comment="Đạt yêu cầu.")
        if return_on:
            with at(return_on):
                task_services.report_return(
                    actor=inspector,
                    report=report,
                    comment="Kế hoạch chưa lượng hóa được chỉ tiêu, đề nghị bổ sung.",
                )

    # A spread of outcomes across the 30 organisations.
    for task in remediation[:12]:
        report(task, day(2026, 8, 20), 100, "Đã ban hành kế hoạch khắc phục.", accept_on=day(2026, 8, 25))
    for task in remediation[12:16]:
        report(
            task, day(2026, 9, 10), 100, "Đã ban hành kế hoạch khắc phục (chậm).", accept_on=day(2026, 9, 12)
        )
    for task in remediation[16:20]:
        report(task, day(2026, 8, 15), 60, "Đang dự thảo kế hoạch khắc phục.", accept_on=day(2026, 8, 16))
    report(remediation[20], day(2026, 8, 28), 100, "Đã ban hành kế hoạch.", return_on=day(2026, 8, 30))
    with at(day(2026, 7, 1)):
        task_services.task_suspend(
            actor=office, task=remediation[21], reason="Đơn vị đang sáp nhập, chờ kiện toàn cấp ủy."
        )
    with at(day(2026, 7, 2)):
        task_services.task_cancel(
            actor=office, task=remediation[22], reason="Giao trùng với nhiệm vụ theo Kế hoạch 45-KH/TU."
        )

    # Tasks from the plan: future deadlines, a recurring report, one missing clarities.
    plan = docs["plan"]
    with at(day(2026, 3, 5)):
        plan_tasks = [
            task_services.task_create(
                actor=office,
                assigned_by_unit=tree.root,
                lead_unit=tree.office,
                content="Tổng kết kết quả thực hiện Kế hoạch đổi mới phương thức lãnh đạo của Đảng",
                deadline=datetime.date(2030, 12, 31),
                accountable_person=leader_person,
                deliverable="Báo cáo tổng kết trình Ban Thường vụ Tỉnh ủy",
                authority_unit=tree.standing,
                source_document=plan,
                source_clause="Mục IV.3",
                field="Xây dựng Đảng",
            ),
            task_services.task_create(
                actor=office,
                assigned_by_unit=tree.root,
                lead_unit=tree.organisation,
                content="Rà soát, sửa đổi quy chế làm việc của các cấp ủy trực thuộc",
                deadline=today + datetime.timedelta(days=10),
                accountable_person=leader_person,
                deliverable="Quy chế làm việc sửa đổi",
                authority_person=leader_person,
                coordinating_units=[tree.office],
                source_document=plan,
                field="Tổ chức cán bộ",
            ),
            task_services.task_create(
                actor=office,
                assigned_by_unit=tree.root,
                lead_unit=tree.inspected[0],
                content="Báo cáo tiến độ thực hiện kế hoạch hằng tháng",
                deadline=datetime.date(2026, 3, 31),
                recurrence=Recurrence.MONTHLY,
                recurrence_until=datetime.date(2026, 12, 31),
                accountable_person=leader_person,
                deliverable="Báo cáo tháng",
                authority_unit=tree.office,
                source_document=plan,
                field="Xây dựng Đảng",
            ),
            task_services.task_create(
                actor=office,
                assigned_by_unit=tree.root,
                lead_unit=tree.inspected[1],
                content="Tăng cường công tác dân vận trong tình hình mới",
                source_document=plan,
                field="Dân vận",
            ),
        ]
    created += len(plan_tasks)
    report(plan_tasks[1], day(2026, 3, 20), 40, "Đã xây dựng dự thảo quy chế.")
    # The commune with cells splits its remediation task for them.
    parent = remediation[
        next(i for i, t in enumerate(remediation) if t.lead_unit_id == tree.cells[0].parent_id)
    ]
    with at(day(2026, 6, 20)):
        for cell in tree.cells:
            task_services.task_create(
                actor=users["quantri"],
                assigned_by_unit=parent.lead_unit,
                lead_unit=cell,
                content="Rà soát, khắc phục hạn chế của chi bộ theo kết luận kiểm tra",
                deadline=datetime.date(2026, 8, 15),
                parent=parent,
                deliverable="Báo cáo kết quả khắc phục của chi bộ",
                authority_unit=parent.lead_unit,
                accountable_person=leader_person,
            )
            created += 1
    return created
