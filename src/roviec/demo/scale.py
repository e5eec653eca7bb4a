"""A province-sized demo (``roviec demo --scale province``): ~100 units, 20,000 tasks, 100,000 reports.

Built to measure the dashboards on realistic volumes, not to tell a story:
the organisation tree, accounts and documents go through the real services
(scope checks, numbering, audit), while tasks and progress reports are
generated data written with ``bulk_create`` in batches, each with one bulk
"import" audit row so the trail still says where every object came from.
Derived columns (``due_date``, ``completed_on``, ``progress_percent``,
``last_report_at``, ``search_text``) are filled exactly as the services
would, so statuses derive the same way. A fixed seed makes runs repeatable.
"""

import bisect
import contextlib
import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from roviec.core.models import AuditEvent
from roviec.core.text import fold
from roviec.demo.builder import DemoAlreadyBuilt, DemoLogin, slug
from roviec.documents import services as document_services
from roviec.documents.models import Document, DocumentType
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Person, Position
from roviec.tasks.models import ProgressReport, Task

BATCH = 2000
SOURCE_LABEL = "dữ liệu mẫu quy mô tỉnh"
FIELDS = ["Xây dựng Đảng", "Tổ chức cán bộ", "Kiểm tra, giám sát", "Dân vận", "Tuyên giáo", "Nội chính",
          "Kinh tế - xã hội", "Chuyển đổi số"]
ACTIONS = ["Triển khai thực hiện", "Xây dựng kế hoạch thực hiện", "Tổ chức sơ kết", "Rà soát, đánh giá",
           "Báo cáo kết quả thực hiện", "Kiện toàn", "Tuyên truyền, phổ biến", "Kiểm tra việc thực hiện"]
SUBJECTS = ["nghị quyết đại hội đảng bộ", "chương trình công tác năm", "công tác phát triển đảng viên",
            "quy chế làm việc của cấp ủy", "chuyển đổi số trong cơ quan đảng", "công tác dân vận chính quyền",
            "phòng, chống tham nhũng, tiêu cực", "kết luận kiểm tra của Ban Thường vụ",
            "xây dựng nông thôn mới nâng cao", "cải cách hành chính trong hệ thống chính trị"]
DELIVERABLES = ["Kế hoạch được ban hành", "Báo cáo kết quả", "Biên bản hội nghị", "Quyết định kiện toàn",
                "Báo cáo sơ kết", "Danh sách rà soát"]
PLACE_FIRST = ["An", "Bình", "Đông", "Tân", "Hòa", "Phú", "Vĩnh", "Thanh", "Minh", "Quang", "Hưng", "Long",
               "Nghĩa", "Đức", "Thái", "Hồng"]
PLACE_SECOND = ["Lâm", "Sơn", "Hải", "Tiến", "Thịnh", "Phong", "Hà", "Lợi", "Châu", "Khê"]
DOC_TYPES = [("KH", "Kế hoạch thực hiện"), ("NQ", "Nghị quyết về"), ("KL", "Kết luận về"),
             ("CT", "Chỉ thị về"), ("TB", "Thông báo kết luận về")]


@dataclass
class ScaleResult:
    logins: list[DemoLogin] = field(default_factory=list)
    units: int = 0
    documents: int = 0
    tasks: int = 0
    reports: int = 0
    audit_events: int = 0


@dataclass
class _Tree:
    root: OrgUnit
    office: OrgUnit
    inspection: OrgUnit
    bodies: list[OrgUnit]
    affiliated: list[OrgUnit]
    communes: list[OrgUnit]
    cells: list[OrgUnit]

    @property
    def all(self) -> list[OrgUnit]:
        return [self.root, *self.bodies, *self.affiliated, *self.communes, *self.cells]


@contextlib.contextmanager
def _historic_timestamps(*models):
    """Let generated rows keep the past creation times we give them (bulk_create honours auto_now)."""
    saved = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@transaction.atomic
