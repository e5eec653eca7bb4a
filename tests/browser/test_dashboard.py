"""The office opens the dashboard, filters by a unit and drills down to the task list."""

from roviec.reports.tests.conftest import followup  # noqa: F401 - the shared follow-up fixture


def test_dashboard_filter_and_drill_down(province, followup, page, login, shot):  # noqa: F811
    """The dashboard draws its chart and tables; a unit filter narrows them; a figure opens its tasks."""
    login("vanphong")
    page.goto("/bao-cao/?period=all")
    page.wait_for_load_state("networkidle")
    shot("tong-hop")
    assert page.get_by_role("heading", name="Tổng hợp tình hình thực hiện nhiệm vụ").is_visible()
    assert page.evaluate("() => typeof Chart !== 'undefined' && !!Chart.getChart('trend-chart')")
    assert page.locator("#heatmap tbody tr").count() >= 4

    page.locator("select[name=unit]").select_option(label="\u2003Đảng ủy xã Ân Thi")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state("networkidle")
    shot("loc-theo-don-vi")
    rows = page.locator("#unit-table tbody tr")
    assert rows.count() == 2  # the commune's own tasks, and its cell
    cell_row = rows.filter(has_text="Chi bộ thôn 1")
    assert "Đảng ủy xã Yên Mỹ" not in page.locator("#unit-table").inner_text()

    overdue = cell_row.locator("td").nth(4).get_by_role("link")
    assert overdue.inner_text() == "1"
    overdue.click()
    page.wait_for_load_state("networkidle")
    shot("danh-sach-nhiem-vu")
    assert "/nhiem-vu/" in page.url and "status=overdue" in page.url
    assert page.get_by_text("Nhiệm vụ a4").first.is_visible()
    assert page.get_by_text("Nhiệm vụ a3").count() == 0
