"""Two communes, each owning one object of every kind, built through the real services.

``build_world(province, side)`` gives commune A (``side="a"``) or commune B (``side="b"``)
a document with an attachment, a task it leads with reports (one with an evidence file, one
returned, so its focal point gets a notification), an extension request, a sub-task for a
branch below it, a review run, an ingestion run, a programme, two inspections (one by the
province, one by the commune itself) with findings and a requirement, two discipline cases,
two complaints with protected senders and a published ranking. Every text carries the
side's marker, so a leak is a plain substring search on any body (JSON, HTML, CSV, DOCX, XLSX).

Extra accounts: ``<side>_office``, ``<side>_leader``, ``<side>_inspector`` hold the office,
leader and inspection roles at the commune, so every branch of scoping.py is exercised.
"""

import datetime
import io
import re
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_user
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position

# ASCII markers: they survive HTML escaping, JSON encoding and CSV quoting unchanged.
MARKERS = {"a": "Zqanthi", "b": "Zqyenmy"}
# Senders of complaints: (handled by the province's inspection committee, handled by the commune).
SENDERS = {
    "a": ("Hoang Van Bimatanthi", "bimat.anthi@example.vn", "Trinh Thi Kinananthi", "0911 222 333"),
    "b": ("Hoang Van Bimatyenmy", "bimat.yenmy@example.vn", "Trinh Thi Kinanyenmy", "0944 555 666"),
}
# A 1×1 PNG (the smallest image the upload check recognises as image/png).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


@dataclass
class World:
    side: str
    marker: str
    unit: OrgUnit
    branch: OrgUnit
    users: dict
    objects: dict = field(default_factory=dict)  # kind → list of model instances
    # Sender identities: the province-handled letter's, then the commune-handled letter's.
    province_sender: tuple[str, str] = ("", "")
    commune_sender: tuple[str, str] = ("", "")

    def ids(self, kind: str) -> list[int]:
        return [obj.pk for obj in self.objects.get(kind, [])]

    def leaks(self, body: str) -> list[str]:
        """Snippets of this commune's texts found in ``body``.

        Every text the builder writes puts the marker after a word and a space ("Kế hoạch Zqanthi")
        or a hyphen (file names), so a search box echoing the bare query is not mistaken for a leak.
        """
        return [m.group(0) for m in re.finditer(rf"(?:\w[ -]|-){self.marker}", body)]


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def world_users(province, side: str) -> dict:
    """The commune's accounts: the fixture's focal point plus office, leader and inspection roles."""
    unit = getattr(province, f"commune_{side}")
    users = {"staff": province.users[f"commune_{side}"]}
    for role, access in (("office", Position.AccessRole.OFFICE), ("leader", Position.AccessRole.LEADER),
                         ("inspector", Position.AccessRole.INSPECTION)):
        users[role] = make_user(f"{side}_{role}", unit=unit, role=access,
                                full_name=f"Cán Bộ {role.title()} {MARKERS[side]}")
    return users