def build_province(*, password: str, tasks: int = 20_000, reports: int = 100_000, communes: int = 80,
                   seed: int = 2026, today: datetime.date | None = None) -> ScaleResult:
    if OrgUnit.objects.exists() or Document.objects.exists():
        raise DemoAlreadyBuilt("Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ tạo trên cơ sở dữ liệu trống.")
    rng = random.Random(seed)  # noqa: S311 - repeatable generated data, not security
    today = today or timezone.localdate()
    result = ScaleResult()
    tree = _build_tree(rng, communes)
    result.units = len(tree.all)
    users = _build_accounts(tree, password, result)
    documents = _build_documents(rng, tree, users["vanphong"], today)
    result.documents = len(documents)
    with _historic_timestamps(Task, ProgressReport, AuditEvent):
        task_rows = _build_tasks(rng, tree, users, documents, today, tasks)
        result.tasks = len(task_rows)
        result.reports = _build_reports(rng, task_rows, users, today, reports)
        result.audit_events = _audit_tasks(task_rows, users["vanphong"])
    return result


# --- tree, accounts, documents: through the services -----------------------------------


def _build_tree(rng: random.Random, communes: int) -> _Tree:
    create = org_services.unit_create
    kind = OrgUnit.Kind
    root = create(actor=None, code="tinh-uy", kind=kind.PROVINCIAL_COMMITTEE, name="Tỉnh ủy Hưng Yên",
                  short_name="TU", aliases=["Tỉnh ủy"])
    standing = create(actor=None, code="btv-tinh-uy", kind=kind.STANDING_COMMITTEE,
                      name="Ban Thường vụ Tỉnh ủy", short_name="BTV", parent=root)
    office = create(actor=None, code="van-phong-tinh-uy", kind=kind.ADVISORY_BODY, name="Văn phòng Tỉnh ủy",
                    short_name="VPTU", parent=root)
    bodies = [standing, office]
    for code, name, short in (("ban-to-chuc", "Ban Tổ chức Tỉnh ủy", "BTCTU"),
                              ("ban-tuyen-giao-dan-van", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "BTGDVTU"),
                              ("ban-noi-chinh", "Ban Nội chính Tỉnh ủy", "BNCTU")):
        bodies.append(create(actor=None, code=code, kind=kind.ADVISORY_BODY, name=name, short_name=short,
                             parent=root))
    inspection = create(actor=None, code="ubkt-tinh-uy", kind=kind.INSPECTION_COMMITTEE,
                        name="Ủy ban Kiểm tra Tỉnh ủy", short_name="UBKT", parent=root)
    bodies.append(inspection)
    affiliated = [
        create(actor=None, code=slug(name), kind=kind.AFFILIATED_COMMITTEE, name=name, parent=root)
        for name in ("Đảng ủy UBND tỉnh", "Đảng ủy Các cơ quan Đảng tỉnh", "Đảng ủy Công an tỉnh",
                     "Đảng ủy Quân sự tỉnh")
    ]
    places = rng.sample([f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND], communes)
    commune_units = []
    for n, place in enumerate(places):
        level = "phường" if n % 5 == 0 else "xã"
        commune_units.append(create(actor=None, code=slug(f"{level} {place}"), kind=kind.COMMUNE_COMMITTEE,
                                    name=f"Đảng ủy {level} {place}", parent=root,
                                    aliases=[f"{level} {place}"]))
    cells = [
        create(actor=None, code=f"{commune.code}-chi-bo-{n}", kind=kind.BRANCH,
               name=f"Chi bộ thôn {n}, {commune.name.removeprefix('Đảng ủy ')}", parent=commune)
        for commune in commune_units[:2] for n in range(1, 6)
    ]
    return _Tree(root, office, inspection, bodies, affiliated, commune_units, cells)


