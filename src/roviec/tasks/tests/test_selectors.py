"""Dashboard reads agree with the access rules and count within the unit tree."""

import pytest

from roviec.core import scoping
from roviec.tasks import selectors, services
from roviec.tasks.models import ProgressReport

pytestmark = pytest.mark.django_db


def test_reports_awaiting_review_matches_can_review(province, make_task):
    """"To accept" lists exactly the pending reports the user is allowed to accept."""
    by_unit = make_task()
    by_person = make_task(authority_unit=None, authority_person=province.people["inspector"])
    by_commune = make_task(lead_unit=province.cell_a, authority_unit=province.commune_a)
    for task in (by_unit, by_person, by_commune):
        services.report_submit(actor=province.users["office"], task=task, percent=10, narrative="x")
    for key, user in province.users.items():
        listed = set(selectors.reports_awaiting_review(user).values_list("pk", flat=True))
        allowed = {r.pk for r in ProgressReport.objects.select_related("task")
                   if scoping.visible_reports(user).filter(pk=r.pk).exists()
                   and scoping.can_review_reports(user, r.task)}
        assert listed == allowed, key
    assert selectors.reports_awaiting_review(province.users["office"]).count() == 2
    assert selectors.reports_awaiting_review(province.users["inspector"]).count() == 1  # named in person
    assert selectors.reports_awaiting_review(province.users["commune_a"]).count() == 0  # staff, not leader


def test_unit_overview_and_my_tasks_counts(province, make_task):
    """Overview counts the unit's subtree and each direct child; my tasks counts by status."""
    make_task(lead_unit=province.cell_a)
    done = make_task(lead_unit=province.commune_a)
    make_task(lead_unit=province.commune_b)
    report = services.report_submit(actor=province.users["commune_a"], task=done, percent=100, narrative="x")
    services.report_accept(actor=province.users["office"], report=report)
    overview = selectors.unit_overview(user=province.users["commune_a"], unit_pk=province.commune_a.pk)
    assert overview.total == 2
    assert overview.counts["not_started"] == 1 and overview.counts["done_on_time"] == 1
    assert overview.children == [(province.cell_a, {**{k: 0 for k in overview.counts}, "not_started": 1})]
    root = selectors.unit_overview(user=province.users["office"], unit_pk=province.root.pk)
    assert root.total == 3
    mine = selectors.my_tasks(user=province.users["commune_b"])
    assert sum(mine.counts.values()) == 1
