"""When a recurring task falls due: monthly, quarterly, half-yearly or yearly from its anchor deadline.

Every occurrence is computed from the anchor, never from the previous
occurrence, so clamping a short month (31/01 → 28/02) does not drift the rest
of the series (→ 31/03, not 28/03). An anchor on the last day of its month
stays on the last day of every month (29/02/2024 → 31/03/2024).
"""

import calendar
import datetime
from collections.abc import Iterator
from typing import Protocol

MONTHS_PER_STEP = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}

# A guard against runaway loops on an open-ended series.
MAX_OCCURRENCES = 1200


class RecurringLike(Protocol):
    deadline: datetime.date | None
    recurrence: str
    recurrence_until: datetime.date | None


def _is_month_end(day: datetime.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def add_months(anchor: datetime.date, months: int, *, keep_month_end: bool | None = None) -> datetime.date:
    """``anchor`` moved by ``months``, clamped to the target month's length."""
    if keep_month_end is None:
        keep_month_end = _is_month_end(anchor)
    index = anchor.year * 12 + (anchor.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    day = last if keep_month_end else min(anchor.day, last)
    return datetime.date(year, month, day)


def occurrence(anchor: datetime.date, recurrence: str, index: int) -> datetime.date:
    """The ``index``-th occurrence (0 is the anchor itself)."""
    if not recurrence:
        if index != 0:
            raise ValueError("a task that does not recur has a single occurrence")
        return anchor
    step = MONTHS_PER_STEP[recurrence]
    return add_months(anchor, step * index)


def occurrences(anchor: datetime.date, recurrence: str,
                until: datetime.date | None = None) -> Iterator[datetime.date]:
    """All occurrences from the anchor up to ``until`` included (open-ended if None)."""
    if not recurrence:
        yield anchor
        return
    for index in range(MAX_OCCURRENCES):
        day = occurrence(anchor, recurrence, index)
        if until is not None and day > until:
            return
        yield day


def next_due_date(task: RecurringLike, fulfilled_occurrences: int) -> datetime.date | None:
    """The first occurrence not yet fulfilled, or None when the series is exhausted.

    A task that does not recur is due on its deadline until it is completed,
    whatever the count of fulfilled occurrences.
    """
    if task.deadline is None:
        return None
    if not task.recurrence:
        return task.deadline
    day = occurrence(task.deadline, task.recurrence, fulfilled_occurrences)
    if task.recurrence_until is not None and day > task.recurrence_until:
        return None
    return day