def _build_accounts(tree: _Tree, password: str, result: ScaleResult) -> dict:
    user_model = get_user_model()
    role, kinds = Position.AccessRole, Position.Kind
    specs = [
        ("quantri", "Quản Trị Hệ Thống", tree.office, kinds.SPECIALIST, role.OFFICE),
        ("vanphong", "Nguyễn Thị Thu Hà", tree.office, kinds.SPECIALIST, role.OFFICE),
        ("lanhdao", "Trần Văn Quang", tree.root, kinds.DEPUTY_SECRETARY, role.LEADER),
    ]
    specs += [(f"daumoi{n:02d}", f"Đầu mối {unit.name}", unit, kinds.FOCAL_POINT, role.UNIT_STAFF)
              for n, unit in enumerate(tree.communes[:3], start=1)]
    users = {}
    for username, full_name, unit, kind, access_role in specs:
        if username == "quantri":
            user = user_model.objects.create_superuser(username=username, password=password)
        else:
            user = user_model.objects.create_user(username=username, password=password)
        person = org_services.person_create(actor=None, full_name=full_name, user=user)
        org_services.position_assign(actor=None, person=person, unit=unit, kind=kind, access_role=access_role)
        users[username] = user
        label = "Quản trị hệ thống" if username == "quantri" else Position.AccessRole(access_role).label
        result.logins.append(DemoLogin(username, label, unit.name))
    # Heads who sign reports and answer for tasks, without accounts.
    heads = {}
    for unit in (tree.root, tree.office, *tree.affiliated, *tree.communes):
        kind = kinds.HEAD if unit.kind == OrgUnit.Kind.ADVISORY_BODY else kinds.SECRETARY
        person = org_services.person_create(actor=None, full_name=f"Bí thư {unit.name}"
                                            if kind == kinds.SECRETARY else "Lê Minh Châu")
        org_services.position_assign(actor=None, person=person, unit=unit, kind=kind,
                                     title="Chánh Văn phòng" if unit == tree.office else "")
        heads[unit.pk] = person
    users["_heads"] = heads
    return users


