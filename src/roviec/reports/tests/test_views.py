"""Report pages: the figures shown, drill-down links that list exactly the counted tasks, scope, speed."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, province):
    def as_(key):
        client.force_login(province.users[key])
        return client
    return as_


def test_dashboard_page_shows_figures_and_chart(province, followup, login):
    """The office sees totals, the unit table, heatmap, overdue list and the vendored chart script."""
    response = login("office").get(reverse("reports:dashboard"), {"period": "all"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="unit-table"' in html and 'id="heatmap"' in html and 'id="trend-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "Nhiệm vụ a4" in html and "Đảng ủy xã Yên Mỹ" in html
    assert response.context["board"].total.overdue == 3


@pytest.mark.parametrize("params", [
    {"period": "all"},
    {"period": "all", "field": "Xây dựng Đảng"},
    {"period": "year"},
    {"period": "all", "source_document": "document"},
])
def test_drill_down_lists_exactly_the_counted_tasks(province, followup, login, params):
    """Every linked figure of the dashboard opens a task list holding exactly that many tasks."""
    client = login("office")
    if params.get("source_document"):
        params = {**params, "source_document": followup.document.pk}
    response = client.get(reverse("reports:dashboard"), params)
    links = re.findall(r'href="(/nhiem-vu/\?[^"]+)">(\d+)</a>', response.content.decode())
    assert len(links) >= 10
    for link, shown in links:
        listed = client.get(link.replace("&amp;", "&"))
        assert listed.context["page"].paginator.count == int(shown), link
    overdue_link = next(link for link, _ in links if "status=overdue" in link and "unit=" in link)
    assert "unit" in parse_qs(urlparse(overdue_link.replace("&amp;", "&")).query)


def test_commune_drill_down_matches_its_figures(province, followup, login):
    """A commune's drill-down links list its own tasks only, as many as the figures say."""
    client = login("commune_a")
    response = client.get(reverse("reports:dashboard"), {"period": "all"})
    links = re.findall(r'href="(/nhiem-vu/\?[^"]+)">(\d+)</a>', response.content.decode())
    assert links
    for link, shown in links:
        assert client.get(link.replace("&amp;", "&")).context["page"].paginator.count == int(shown), link


def test_drill_down_keeps_period_document_and_field(province, followup, login):
    """A drill-down link carries the period as a deadline range, and the document and field filters."""
    response = login("office").get(reverse("reports:dashboard"), {
        "period": "q1", "year": "2031", "field": "Xây dựng Đảng",
        "source_document": followup.document.pk,
    })
    html = response.content.decode()
    assert "deadline_from=2031-01-01&amp;deadline_to=2031-03-31" in html
    assert f"source_document={followup.document.pk}" in html and "field=X" in html


def test_commune_dashboard_never_shows_other_units(province, followup, login):
    """A commune sees its subtree only; asking for another commune falls back to its own scope."""
    client = login("commune_a")
    html = client.get(reverse("reports:dashboard"), {"period": "all"}).content.decode()
    assert "Chi bộ thôn 1" in html and "Yên Mỹ" not in html and "Nhiệm vụ o1" not in html
    response = client.get(reverse("reports:dashboard"), {"period": "all", "unit": province.commune_b.pk})
    assert response.status_code == 200
    assert response.context["board"].total.total == 5
    assert "Yên Mỹ" not in response.content.decode()


def test_ranking_page(province, followup, login):
    """The ranking lists units with rank, figures and the progress basis for evaluation."""
    response = login("leader").get(reverse("reports:ranking"), {"period": "all"})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="ranking"' in html
    table = html[html.index('id="ranking"'):]
    assert table.index("Đảng ủy xã Yên Mỹ") < table.index("Đảng ủy xã Ân Thi")
    assert "Căn cứ xếp loại về tiến độ" in html


def test_ranking_defaults_to_current_quarter(province, login):
    """Without filters the ranking covers the current quarter."""
    response = login("office").get(reverse("reports:ranking"))
    assert response.context["filters"].period.code.startswith("q")


def test_pages_need_login(client):
    """Anonymous visitors are sent to the login page."""
    for name in ("reports:dashboard", "reports:ranking", "reports:export_xlsx", "reports:export_docx"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_dashboard_query_count_is_fixed(province, followup, login, django_assert_max_num_queries):
    """The dashboard costs a fixed number of queries, however many tasks and units there are."""
    client = login("office")
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:dashboard"), {"period": "all"})