def build_world(province, side: str, *, capture) -> World:
    """Every kind of object owned by commune ``side``, created the way users create them."""
    from roviec.documents import ingest
    from roviec.documents import services as documents
    from roviec.documents.models import Document, DocumentType
    from roviec.inspections import complaints, discipline, programmes
    from roviec.inspections import services as inspections
    from roviec.inspections.models import Complaint, DisciplineCase, FindingUnit, Programme
    from roviec.notifications.models import Notification
    from roviec.reports import selectors as report_selectors
    from roviec.reports import services as reports
    from roviec.reviews import confirming as review_confirming
    from roviec.reviews import services as reviews
    from roviec.tasks import cascade, extensions
    from roviec.tasks import services as tasks

    mark = MARKERS[side]
    unit = getattr(province, f"commune_{side}")
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    office, inspector = province.users["office"], province.users["inspector"]
    branch = org_services.unit_create(actor=None, code=f"chi-bo-{mark.lower()}", kind=OrgUnit.Kind.BRANCH,
                                      name=f"Chi bộ thôn {mark}", parent=unit)
    users = world_users(province, side)
    w = World(side=side, marker=mark, unit=unit, branch=branch, users=users)
    add = lambda kind, *objs: w.objects.setdefault(kind, []).extend(objs)  # noqa: E731
    add("unit", branch)
    add("person", *(u.person for u in users.values()))

    # Registry: a document the commune's office registers, with its original attached.
    document = documents.document_register(
        actor=users["office"], registered_unit=unit, doc_type=DocumentType.objects.get(code="KH"),
        symbol=f"{12 if side == 'a' else 13}-KH/ĐU", issue_date=today - 30 * day,
        issuer_name=f"Đảng ủy xã {mark}", issuer_unit=unit, title=f"về công tác {mark} năm nay",
        direction=Document.Direction.ISSUED)
    attachment = documents.attachment_add(
        actor=users["office"], document=document,
        uploaded=_upload(f"ke-hoach-{mark}.txt", f"Kế hoạch {mark} của đảng ủy xã.".encode()))
    add("document", document)
    add("attachment", attachment)

    # Tasks: the province assigns, the commune reports (one returned, one pending with evidence),
    # asks for more time and splits the work to its branch.
    task = tasks.task_create(
        actor=office, assigned_by_unit=province.root, lead_unit=unit, content=f"Triển khai {mark} đến chi bộ",
        deadline=today + 30 * day, deliverable=f"Báo cáo {mark}", authority_unit=province.root,
        source_document=document, field="Xây dựng Đảng")
    returned = tasks.report_submit(actor=users["staff"], task=task, percent=20, narrative=f"Bắt đầu {mark}")
    tasks.report_return(actor=office, report=returned, comment=f"Bổ sung số liệu {mark}")
    report = tasks.report_submit(actor=users["staff"], task=task, percent=50, narrative=f"Đã làm {mark}",
                                 evidence_files=[_upload(f"anh-{mark}.png", PNG)])
    extension = extensions.extension_request(actor=users["staff"], task=task, new_deadline=today + 60 * day,
                                             reason=f"Chờ {mark} họp")
    (subtask,) = cascade.task_split(actor=users["staff"], task=task, lines=[
        cascade.SubTaskLine(lead_unit=branch, content=f"Chi bộ làm {mark}", deadline=today + 20 * day,
                            deliverable=f"Biên bản {mark}")])
    past = tasks.task_create(
        actor=users["office"], assigned_by_unit=unit, lead_unit=branch, content=f"Việc đã hạn {mark}",
        deadline=today - 2 * day, deliverable=f"Danh sách {mark}", authority_unit=unit)
    add("task", task, subtask, past)
    add("report", returned, report)
    add("evidence", *report.evidence.all())
    add("extension", extension)
    add("notification", *Notification.objects.filter(recipient=users["staff"]))

    # A draft reviewed against the registered plan.
    run = reviews.review_run_create(
        actor=users["staff"], unit=unit, title=f"Dự thảo {mark}",
        draft=_upload(f"du-thao-{mark}.txt", f"Dự thảo kế hoạch {mark}. Tổ chức hội nghị.".encode()),
        superior_documents=[document])
    # A second draft whose task the reviewer confirms as carrying out the superior's requirement.
    sup_text = f"KẾ HOẠCH\n\nII- NHIỆM VỤ\n\n1. Tổ chức hội nghị quán triệt {mark} đến toàn thể đảng viên.\n"
    draft_text = (f"KẾ HOẠCH\n\nII- NHIỆM VỤ\n\n1. Đảng ủy xã tổ chức hội nghị quán triệt {mark} "
                  "cho đảng viên, xong trước ngày 30/6/2026.\n")
    confirmed_run = reviews.review_run_create(
        actor=users["staff"], unit=unit, title=f"Dự thảo cụ thể hóa {mark}",
        draft=_upload(f"du-thao-2-{mark}.txt", draft_text.encode()),
        superior_files=[_upload(f"cap-tren-{mark}.txt", sup_text.encode())])
    requirement = confirmed_run.result["coverage"][0]
    confirmation = review_confirming.coverage_confirm(
        actor=users["staff"], run=confirmed_run, superior_index=requirement["superior_index"],
        superior_offset=requirement["superior_offset"],
        draft_offset=confirmed_run.result["tasks"][0]["offset"], note=f"Ghi chú {mark}")
    add("review", run, confirmed_run)
    add("confirmation", confirmation)

    # A document uploaded for the engine to read.
    with capture(execute=True):
        ingestion = ingest.ingestion_start(
            actor=users["office"], unit=unit,
            uploaded=_upload(f"van-ban-{mark}.txt", f"ĐẢNG ỦY XÃ {mark}\nKẾ HOẠCH về {mark}.".encode()))
    ingestion.refresh_from_db()
    add("ingestion", ingestion)

    # Inspection and supervision: a programme, an inspection by the province and one by the commune.
    programme = programmes.programme_create(actor=users["leader"], committee=unit, span=Programme.Span.ANNUAL,
                                            title=f"Chương trình {mark}", year=today.year)
    programmes.programme_item_add(actor=users["leader"], programme=programme, content=f"Giám sát {mark}",
                                  field="leadership", kind="thematic_supervision", subject_unit=branch)
    add("programme", programme)
    by_province = inspections.inspection_create(actor=inspector, committee=province.root,
                                                title=f"Kiểm tra {mark}", subject_units=[unit])
    by_commune = inspections.inspection_create(actor=users["leader"], committee=unit,
                                               title=f"Kiểm tra chi bộ {mark}", subject_units=[branch])
    findings = [
        inspections.finding_add(actor=inspector, inspection=by_province, text=f"Hạn chế {mark}.",
                                units=[unit]),
        inspections.finding_add(actor=users["leader"], inspection=by_commune, text=f"Khuyết điểm {mark}.",
                                units=[branch]),
    ]
    requirement = inspections.requirement_add(actor=inspector, inspection=by_province,
                                              text=f"Khắc phục {mark}.", deadline=today + 90 * day)
    add("inspection", by_province, by_commune)
    add("finding", *findings)
    add("finding_unit", *FindingUnit.objects.filter(finding__in=findings))
    add("requirement", requirement)

    # The discipline register and letters (senders are protected).
    add("discipline",
        discipline.discipline_record(actor=inspector, subject_kind=DisciplineCase.SubjectKind.ORGANISATION,
                                     unit=unit, form="reprimand", authority=province.root,
                                     decided_on=today - 5 * day, violation=f"Vi phạm {mark}"),
        discipline.discipline_record(actor=users["inspector"], subject_kind=DisciplineCase.SubjectKind.MEMBER,
                                     unit=branch, person_name=f"Đảng viên {mark}", membership="full",
                                     form="warning", authority=unit, decided_on=today - 4 * day,
                                     violation=f"Vi phạm chi bộ {mark}"))
    name_p, contact_p, name_c, contact_c = SENDERS[side]
    w.province_sender, w.commune_sender = (name_p, contact_p), (name_c, contact_c)
    add("complaint",
        complaints.complaint_register(actor=inspector, received_on=today - 3 * day,
                                      kind=Complaint.Kind.DENUNCIATION, content=f"Tố cáo {mark}",
                                      handling_unit=province.inspection, subject_unit=unit,
                                      sender_name=name_p, sender_contact=contact_p),
        complaints.complaint_register(actor=users["inspector"], received_on=today - 2 * day,
                                      kind=Complaint.Kind.PETITION, content=f"Phản ánh {mark}",
                                      handling_unit=unit, subject_unit=branch,
                                      sender_name=name_c, sender_contact=contact_c))

    # The commune publishes its branches' ranking.
    period = report_selectors.make_period("all", today.year)
    filters = report_selectors.ReportFilters(unit=unit, period=period)
    add("published_ranking", reports.ranking_publish(actor=users["office"], filters=filters,
                                                     note=f"Công bố {mark}"))
    return w


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


@pytest.fixture
def worlds(province, capture) -> dict[str, World]:
    """Commune B's world, then commune A's: each the other's forbidden set."""
    b = build_world(province, "b", capture=capture)
    a = build_world(province, "a", capture=capture)
    return {"a": a, "b": b}


def docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    # Footnotes and anything else inside the package, as raw XML text.
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        parts.extend(package.read(name).decode("utf-8", "replace") for name in package.namelist()
                     if name.endswith(".xml"))
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                     for value in row if value is not None)


def body_text(response) -> str:
    """A response's text whatever its format: DOCX and XLSX are opened, streams are read."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "wordprocessingml" in kind or (content[:2] == b"PK" and b"word/" in content[:2000]):
        return docx_text(content)
    if "spreadsheetml" in kind or (content[:2] == b"PK" and b"xl/" in content[:2000]):
        return xlsx_text(content)
    return content.decode("utf-8", "replace")
