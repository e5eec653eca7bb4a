"""A task's status is derived from its dates and reports, the same in Python and in SQL."""

import datetime
import itertools

import pytest
import time_machine
from django.utils import timezone

from roviec.tasks.models import Task
from roviec.tasks.status import TaskStatus, derive_status, task_status, with_status

D = datetime.date
TODAY = D(2026, 5, 15)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({}, TaskStatus.NOT_STARTED),
    ({"has_progress": True}, TaskStatus.IN_PROGRESS),
    ({"due_date": D(2026, 5, 15)}, TaskStatus.NOT_STARTED),
    ({"due_date": D(2026, 5, 14)}, TaskStatus.OVERDUE),
    ({"due_date": D(2026, 5, 14), "has_progress": True}, TaskStatus.OVERDUE),
    ({"due_date": D(2026, 5, 20), "completed_on": D(2026, 5, 20)}, TaskStatus.DONE_ON_TIME),
    ({"due_date": D(2026, 5, 1), "completed_on": D(2026, 5, 2)}, TaskStatus.DONE_LATE),
    ({"due_date": None, "completed_on": D(2026, 5, 2)}, TaskStatus.DONE_ON_TIME),
    ({"due_date": D(2026, 5, 1), "suspended": True}, TaskStatus.SUSPENDED),
    ({"due_date": D(2026, 5, 1), "suspended": True, "cancelled": True}, TaskStatus.CANCELLED),
    ({"completed_on": D(2026, 5, 2), "cancelled": True}, TaskStatus.CANCELLED),
])
def test_derive_status(kwargs, expected):
    """Cancelled beats suspended beats done beats overdue beats in progress."""
    values = {"cancelled": False, "suspended": False, "completed_on": None, "due_date": None,
              "has_progress": False, "today": TODAY, **kwargs}
    assert derive_status(**values) == expected


def test_labels_are_vietnamese():
    """Users read statuses in Vietnamese."""
    assert [str(s.label) for s in TaskStatus] == [
        "Chưa thực hiện", "Đang thực hiện", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Quá hạn",
        "Tạm dừng", "Đã hủy"]


@pytest.mark.django_db
def test_sql_annotation_agrees_with_python(province):
    """Lists filtered and counted by status in SQL show the same status as the task page."""
    now = timezone.now()
    combos = itertools.product(
        [None, now],                                   # cancelled_at
        [None, now],                                   # suspended_at
        [None, D(2026, 5, 10), D(2026, 5, 20)],        # completed_on
        [None, D(2026, 5, 14), D(2026, 5, 15), D(2026, 5, 16)],  # due_date
        [(None, 0), (now, 0), (None, 40)],             # last_report_at, progress_percent
    )
    expected = {}
    for cancelled_at, suspended_at, completed_on, due_date, (last_report_at, progress) in combos:
        task = Task.objects.create(
            content="x", assigned_by_unit=province.root, cancelled_at=cancelled_at, suspended_at=suspended_at,
            completed_on=completed_on, due_date=due_date, last_report_at=last_report_at,
            progress_percent=progress)
        expected[task.pk] = derive_status(
            cancelled=cancelled_at is not None, suspended=suspended_at is not None, completed_on=completed_on,
            due_date=due_date, has_progress=last_report_at is not None or progress > 0, today=TODAY)
    annotated = dict(with_status(Task.objects.all(), TODAY).values_list("pk", "status"))
    assert annotated == {pk: status.value for pk, status in expected.items()}
    assert len(set(annotated.values())) == len(TaskStatus)


@pytest.mark.django_db
def test_frozen_clock_decides_overdue(make_task):
    """A task becomes overdue the day after its deadline, by the local calendar."""
    task = make_task(deadline=D(2026, 6, 30))
    with time_machine.travel(datetime.datetime(2026, 6, 30, 23, 30, tzinfo=timezone.get_default_timezone())):
        assert task_status(task) == TaskStatus.NOT_STARTED
        assert with_status(Task.objects.filter(pk=task.pk)).get().status == TaskStatus.NOT_STARTED
    with time_machine.travel(datetime.datetime(2026, 7, 1, 0, 30, tzinfo=timezone.get_default_timezone())):
        assert task_status(task) == TaskStatus.OVERDUE
        assert with_status(Task.objects.filter(pk=task.pk)).get().status == TaskStatus.OVERDUE
