"""Recurring tasks fall due on the right dates, month ends included."""

import datetime
from types import SimpleNamespace

import pytest

from roviec.tasks.recurrence import add_months, next_due_date, occurrence, occurrences

D = datetime.date


@pytest.mark.parametrize(("anchor", "recurrence", "index", "expected"), [
    (D(2026, 1, 15), "monthly", 1, D(2026, 2, 15)),
    (D(2026, 1, 31), "monthly", 1, D(2026, 2, 28)),
    (D(2028, 1, 31), "monthly", 1, D(2028, 2, 29)),
    (D(2026, 1, 31), "monthly", 2, D(2026, 3, 31)),
    (D(2026, 1, 30), "monthly", 1, D(2026, 2, 28)),
    (D(2026, 1, 30), "monthly", 2, D(2026, 3, 30)),
    (D(2024, 2, 29), "monthly", 1, D(2024, 3, 31)),
    (D(2026, 4, 30), "monthly", 1, D(2026, 5, 31)),
    (D(2026, 11, 15), "monthly", 2, D(2027, 1, 15)),
    (D(2026, 12, 31), "monthly", 1, D(2027, 1, 31)),
    (D(2026, 3, 31), "quarterly", 1, D(2026, 6, 30)),
    (D(2026, 3, 31), "quarterly", 2, D(2026, 9, 30)),
    (D(2026, 11, 30), "quarterly", 1, D(2027, 2, 28)),
    (D(2026, 10, 20), "quarterly", 1, D(2027, 1, 20)),
    (D(2024, 2, 29), "yearly", 1, D(2025, 2, 28)),
    (D(2024, 2, 29), "yearly", 4, D(2028, 2, 29)),
    (D(2026, 12, 31), "yearly", 1, D(2027, 12, 31)),
    (D(2026, 5, 10), "", 0, D(2026, 5, 10)),
])
def test_occurrence(anchor, recurrence, index, expected):
    """Each occurrence is counted from the anchor, clamped to short months, kept on month ends."""
    assert occurrence(anchor, recurrence, index) == expected


def test_add_months_negative_wraps_year():
    """Moving back across January lands in December of the year before."""
    assert add_months(D(2026, 1, 31), -1) == D(2025, 12, 31)


def test_occurrences_stop_at_until():
    """A series ends on its last date included."""
    assert list(occurrences(D(2026, 1, 31), "quarterly", D(2026, 12, 31))) == [
        D(2026, 1, 31), D(2026, 4, 30), D(2026, 7, 31), D(2026, 10, 31)]


def _task(deadline, recurrence="", until=None):
    return SimpleNamespace(deadline=deadline, recurrence=recurrence, recurrence_until=until)


@pytest.mark.parametrize(("task", "fulfilled", "expected"), [
    (_task(None), 0, None),
    (_task(D(2026, 6, 30)), 0, D(2026, 6, 30)),
    (_task(D(2026, 6, 30)), 3, D(2026, 6, 30)),
    (_task(D(2026, 1, 31), "monthly"), 0, D(2026, 1, 31)),
    (_task(D(2026, 1, 31), "monthly"), 1, D(2026, 2, 28)),
    (_task(D(2026, 11, 30), "monthly"), 2, D(2027, 1, 31)),
    (_task(D(2026, 11, 29), "monthly"), 3, D(2027, 2, 28)),
    (_task(D(2026, 12, 31), "monthly", D(2027, 2, 28)), 2, D(2027, 2, 28)),
    (_task(D(2026, 12, 31), "monthly", D(2027, 2, 28)), 3, None),
    (_task(D(2026, 12, 31), "yearly", D(2028, 12, 31)), 2, D(2028, 12, 31)),
])
def test_next_due_date(task, fulfilled, expected):
    """The next due date is the first occurrence not yet fulfilled, None when the series is done."""
    assert next_due_date(task, fulfilled) == expected
