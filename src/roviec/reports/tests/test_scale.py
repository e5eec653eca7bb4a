"""Province-scale demo data: varied statuses, consistent derived columns, audited, never over real data."""

import pytest
from django.db.models import Count
from django.utils import timezone

from roviec.core.models import AuditEvent
from roviec.demo.builder import DemoAlreadyBuilt
from roviec.demo.scale import build_province
from roviec.tasks.models import ProgressReport, Task
from roviec.tasks.status import TaskStatus, task_status, with_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_province():
    return build_province(password="Mat-khau-thu-nghiem-2026", tasks=600, reports=2000, communes=6)


def test_builds_every_status_with_reports(small_province):
    """Generated tasks show every follow-up status and carry about the asked number of reports."""
    assert small_province.tasks == Task.objects.count() == 600
    assert abs(ProgressReport.objects.count() - 2000) <= 50
    statuses = dict(with_status(Task.objects.all()).values_list("status").annotate(n=Count("id")))
    assert set(statuses) == set(TaskStatus.values)
    assert statuses[TaskStatus.DONE_ON_TIME] > statuses[TaskStatus.DONE_LATE] > 0


def test_derived_columns_agree_with_the_reports(small_province):
    """Done tasks end with an accepted 100% report on their completion day; SQL and Python statuses agree."""
    for task in with_status(Task.objects.all())[:200]:
        assert task.status == task_status(task.__class__.objects.get(pk=task.pk))
        if task.completed_on is not None:
            last = task.reports.order_by("-submitted_at").first()
            assert last.percent == 100 and last.review == ProgressReport.Review.ACCEPTED
            assert timezone.localdate(last.submitted_at) == task.completed_on
        assert task.created_at.date() <= (task.due_date or task.created_at.date())


def test_every_generated_task_has_an_import_audit_row(small_province):
    """The audit trail says where each generated task came from, and which units it concerns."""
    events = AuditEvent.objects.filter(object_type="tasks.task", action=AuditEvent.Action.IMPORT)
    assert events.count() == 600
    assert not events.filter(units__isnull=True).exists()


def test_refuses_a_database_with_data(province):
    """The generator never writes over an existing installation."""
    with pytest.raises(DemoAlreadyBuilt):
        build_province(password="Mat-khau-thu-nghiem-2026", tasks=10, reports=10)