def _build_documents(rng: random.Random, tree: _Tree, office_user, today: datetime.date) -> list[Document]:
    types = {code: DocumentType.objects.get(code=code) for code, _ in DOC_TYPES}
    documents = []
    numbers = dict.fromkeys(types, 0)
    # Issued over the 20 months before the first generated deadlines fall due.
    first_issue = today - datetime.timedelta(days=600)
    span = 540
    for n in range(100):
        code, lead = DOC_TYPES[n % len(DOC_TYPES)]
        numbers[code] += 1
        subject = SUBJECTS[n % len(SUBJECTS)]
        documents.append(document_services.document_register(
            actor=office_user, registered_unit=tree.office, doc_type=types[code],
            symbol=f"{numbers[code]:02d}-{code}/TU",
            issue_date=first_issue + datetime.timedelta(days=n * span // 100),
            issuer_name="Ban Thường vụ Tỉnh ủy", issuer_unit=tree.bodies[0],
            direction=Document.Direction.ISSUED, title=f"{lead.split()[-1]} {subject} (đợt {n // 10 + 1})",
        ))
    return documents


# --- tasks and reports: generated, bulk-inserted ----------------------------------------


@dataclass
class _TaskRow:
    task: Task
    outcome: str  # done_on_time, done_late, overdue, in_progress, not_started, suspended, cancelled
    reporter: object


def _pick_lead(rng: random.Random, tree: _Tree) -> OrgUnit:
    draw = rng.random()
    if draw < 0.70:
        return rng.choice(tree.communes)
    if draw < 0.82:
        return rng.choice(tree.affiliated)
    if draw < 0.92:
        return rng.choice(tree.bodies[1:])
    if draw < 0.97:
        return rng.choice(tree.cells)
    return rng.choice([tree.root, tree.bodies[0]])


def _outcome(rng: random.Random, deadline: datetime.date, today: datetime.date, unit_skill: float) -> str:
    """Past deadlines: mostly done; a weaker unit is late or overdue more often. Future: mostly open."""
    draw = rng.random()
    if draw < 0.02:
        return "cancelled"
    if draw < 0.05:
        return "suspended"
    draw = rng.random()
    if deadline < today:
        if draw < 0.55 + 0.3 * unit_skill:
            return "done_on_time"
        if draw < 0.75 + 0.15 * unit_skill:
            return "done_late"
        return "overdue"
    if draw < 0.12:
        return "done_on_time"
    return "in_progress" if draw < 0.6 else "not_started"


def _build_tasks(rng, tree: _Tree, users: dict, documents: list, today: datetime.date, count: int) -> list:
    office_user = users["vanphong"]
    heads = users["_heads"]
    leader_person = Person.objects.get(user=users["lanhdao"])
    skill = {unit.pk: rng.random() for unit in tree.all}
    reporters = {}
    for n, commune in enumerate(tree.communes[:3], start=1):
        reporters[commune.pk] = users[f"daumoi{n:02d}"]
    tz = timezone.get_current_timezone()
    rows: list[_TaskRow] = []
    documents = sorted(documents, key=lambda d: d.issue_date)
    issued = [d.issue_date for d in documents]
    for n in range(count):
        lead = _pick_lead(rng, tree)
        deadline = today + datetime.timedelta(days=rng.randint(-540, 240))
        # A task comes from a document issued at least a month before its deadline.
        eligible = bisect.bisect_right(issued, deadline - datetime.timedelta(days=30)) or 1
        document = documents[rng.randrange(eligible)]
        created_day = min(document.issue_date + datetime.timedelta(days=rng.randint(1, 20)),
                          deadline - datetime.timedelta(days=7))
        created = datetime.datetime.combine(created_day, datetime.time(8, rng.randint(0, 59)), tz)
        task = Task(
            content=f"{rng.choice(ACTIONS)} {rng.choice(SUBJECTS)} ({n + 1})",
            lead_unit=lead, deadline=deadline, due_date=deadline,
            accountable_person=heads.get(lead.pk, leader_person),
            deliverable=rng.choice(DELIVERABLES),
            authority_unit=tree.office if lead.parent_id == tree.root.pk else lead.parent,
            field=rng.choice(FIELDS), source_document=document, source_clause=f"Mục {rng.randint(1, 6)}",
            assigned_by_unit=tree.root, created_by=office_user, created_at=created, updated_at=created,
        )
        outcome = _outcome(rng, deadline, today, skill[lead.pk])
        if outcome == "done_on_time":
            early = deadline - datetime.timedelta(days=rng.randint(0, 25))
            task.completed_on = max(created_day, min(early, today))
        elif outcome == "done_late":
            task.completed_on = min(deadline + datetime.timedelta(days=rng.randint(1, 60)), today)
        if task.completed_on is not None:
            task.progress_percent = 100
        when = datetime.datetime.combine(min(deadline, today), datetime.time(15, 0), tz)
        if outcome == "suspended":
            task.suspended_at, task.suspend_reason = when, "Chờ kiện toàn tổ chức sau sắp xếp"
        elif outcome == "cancelled":
            task.cancelled_at, task.cancel_reason = when, "Giao trùng nội dung với văn bản khác"
        task.search_text = fold(" ".join(p for p in (
            task.content, task.deliverable, task.field, task.source_clause, lead.name, lead.short_name,
            document.symbol) if p))
        rows.append(_TaskRow(task, outcome, reporters.get(lead.pk, office_user)))
    for start in range(0, len(rows), BATCH):
        Task.objects.bulk_create([r.task for r in rows[start:start + BATCH]], batch_size=BATCH)
    through = Task.coordinating_units.through
    links = []
    for row in rows:
        if rng.random() < 0.2:
            other = rng.choice(tree.communes + tree.affiliated)
            if other.pk != row.task.lead_unit_id:
                links.append(through(task_id=row.task.pk, orgunit_id=other.pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    return rows


_REPORTS_PER_OUTCOME = {"done_on_time": (4, 9), "done_late": (4, 9), "overdue": (0, 5), "in_progress": (2, 8),
                        "suspended": (1, 3), "cancelled": (0, 2), "not_started": (0, 0)}


def _build_reports(rng, rows: list, users: dict, today: datetime.date, target: int) -> int:
    """Progress reports ending, for done tasks, in an accepted 100% report on the completion day."""
    reviewer = users["vanphong"]
    tz = timezone.get_current_timezone()
    planned = [rng.randint(*_REPORTS_PER_OUTCOME[r.outcome]) for r in rows]
    # Scale the draws so the total lands close to the target.
    total = sum(planned) or 1
    planned = [round(n * target / total) for n in planned]
    if rows and planned:
        planned[0] += target - sum(planned)
        planned[0] = max(planned[0], 0)
    batch: list[ProgressReport] = []
    touched: list[Task] = []
    written = 0
    for row, count in zip(rows, planned, strict=True):
        task = row.task
        if row.outcome == "not_started" or count == 0:
            continue
        start = task.created_at.date()
        end = task.completed_on or min(today, task.due_date if row.outcome != "overdue" else today)
        end = max(end, start)
        span = (end - start).days
        days = sorted(start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count))
        if task.completed_on is not None:
            days[-1] = task.completed_on
        accepted_percent = 0
        last = None
        for index, day in enumerate(days):
            final = task.completed_on is not None and index == count - 1
            percent = 100 if final else min(95, 10 + (80 * (index + 1)) // count)
            submitted = datetime.datetime.combine(day, datetime.time(9 + index % 8, rng.randint(0, 59)), tz)
            review = ProgressReport.Review.ACCEPTED if final or rng.random() < 0.7 else (
                ProgressReport.Review.PENDING if index == count - 1 else ProgressReport.Review.RETURNED)
            pending = review == ProgressReport.Review.PENDING
            reviewed = None if pending else submitted + datetime.timedelta(days=1)
            if review == ProgressReport.Review.ACCEPTED:
                accepted_percent = percent
            batch.append(ProgressReport(
                task=task, percent=percent,
                narrative=f"Báo cáo lần {index + 1}: đã thực hiện {percent}% khối lượng.",
                submitted_by=row.reporter, submitted_at=submitted, unit_id=task.lead_unit_id, review=review,
                reviewed_by=reviewer if reviewed else None, reviewed_at=reviewed,
                review_comment="Đạt yêu cầu." if review == ProgressReport.Review.ACCEPTED else (
                    "Đề nghị bổ sung minh chứng." if review == ProgressReport.Review.RETURNED else ""),
                created_at=submitted, updated_at=reviewed or submitted,
            ))
            last = submitted
        task.last_report_at = last
        if task.completed_on is None:
            task.progress_percent = accepted_percent
        touched.append(task)
        if len(batch) >= BATCH:
            ProgressReport.objects.bulk_create(batch, batch_size=BATCH)
            written += len(batch)
            batch = []
    if batch:
        ProgressReport.objects.bulk_create(batch, batch_size=BATCH)
        written += len(batch)
    Task.objects.bulk_update(touched, ["last_report_at", "progress_percent"], batch_size=BATCH)
    return written


def _audit_tasks(rows: list, actor) -> int:
    """One bulk "import" audit row per generated task, linked to its units like a service's entry."""
    through = AuditEvent.units.through
    label = f"{SOURCE_LABEL} ({actor.get_username()})"
    written = 0
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        events = AuditEvent.objects.bulk_create([
            AuditEvent(actor=actor, actor_label=label, action=AuditEvent.Action.IMPORT,
                       object_type="tasks.task", object_id=str(r.task.pk), object_repr=str(r.task)[:300],
                       at=r.task.created_at,
                       after={"source": SOURCE_LABEL, "lead_unit": r.task.lead_unit_id,
                              "deadline": r.task.deadline.isoformat()})
            for r in chunk
        ])
        through.objects.bulk_create([
            through(auditevent_id=event.pk, orgunit_id=unit_id)
            for event, r in zip(events, chunk, strict=True)
            for unit_id in {r.task.lead_unit_id, r.task.assigned_by_unit_id}
        ])
        written += len(events)
    return written
