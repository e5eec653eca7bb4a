"""Published rankings: frozen figures, audited, published by the office or leaders, read within scope."""

import pytest
from django.urls import reverse

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.reports import selectors, services
from roviec.reports.models import PublishedRanking
from roviec.reports.periods import make_period
from roviec.reports.selectors import ReportFilters

pytestmark = pytest.mark.django_db
ALL = make_period("all", 2026)


def test_office_publishes_a_frozen_audited_ranking(province, followup, client):
    """Publishing stores the ranking as it stands, with an audit entry, and later reports do not change it."""
    client.force_login(province.users["office"])
    response = client.post(reverse("reports:ranking_publish"), {"period": "all", "year": "2026",
                                                                "note": "Căn cứ đánh giá quý"})
    publication = PublishedRanking.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{publication.pk}/")
    assert publication.unit == province.root and publication.note == "Căn cứ đánh giá quý"
    assert [row["unit_id"] for row in publication.rows][:3] == [
        province.commune_b.pk, province.commune_a.pk, province.office.pk]
    event = AuditEvent.objects.get(object_type="reports.publishedranking", object_id=str(publication.pk))
    assert event.after["rows"] == publication.rows
    before = publication.rows

    from roviec.tasks import services as task_services
    report = task_services.report_submit(actor=province.users["office"], task=followup.tasks["a3"],
                                         percent=100, narrative="Xong")
    task_services.report_accept(actor=province.users["office"], report=report)
    publication.refresh_from_db()
    assert publication.rows == before
    live = selectors.unit_ranking(user=province.users["office"], filters=ReportFilters(period=ALL))
    assert [r.tally.overdue for r in live if r.unit == province.commune_a] == [1]


def test_commune_cannot_publish(province, followup):
    """A commune's focal point publishes nothing (not even for its own cells)."""
    with pytest.raises(PermissionDeniedError):
        services.ranking_publish(actor=province.users["commune_a"], filters=ReportFilters(period=ALL))
    assert not PublishedRanking.objects.exists()


def test_nothing_due_is_refused(province):
    """A period with nothing due has no ranking to publish."""
    with pytest.raises(ServiceError) as error:
        services.ranking_publish(actor=province.users["office"], filters=ReportFilters(period=ALL))
    assert error.value.code == "nothing_to_rank"


def test_a_ranked_commune_reads_only_its_own_row(province, followup, client):
    """A commune ranked in a published ranking sees its own rank and figures, no other unit's."""
    publication = services.ranking_publish(actor=province.users["office"], filters=ReportFilters(period=ALL))
    client.force_login(province.users["commune_a"])
    response = client.get(reverse("reports:published_detail", args=[publication.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đảng ủy xã Ân Thi" in html and "Yên Mỹ" not in html and "Văn phòng Tỉnh ủy" not in html
    assert response.context["view"].ranked_count == 3


def test_unrelated_units_do_not_see_a_publication(province, followup, client, make_user_for_cell):
    """A publication about units outside one's scope answers 404."""
    publication = services.ranking_publish(
        actor=province.users["office"], filters=ReportFilters(unit=province.commune_a, period=ALL))
    client.force_login(province.users["commune_b"])
    assert client.get(reverse("reports:published_detail", args=[publication.pk])).status_code == 404
    client.force_login(make_user_for_cell)
    assert client.get(reverse("reports:published_detail", args=[publication.pk])).status_code == 200


@pytest.fixture
def make_user_for_cell(province):
    from conftest import make_user
    from roviec.orgs.models import Position

    return make_user("chibo", unit=province.cell_a, role=Position.AccessRole.UNIT_STAFF,
                     full_name="Vũ Văn Chi")


def test_ranking_page_offers_publishing_to_the_office_only(province, followup, client):
    """The publish button shows for the office, not for a commune."""
    def page(key):
        client.force_login(province.users[key])
        return client.get(reverse("reports:ranking"), {"period": "all"}).content.decode()

    assert 'id="publish-ranking"' in page("office")
    assert 'id="publish-ranking"' not in page("commune_a")
