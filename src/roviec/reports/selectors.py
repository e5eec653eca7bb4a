"""Reads for dashboards, rankings and status reports, always through the user's scope.

Every figure comes from a handful of ``GROUP BY`` queries over tasks annotated
with their derived status (``tasks.status.with_status``); Python only rolls the
grouped rows (one per unit, month and status) up the organisation tree.
Pages, the API and the DOCX/XLSX exports all read the same ``Dashboard``, so a
number printed in an export is the number shown on screen.
"""

import dataclasses
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from roviec.core import scoping
from roviec.core.errors import NotFoundError
from roviec.core.text import vietnamese_sort_key
from roviec.orgs.models import OrgUnit
from roviec.reports import grading
from roviec.reports.periods import Period, add_months, make_period
from roviec.tasks.models import Task
from roviec.tasks.status import TaskStatus, with_status

DUE_SOON_DAYS = (7, 30)
LIST_LIMIT = 20
_NOT_YET_DUE = (TaskStatus.NOT_STARTED.value, TaskStatus.IN_PROGRESS.value)


_STATUS_CODES = tuple(TaskStatus.values)


class Tally:
    """Counts by status of a set of tasks, and the follow-up figures derived from them.

    Figures are computed once: a province dashboard reads a few thousand of them.
    """

    __slots__ = (
        "cancelled",
        "counts",
        "done_late",
        "done_on_time",
        "due",
        "on_time_percent",
        "on_time_rate",
        "overdue",
        "suspended",
        "total",
        "within_deadline",
    )

    def __init__(self, counts: dict | None = None):
        counts = counts or {}
        self.counts = {code: int(counts.get(code, 0)) for code in _STATUS_CODES}
        get = self.counts.__getitem__
        self.done_on_time = get("done_on_time")
        self.done_late = get("done_late")
        self.overdue = get("overdue")
        # Not done, deadline not passed (started or not).
        self.within_deadline = get("not_started") + get("in_progress")
        self.suspended = get("suspended")
        self.cancelled = get("cancelled")
        # Live tasks: everything but cancelled ones.
        self.total = sum(self.counts.values()) - self.cancelled
        # Tasks whose outcome is known: done (on time or late) or past their deadline.
        self.due = self.done_on_time + self.done_late + self.overdue
        self.on_time_rate = self.done_on_time / self.due if self.due else None
        self.on_time_percent = None if self.on_time_rate is None else round(self.on_time_rate * 100)

    @classmethod
    def of(cls, counter) -> "Tally":
        return cls(counter)

    def count(self, code: str) -> int:
        return self.counts.get(code, 0)

    def __repr__(self) -> str:
        return f"Tally({self.counts})"

    def as_dict(self) -> dict:
        return {"counts": dict(self.counts), "total": self.total, "done_on_time": self.done_on_time,
                "done_late": self.done_late, "within_deadline": self.within_deadline,
                "overdue": self.overdue, "suspended": self.suspended, "cancelled": self.cancelled,
                "due": self.due, "on_time_percent": self.on_time_percent}


@dataclass(frozen=True)
class ReportFilters:
    unit: OrgUnit | None = None
    source_document: object = None
    field: str = ""
    period: Period = dataclasses.field(default_factory=lambda: make_period("year", timezone.localdate().year))


@dataclass
class UnitRow:
    unit: OrgUnit
    tally: Tally
    # True for the row counting tasks the selected unit leads itself (not its subtree).
    direct: bool = False


@dataclass
class RankedRow:
    rank: int | None
    unit: OrgUnit
    tally: Tally
    basis: str


@dataclass
class LateUnit:
    unit: OrgUnit
    overdue: int
    done_late: int


@dataclass
class Dashboard:
    today: datetime.date
    filters: ReportFilters
    selected: OrgUnit | None
    total: Tally
    rows: list[UnitRow]
    late_units: list[LateUnit]
    months: list[datetime.date]
    heatmap: list[tuple[UnitRow, list[Tally]]]
    trend: list[tuple[datetime.date, Tally]]
    overdue: list[Task]
    due_soon: list[Task]
    due_soon_counts: dict[int, int]


