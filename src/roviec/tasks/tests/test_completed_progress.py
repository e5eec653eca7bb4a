"""A task accepted as done reads 100 % even when its sub-tasks are behind."""

import datetime

from roviec.tasks import services
from roviec.tasks.models import Task


def test_accepted_parent_shows_full_progress_despite_children(province, make_task):
    """The leader sees 100 % on a finished task; the late children are still listed as late."""
    parent = make_task(lead_unit=province.commune_a, authority_unit=province.root)
    services.task_create(actor=province.users["office"], assigned_by_unit=province.commune_a,
                         content="Chi bộ rà soát", lead_unit=province.cell_a,
                         deadline=datetime.date(2030, 1, 31), parent=parent)
    report = services.report_submit(actor=province.users["commune_a"], task=parent, percent=100,
                                    narrative="Đã hoàn thành.")
    services.report_accept(actor=province.users["office"], report=report)
    parent = Task.objects.get(pk=parent.pk)
    assert parent.completed_on is not None
    assert parent.progress_percent == 100
