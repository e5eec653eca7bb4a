"""Reads of tasks and reports, always through the user's scope (``core.scoping``)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from roviec.core import scoping
from roviec.core.errors import NotFoundError
from roviec.core.text import fold
from roviec.orgs.models import OrgUnit, Person, Position
from roviec.tasks.clarities import Clarity, missing_q
from roviec.tasks.models import EvidenceFile, ProgressReport, Task
from roviec.tasks.status import OPEN_STATUSES, TaskStatus, status_expression, with_status

DUE_SOON_DAYS = 14


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _list_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "lead_unit", "assigned_by_unit", "source_document", "source_document__doc_type",
        "accountable_person", "authority_unit", "authority_person",
    )


def task_list(*, user, q: str = "", unit=None, status: str = "", deadline_from: datetime.date | None = None,
              deadline_to: datetime.date | None = None, source_document=None, missing_clarity: str = "",
              field: str = "", today: datetime.date | None = None) -> QuerySet:
    """Tasks the user may see, annotated with ``status``, filtered as asked.

    ``unit`` matches tasks led by the unit or any unit below it; the deadline
    range applies to the next date due.
    """
    tasks = with_status(scoping.visible_tasks(user), _today(today))
    for word in fold(q).split():
        tasks = tasks.filter(search_text__contains=word)
    if unit is not None:
        tasks = tasks.filter(lead_unit__path__startswith=unit.path)
    if status:
        tasks = tasks.filter(status=status)
    if deadline_from is not None:
        tasks = tasks.filter(due_date__gte=deadline_from)
    if deadline_to is not None:
        tasks = tasks.filter(due_date__lte=deadline_to)
    if source_document is not None:
        tasks = tasks.filter(source_document=source_document)
    if missing_clarity:
        tasks = tasks.filter(missing_q(missing_clarity))
    if field:
        tasks = tasks.filter(field=field)
    return _list_related(tasks).order_by("due_date", "id")


def task_get(*, user, pk, today: datetime.date | None = None) -> Task:
    """One task in the user's scope, with its status; NotFoundError otherwise (also outside scope)."""
    try:
        return (with_status(_list_related(scoping.visible_tasks(user)), _today(today))
                .select_related("responsible_person", "parent", "created_by")
                .prefetch_related("coordinating_units").get(pk=pk))
    except (Task.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy nhiệm vụ.") from None


def task_children(*, user, task: Task, today: datetime.date | None = None) -> list[Task]:
    """Visible sub-tasks with their status, so a parent shows which children are late."""
    children = with_status(scoping.visible_tasks(user).filter(parent=task), _today(today))
    return list(children.select_related("lead_unit").order_by("due_date", "id"))


def status_counts(tasks: QuerySet) -> dict[str, int]:
    """Count a status-annotated queryset by status, every status present (zero if none)."""
    rows = tasks.order_by().values("status").annotate(n=Count("id"))
    counts = {code: 0 for code in TaskStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def status_count_rows(counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(code, label, count) in the canonical order, for templates and the API."""
    return [(choice.value, choice.label, counts.get(choice.value, 0)) for choice in TaskStatus]


def reports_awaiting_review(user) -> QuerySet:
    """Pending reports the user may accept: the SQL twin of ``scoping.can_review_reports``."""
    scope = scoping.scope_for(user)
    reports = scoping.visible_reports(user).filter(review=ProgressReport.Review.PENDING,
                                                   task__cancelled_at__isnull=True)
    if not scope.everything:
        allowed = Q(task__authority_unit__isnull=False) & scope.unit_q(
            "task__authority_unit__", roles=(scoping.ROLE_OFFICE, scoping.ROLE_LEADER))
        if scope.person_id is not None:
            allowed |= Q(task__authority_person_id=scope.person_id)
        reports = reports.filter(allowed)
    return reports.select_related("task", "task__lead_unit", "unit", "submitted_by").order_by("submitted_at")


@dataclass
class MyTasks:
    due_soon: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    to_accept: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)


def my_tasks(*, user, today: datetime.date | None = None, limit: int = 50) -> MyTasks:
    """The dashboard: what falls due in the next two weeks, what is late, what awaits my acceptance."""
    today = _today(today)
    tasks = with_status(scoping.visible_tasks(user), today)
    due_soon = _list_related(tasks.filter(
        status__in=[s.value for s in OPEN_STATUSES],
        due_date__gte=today, due_date__lte=today + datetime.timedelta(days=DUE_SOON_DAYS),
    )).order_by("due_date", "id")
    overdue = _list_related(tasks.filter(status=TaskStatus.OVERDUE)).order_by("due_date", "id")
    return MyTasks(
        due_soon=list(due_soon[:limit]),
        overdue=list(overdue[:limit]),
        to_accept=list(reports_awaiting_review(user)[:limit]),
        counts=status_counts(tasks),
    )


@dataclass
class UnitOverview:
    unit: object
    counts: dict
    children: list  # (child unit, counts)
    total: int


def unit_overview(*, user, unit_pk, today: datetime.date | None = None) -> UnitOverview:
    """Counts by status of the tasks led within a unit's subtree, and per direct child unit."""
    try:
        unit = scoping.visible_units(user).get(pk=unit_pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy đơn vị.") from None
    children = list(unit.children.order_by("path"))
    rows = (scoping.visible_tasks(user).filter(lead_unit__path__startswith=unit.path)
            .annotate(status=status_expression(_today(today)))
            .order_by().values("lead_unit__path", "status").annotate(n=Count("id")))
    total = Counter()
    per_child = {child.pk: Counter() for child in children}
    for row in rows:
        total[row["status"]] += row["n"]
        for child in children:
            if row["lead_unit__path"].startswith(child.path):
                per_child[child.pk][row["status"]] += row["n"]
                break

    def full(counter: Counter) -> dict:
        return {code: counter.get(code, 0) for code in TaskStatus.values}

    return UnitOverview(unit=unit, counts=full(total),
                        children=[(child, full(per_child[child.pk])) for child in children],
                        total=sum(total.values()))


def report_list(*, user, task: Task) -> QuerySet:
    return (scoping.visible_reports(user).filter(task=task)
            .select_related("submitted_by", "submitted_by__person", "unit", "reviewed_by",
                            "reviewed_by__person")
            .prefetch_related(Prefetch("evidence", queryset=EvidenceFile.objects.order_by("id")))
            .order_by("-submitted_at", "-id"))


def report_get(*, user, pk) -> ProgressReport:
    try:
        return scoping.visible_reports(user).select_related("task").get(pk=pk)
    except (ProgressReport.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy báo cáo.") from None


def evidence_get(*, user, pk) -> EvidenceFile:
    """An evidence file the user may download: its report's task must be in scope."""
    try:
        return EvidenceFile.objects.select_related("report").get(
            pk=pk, report__in=scoping.visible_reports(user).values("pk"))
    except (EvidenceFile.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy tệp minh chứng.") from None


def clarity_choices() -> list[tuple[str, str]]:
    return list(Clarity.choices)


# --- units and people a task may name ------------------------------------------------
# The services enforce these sets (``services._validate_references``); the forms offer them.

# Bodies that act for the committee above them: a superior committee's standing committee,
# office or inspection committee may be a task's authority.
SERVING_KINDS = (OrgUnit.Kind.STANDING_COMMITTEE, OrgUnit.Kind.ADVISORY_BODY,
                 OrgUnit.Kind.INSPECTION_COMMITTEE)


def _ancestor_paths(paths) -> set[str]:
    return {"/" + "/".join(parts[:i]) + "/" for path in paths
            for parts in [path.strip("/").split("/")] for i in range(1, len(parts) + 1)}


def authority_units(user) -> QuerySet:
    """Units a user may name as a task's authority: their scope, the committees above it and the
    standing committee, office and inspection committee serving those committees."""
    scope = scoping.scope_for(user)
    if scope.everything:
        return OrgUnit.objects.all()
    above = _ancestor_paths(scope.paths)
    return OrgUnit.objects.filter(scope.unit_q() | Q(path__in=above)
                                  | Q(parent__path__in=above, kind__in=SERVING_KINDS))


def people_in_units(units: QuerySet) -> QuerySet:
    """People who hold, or held, a position in one of ``units``."""
    positions = Position.objects.filter(unit__in=units.values("pk"))
    return Person.objects.filter(pk__in=positions.values("person_id"))