@dataclass
class _Scope:
    """The units a report covers: the selected unit's subtree, or the whole scope."""

    units: dict[int, OrgUnit]
    selected: OrgUnit | None
    top: list[OrgUnit]  # the rows of per-unit tables

    @property
    def unit_ids(self) -> list[int]:
        return list(self.units)


def _today(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def _name_key(unit: OrgUnit):
    return vietnamese_sort_key(unit.name)


def report_units(user) -> list[OrgUnit]:
    """Units the user may report on, in tree order (for filter lists)."""
    return list(scoping.visible_units(user).only("id", "name", "short_name", "path", "parent_id", "kind")
                .order_by("path"))


def report_unit_get(*, user, pk) -> OrgUnit:
    try:
        return scoping.visible_units(user).get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy đơn vị.") from None


def _resolve_scope(user, unit: OrgUnit | None, units: list[OrgUnit] | None = None) -> _Scope:
    units = units if units is not None else report_units(user)
    by_id = {u.pk: u for u in units}
    if unit is not None and unit.pk not in by_id:
        raise NotFoundError("Không tìm thấy đơn vị.")
    roots = [u for u in units if u.parent_id not in by_id]
    selected = unit if unit is not None else (roots[0] if len(roots) == 1 else None)
    if selected is None:
        return _Scope(units=by_id, selected=None, top=sorted(roots, key=_name_key))
    subtree = {pk: u for pk, u in by_id.items() if u.path.startswith(selected.path)}
    children = [u for u in subtree.values() if u.parent_id == selected.pk]
    return _Scope(units=subtree, selected=by_id[selected.pk], top=sorted(children, key=_name_key))


def _filtered_tasks(user, scope: _Scope, filters: ReportFilters, today: datetime.date) -> QuerySet:
    """Tasks led inside the covered units, status annotated, filtered by document, field and period.

    Leading units stand for the tasks in reports: a task a commune only
    coordinates is counted for the unit that leads it.
    """
    # The subtree of a unit taken from ``scoping.visible_units`` lies inside
    # the scope, and a task led there is always in ``scoping.visible_tasks``
    # (tested); filtering on the lead unit's path alone applies the scope
    # without the joins of the general visibility rule, and lets the database
    # use the due_date index for the lists.
    if scope.selected is not None:
        tasks = Task.objects.filter(lead_unit__path__startswith=scope.selected.path)
    else:
        tasks = Task.objects.filter(scoping.scope_for(user).unit_q("lead_unit__"), lead_unit__isnull=False)
    tasks = with_status(tasks, today)
    if filters.source_document is not None:
        tasks = tasks.filter(source_document=filters.source_document)
    if filters.field:
        tasks = tasks.filter(field=filters.field)
    if filters.period.start is not None:
        tasks = tasks.filter(due_date__gte=filters.period.start, due_date__lte=filters.period.end)
    return tasks


def _counts_by_unit(tasks: QuerySet, months: list[datetime.date] = ()):
    """Counts by lead unit and status, and by month due when ``months`` is given, in one grouped query.

    Months are counted with filtered aggregates (COUNT ... FILTER) rather than
    a month truncation, which SQLite would run as a Python function per row.
    """
    per_unit: dict[int, Counter] = defaultdict(Counter)
    per_unit_month: dict[int, list[Counter]] = defaultdict(lambda: [Counter() for _ in months])
    bounds = [*months, add_months(months[-1], 1)] if months else []
    monthly = {f"m{i}": Count("id", filter=Q(due_date__gte=bounds[i], due_date__lt=bounds[i + 1]))
               for i in range(len(months))}
    for row in tasks.order_by().values("lead_unit_id", "status").annotate(n=Count("id"), **monthly):
        unit_id, status = row["lead_unit_id"], row["status"]
        per_unit[unit_id][status] += row["n"]
        for i in range(len(months)):
            if row[f"m{i}"]:
                per_unit_month[unit_id][i][status] += row[f"m{i}"]
    return per_unit, per_unit_month


def _roll_up(scope: _Scope, per_unit: dict) -> list[tuple[OrgUnit, bool, Counter]]:
    """Sum per-unit counters into rows: the selected unit itself, then each top unit's subtree."""
    rows: list[tuple[OrgUnit, bool, Counter]] = []
    if scope.selected is not None:
        rows.append((scope.selected, True, Counter(per_unit.get(scope.selected.pk, {}))))
    index = {u.pk: len(rows) + i for i, u in enumerate(scope.top)}
    rows.extend((u, False, Counter()) for u in scope.top)
    for unit_id, counter in per_unit.items():
        unit = scope.units.get(unit_id)
        if unit is None or (scope.selected is not None and unit_id == scope.selected.pk):
            continue
        for top in scope.top:
            if unit.path.startswith(top.path):
                rows[index[top.pk]][2].update(counter)
                break
    return rows


def dashboard(*, user, filters: ReportFilters, today: datetime.date | None = None,
              limit: int = LIST_LIMIT) -> Dashboard:
    """Everything the dashboard, its API and the exports show, for one set of filters."""
    today = _today(today)
    scope = _resolve_scope(user, filters.unit)
    tasks = _filtered_tasks(user, scope, filters, today)

    months = filters.period.months(today)
    per_unit, per_unit_month = _counts_by_unit(tasks, months)
    rolled = _roll_up(scope, per_unit)
    rows = [UnitRow(unit, Tally.of(counter), direct) for unit, direct, counter in rolled
            if not direct or sum(counter.values())]
    total = Tally.of(sum(per_unit.values(), Counter()))
    late_units = sorted(
        (LateUnit(scope.units[pk], c[TaskStatus.OVERDUE], c[TaskStatus.DONE_LATE])
         for pk, c in per_unit.items() if pk in scope.units
         and (c[TaskStatus.OVERDUE] or c[TaskStatus.DONE_LATE])),
        key=lambda late: (-late.overdue, -late.done_late, _name_key(late.unit)),
    )

    heatmap, trend = _monthly(scope, per_unit_month, rows, months)

    open_soon = tasks.filter(status__in=_NOT_YET_DUE, due_date__gte=today,
                             due_date__lte=today + datetime.timedelta(days=max(DUE_SOON_DAYS)))
    soon_counts = open_soon.aggregate(**{
        f"d{days}": Count("id", filter=Q(due_date__lte=today + datetime.timedelta(days=days)))
        for days in DUE_SOON_DAYS
    })
    # "Overdue" implies a past date due; saying so lets the database use the due_date index.
    overdue_tasks = tasks.filter(due_date__lt=today, status=TaskStatus.OVERDUE)
    overdue = list(_with_related(overdue_tasks).order_by("due_date", "id")[:limit])
    for task in overdue:
        task.days_late = (today - task.due_date).days
    due_soon = list(_with_related(open_soon).order_by("due_date", "id")[:limit])
    for task in due_soon:
        task.days_left = (task.due_date - today).days
    return Dashboard(
        today=today, filters=filters, selected=scope.selected, total=total, rows=rows,
        late_units=late_units, months=months, heatmap=heatmap, trend=trend, overdue=overdue,
        due_soon=due_soon, due_soon_counts={days: soon_counts[f"d{days}"] or 0 for days in DUE_SOON_DAYS},
    )


def _with_related(tasks: QuerySet) -> QuerySet:
    return tasks.select_related("lead_unit", "source_document", "source_document__doc_type")


def _monthly(scope: _Scope, per_unit_month: dict, rows: list[UnitRow], months: list[datetime.date]):
    """Per row and month due (the heatmap), and per month (the trend), from the grouped counts."""
    row_of_unit: dict[int, int] = {}
    for unit_id, unit in scope.units.items():
        for i, row in enumerate(rows):
            if row.direct and unit_id == row.unit.pk:
                row_of_unit[unit_id] = i
                break
            if not row.direct and unit.path.startswith(row.unit.path):
                row_of_unit[unit_id] = i
                break
    cells = [[Counter() for _ in months] for _ in rows]
    per_month = [Counter() for _ in months]
    for unit_id, counters in per_unit_month.items():
        row_index = row_of_unit.get(unit_id)
        for column, counter in enumerate(counters):
            per_month[column].update(counter)
            if row_index is not None:
                cells[row_index][column].update(counter)
    heatmap = [(row, [Tally.of(c) for c in row_cells]) for row, row_cells in zip(rows, cells, strict=True)]
    trend = [(month, Tally.of(c)) for month, c in zip(months, per_month, strict=True)]
    return heatmap, trend


def _rank_key(tally: Tally):
    return (-(tally.on_time_rate or 0.0), tally.overdue, tally.done_late)


def unit_ranking(*, user, filters: ReportFilters, today: datetime.date | None = None) -> list[RankedRow]:
    """The units below the selected one (or the scope's top units) ranked on their results in the period.

    Ranked on the share of due tasks done on time, then fewer overdue, then
    fewer done late; equal results share a rank. Units with nothing due in
    the period are listed last, unranked.
    """
    today = _today(today)
    scope = _resolve_scope(user, filters.unit)
    per_unit, _ = _counts_by_unit(_filtered_tasks(user, scope, filters, today))
    rolled = [(unit, Tally.of(counter)) for unit, direct, counter in _roll_up(scope, per_unit) if not direct]
    ranked = sorted((r for r in rolled if r[1].due), key=lambda r: (_rank_key(r[1]), _name_key(r[0])))
    result: list[RankedRow] = []
    previous = None
    for position, (unit, tally) in enumerate(ranked, start=1):
        rank = result[-1].rank if previous == _rank_key(tally) else position
        previous = _rank_key(tally)
        result.append(RankedRow(rank, unit, tally, grading.progress_basis(tally)))
    unranked = sorted((r for r in rolled if not r[1].due), key=lambda r: _name_key(r[0]))
    result.extend(RankedRow(None, unit, tally, grading.progress_basis(tally)) for unit, tally in unranked)
    return result


def field_choices(user) -> list[str]:
    """The fields (lĩnh vực) of tasks the user may see, for the filter list."""
    fields = (scoping.visible_tasks(user).exclude(field="").order_by().values_list("field", flat=True)
              .distinct())
    return sorted(set(fields), key=vietnamese_sort_key)


def document_choices(user) -> QuerySet:
    """Documents in scope that tasks were assigned from."""
    with_tasks = Task.objects.filter(source_document__isnull=False).values("source_document_id")
    return (scoping.visible_documents(user).filter(pk__in=with_tasks).select_related("doc_type")
            .order_by("-issue_date", "-id"))


def visible_report_units(user) -> QuerySet:
    return scoping.visible_units(user).order_by("path")


def top_report_unit(user) -> OrgUnit | None:
    """The unit a report covers when none is chosen: the user's single top unit, if there is one."""
    return _resolve_scope(user, None).selected


@dataclass
class PublishedView:
    """A published ranking as one user may read it: every row, or only their own units' rows."""

    publication: object
    rows: list[dict]
    complete: bool
    ranked_count: int


def published_rankings(user) -> QuerySet:
    """Publications about units in the user's scope, or in which one of the user's units is ranked."""
    from roviec.reports.models import PublishedRanking

    scope = scoping.scope_for(user)
    visible = scoping.visible_units(user)
    if scope.everything:
        return PublishedRanking.objects.select_related("unit", "published_by").all()
    mine = PublishedRanking.objects.filter(ranked_units__in=visible).values("pk")
    return (PublishedRanking.objects.filter(Q(unit__in=visible) | Q(pk__in=mine))
            .select_related("unit", "published_by"))


def published_ranking_get(*, user, pk) -> PublishedView:
    """One publication; a unit outside its scope reads its own rows and rank only, never others' figures."""
    from roviec.reports.models import PublishedRanking

    try:
        publication = published_rankings(user).get(pk=pk)
    except (PublishedRanking.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy kết quả xếp hạng.") from None
    scope = scoping.scope_for(user)
    complete = scope.covers(publication.unit)
    rows = publication.rows
    if not complete:
        own = set(scoping.visible_units(user).values_list("pk", flat=True))
        rows = [row for row in rows if row["unit_id"] in own]
    ranked_count = sum(1 for row in publication.rows if row["rank"])
    return PublishedView(publication, rows, complete, ranked_count)
