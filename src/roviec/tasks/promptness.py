"""Update promptness: how many working days a lead unit takes to send its first progress report.

Provincial follow-up rules give units a few working days after a document
arrives to report how they will carry out a task. For each task the clock
starts when the task is assigned, or earlier when the lead unit itself
registered the source document (it had the document from then); it stops at the
first progress report, whatever became of it. Days are counted on the
Vietnamese working-day calendar (``roviec.engine.calendar``: weekends and public
holidays, lunar Tết included). The limit is ``settings.ROVIEC_FIRST_UPDATE_WORKING_DAYS``
(default 5). A task still without a report counts as late once its limit has passed.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from roviec.core import scoping
from roviec.core.text import vietnamese_sort_key
from roviec.core.workdays import work_calendar
from roviec.engine.calendar import DEFAULT_CALENDAR, WorkCalendar

DEFAULT_LIMIT_WORKING_DAYS = 5


def first_update_limit() -> int:
    return int(getattr(settings, "ROVIEC_FIRST_UPDATE_WORKING_DAYS", DEFAULT_LIMIT_WORKING_DAYS))


def working_days_between(
    start: datetime.date, end: datetime.date, calendar: WorkCalendar = DEFAULT_CALENDAR
) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not later)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            count += 1
    return count


@dataclass
class FirstUpdate:
    task: object
    started_on: datetime.date
    reported_on: datetime.date | None
    working_days: int  # to the first report, or so far when there is none
    late: bool

    @property
    def pending(self) -> bool:
        return self.reported_on is None


@dataclass
class UnitPromptness:
    unit: object
    measured: int = 0  # tasks with a first report
    on_time: int = 0
    late: int = 0  # first report after the limit
    missing_late: int = 0  # no report yet, limit passed
    waiting: int = 0  # no report yet, still within the limit
    days: list = field(default_factory=list)

    @property
    def mean_days(self) -> float | None:
        return round(sum(self.days) / len(self.days), 1) if self.days else None

    @property
    def on_time_percent(self) -> int | None:
        judged = self.measured + self.missing_late
        return round(100 * self.on_time / judged) if judged else None


@dataclass
class Promptness:
    limit: int
    units: list  # UnitPromptness, slowest first
    late: list  # FirstUpdate, latest first


def _started_on(task) -> datetime.date:
    assigned = timezone.localdate(task.created_at)
    document = task.source_document
    if document is not None and document.registered_unit_id == task.lead_unit_id:
        return min(assigned, timezone.localdate(document.created_at))
    return assigned


def first_updates(
    tasks, *, limit: int, today: datetime.date, calendar: WorkCalendar = DEFAULT_CALENDAR
) -> list[FirstUpdate]:
    rows = []
    for task in tasks:
        started = _started_on(task)
        reported = timezone.localdate(task.first_report_at) if task.first_report_at else None
        days = working_days_between(started, reported or today, calendar)
        rows.append(
            FirstUpdate(
                task=task, started_on=started, reported_on=reported, working_days=days, late=days > limit
            )
        )
    return rows


def update_promptness(
    *,
    user,
    unit,
    today: datetime.date | None = None,
    limit: int | None = None,
    calendar: WorkCalendar | None = None,
) -> Promptness:
    """Per lead unit in ``unit``'s subtree: first updates on time, late, missing; and the late ones.

    Cancelled tasks are left out; so are suspended tasks still waiting for their first report.
    """
    today = today or timezone.localdate()
    limit = first_update_limit() if limit is None else limit
    calendar = calendar or work_calendar()
    tasks = (
        scoping.visible_tasks(user)
        .filter(lead_unit__path__startswith=unit.path, cancelled_at__isnull=True)
        .annotate(first_report_at=Min("reports__submitted_at"))
        .select_related("lead_unit", "source_document")
        .order_by("id")
    )
    per_unit: dict[int, UnitPromptness] = {}
    late = []
    for row in first_updates(tasks, limit=limit, today=today, calendar=calendar):
        task = row.task
        if row.pending and task.suspended_at is not None:
            continue
        stats = per_unit.setdefault(task.lead_unit_id, UnitPromptness(unit=task.lead_unit))
        if row.pending:
            if row.late:
                stats.missing_late += 1
            else:
                stats.waiting += 1
        else:
            stats.measured += 1
            stats.days.append(row.working_days)
            if row.late:
                stats.late += 1
            else:
                stats.on_time += 1
        if row.late:
            late.append(row)
    # The least prompt first: lowest share on time, then most late, then slowest on average.
    units = sorted(
        per_unit.values(),
        key=lambda s: (
            101 if s.on_time_percent is None else s.on_time_percent,
            -(s.late + s.missing_late),
            -(s.mean_days or 0),
            vietnamese_sort_key(s.unit.name),
        ),
    )
    late.sort(key=lambda r: (-r.working_days, r.task.pk))
    return Promptness(limit=limit, units=units, late=late)
