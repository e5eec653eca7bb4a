"""A task's status, derived from its dates and reports; nobody types it.

The same rule exists twice, kept in step by a table-driven test: as a pure
function for one task in memory, and as a SQL ``CASE`` so lists can filter and
count by status in the database (SQLite and PostgreSQL alike).
"""

import datetime

from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành quá hạn")
    OVERDUE = "overdue", _("Quá hạn")
    SUSPENDED = "suspended", _("Tạm dừng")
    CANCELLED = "cancelled", _("Đã hủy")


# Statuses of work still to be done: reminders and "due soon" look only at these.
OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.OVERDUE)
DONE_STATUSES = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)


def derive_status(*, cancelled: bool, suspended: bool, completed_on: datetime.date | None,
                  due_date: datetime.date | None, has_progress: bool, today: datetime.date) -> TaskStatus:
    """The status of one task. Order matters: cancelled beats suspended beats done beats overdue."""
    if cancelled:
        return TaskStatus.CANCELLED
    if suspended:
        return TaskStatus.SUSPENDED
    if completed_on is not None:
        if due_date is None or completed_on <= due_date:
            return TaskStatus.DONE_ON_TIME
        return TaskStatus.DONE_LATE
    if due_date is not None and due_date < today:
        return TaskStatus.OVERDUE
    if has_progress:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


def task_status(task, today: datetime.date | None = None) -> TaskStatus:
    """``derive_status`` for a Task instance (uses the annotation when the query has it)."""
    annotated = getattr(task, "status", None)
    if annotated and today is None:
        return TaskStatus(annotated)
    return derive_status(
        cancelled=task.cancelled_at is not None,
        suspended=task.suspended_at is not None,
        completed_on=task.completed_on,
        due_date=task.due_date,
        has_progress=task.last_report_at is not None or task.progress_percent > 0,
        today=today or timezone.localdate(),
    )


def status_expression(today: datetime.date, prefix: str = "") -> Case:
    """The SQL twin of ``derive_status``; ``prefix`` reaches a related task (e.g. ``"task__"``)."""
    p = prefix
    done = Q(**{f"{p}completed_on__isnull": False})
    return Case(
        When(Q(**{f"{p}cancelled_at__isnull": False}), then=Value(TaskStatus.CANCELLED.value)),
        When(Q(**{f"{p}suspended_at__isnull": False}), then=Value(TaskStatus.SUSPENDED.value)),
        When(done & Q(**{f"{p}due_date__isnull": True}), then=Value(TaskStatus.DONE_ON_TIME.value)),
        When(done & Q(**{f"{p}completed_on__lte": F(f"{p}due_date")}),
             then=Value(TaskStatus.DONE_ON_TIME.value)),
        When(done, then=Value(TaskStatus.DONE_LATE.value)),
        When(Q(**{f"{p}due_date__lt": today}), then=Value(TaskStatus.OVERDUE.value)),
        When(Q(**{f"{p}last_report_at__isnull": False}) | Q(**{f"{p}progress_percent__gt": 0}),
             then=Value(TaskStatus.IN_PROGRESS.value)),
        default=Value(TaskStatus.NOT_STARTED.value),
        output_field=models.CharField(max_length=20),
    )


def with_status(queryset: QuerySet, today: datetime.date | None = None) -> QuerySet:
    """Annotate ``status`` on a Task queryset so it can be filtered, ordered and counted in SQL."""
    return queryset.annotate(status=status_expression(today or timezone.localdate()))


def status_label(code: str) -> str:
    return TaskStatus(code).label
