"""The report API gives the dashboard's figures and the ranking, scoped like the pages."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(province):
    def as_(key):
        client = APIClient()
        client.force_authenticate(province.users[key])
        return client
    return as_


def test_dashboard_api_matches_the_page(province, followup, api, client):
    """The API's totals and unit rows are the dashboard's."""
    data = api("office").get("/api/v1/dashboard/", {"period": "all"}).json()
    client.force_login(province.users["office"])
    board = client.get("/bao-cao/", {"period": "all"}).context["board"]
    assert data["total"] == board.total.as_dict()
    assert data["unit"]["id"] == province.root.pk
    assert [row["unit"]["id"] for row in data["units"]] == [row.unit.pk for row in board.rows]
    assert [t["days_late"] for t in data["overdue_tasks"]] == [30, 3, 1]
    assert data["due_soon"] == {"7": 1, "30": 2}


def test_api_refuses_units_outside_scope(province, followup, api):
    """Asking for another commune's figures is a 400 with the field's message, not a leak."""
    response = api("commune_a").get("/api/v1/dashboard/", {"unit": province.commune_b.pk})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_filter" and "unit" in body["fields"]
    assert "Yên Mỹ" not in response.content.decode()


def test_ranking_api(province, followup, api):
    """The ranking API lists units with rank, figures and the progress basis."""
    results = api("leader").get("/api/v1/ranking/", {"period": "all"}).json()["results"]
    assert results[0]["unit"]["id"] == province.commune_b.pk and results[0]["rank"] == 1
    assert results[0]["on_time_percent"] == 100


def test_api_needs_authentication(client):
    """Anonymous callers get no figures."""
    assert APIClient().get("/api/v1/dashboard/").status_code in (401, 403)
