"""Dashboard and ranking figures: counted in SQL by derived status, rolled up the tree, scoped."""

import datetime

import pytest

from roviec.core.errors import NotFoundError
from roviec.reports import selectors
from roviec.reports.periods import make_period
from roviec.reports.selectors import ReportFilters

pytestmark = pytest.mark.django_db
ALL = make_period("all", 2026)


def _filters(**kwargs):
    kwargs.setdefault("period", ALL)
    return ReportFilters(**kwargs)


def _row(board, unit, direct=False):
    return next(r for r in board.rows if r.unit.pk == unit.pk and r.direct == direct)


def test_office_sees_whole_province_by_status(province, followup):
    """The office's totals count every task led in the province, by derived status."""
    board = selectors.dashboard(user=province.users["office"], filters=_filters())
    total = board.total
    assert board.selected == province.root
    assert (total.done_on_time, total.done_late, total.overdue) == (2, 1, 3)
    assert total.count("in_progress") == 1 and total.count("not_started") == 3
    assert (total.suspended, total.cancelled, total.total) == (1, 1, 11)
    assert total.due == 6 and total.on_time_percent == 33


def test_unit_rows_include_their_subtree(province, followup):
    """A commune's row counts its cells' tasks; the root's own tasks get a row of their own."""
    board = selectors.dashboard(user=province.users["office"], filters=_filters())
    commune_a = _row(board, province.commune_a).tally
    assert (commune_a.total, commune_a.done_on_time, commune_a.done_late, commune_a.overdue) == (5, 1, 1, 2)
    assert commune_a.within_deadline == 1
    assert _row(board, province.root, direct=True).tally.total == 1
    assert _row(board, province.office).tally.overdue == 1
    assert sum(r.tally.total for r in board.rows) == board.total.total


def test_commune_sees_only_its_subtree(province, followup):
    """A commune's dashboard never counts tasks led outside its subtree, even ones it coordinates."""
    board = selectors.dashboard(user=province.users["commune_a"], filters=_filters())
    assert board.selected == province.commune_a
    assert board.total.total == 5
    assert {r.unit.pk for r in board.rows} == {province.commune_a.pk, province.cell_a.pk}
    assert followup.tasks["o1"].pk not in {t.pk for t in board.overdue}
    with pytest.raises(NotFoundError):
        selectors.dashboard(user=province.users["commune_a"], filters=_filters(unit=province.commune_b))


def test_overdue_list_has_days_late(province, followup):
    """The overdue list starts with the latest task and says how many days late each is."""
    board = selectors.dashboard(user=province.users["office"], filters=_filters())
    assert [t.pk for t in board.overdue] == [followup.tasks[k].pk for k in ("a4", "a3", "o1")]
    assert [t.days_late for t in board.overdue] == [30, 3, 1]


def test_due_soon_counts_open_tasks_only(province, followup):
    """Due in 7 / 30 days counts open tasks only: done and suspended ones are left out."""
    board = selectors.dashboard(user=province.users["office"], filters=_filters())
    assert board.due_soon_counts == {7: 1, 30: 2}
    assert [t.pk for t in board.due_soon] == [followup.tasks["r1"].pk, followup.tasks["a5"].pk]
    assert [t.days_left for t in board.due_soon] == [6, 20]


def test_filters_by_document_field_and_period(province, followup):
    """Filters by source document, field and period narrow every figure."""
    office = province.users["office"]
    by_document = selectors.dashboard(user=office, filters=_filters(source_document=followup.document)).total
    assert (by_document.total, by_document.done_on_time, by_document.done_late) == (2, 1, 1)
    by_field = selectors.dashboard(user=office, filters=_filters(field="Dân vận")).total
    assert (by_field.total, by_field.overdue) == (1, 1)
    q1_2031 = selectors.dashboard(user=office, filters=_filters(period=make_period("q1", 2031)))
    assert q1_2031.total.total == 1
    assert [m.month for m in q1_2031.months] == [1, 2, 3]
    assert [t.total for _, t in q1_2031.trend] == [0, 0, 1]
    cells = dict((row.unit.pk, cells) for row, cells in q1_2031.heatmap)
    assert [c.total for c in cells[province.commune_b.pk]] == [0, 0, 1]


def test_heatmap_and_trend_add_up(province, followup):
    """Heatmap cells of a month add up to the trend's figure for that month."""
    board = selectors.dashboard(user=province.users["office"], filters=_filters())
    for column, (_, month_tally) in enumerate(board.trend):
        assert sum(cells[column].total for _, cells in board.heatmap) == month_tally.total


def test_late_units_listed_for_footnotes(province, followup):
    """Units with overdue or late tasks are listed, the most overdue first."""
    board = selectors.dashboard(user=province.users["office"], filters=_filters())
    late = [(x.unit.pk, x.overdue, x.done_late) for x in board.late_units]
    assert late[0] == (province.commune_a.pk, 1, 1)
    assert set(late) == {(province.commune_a.pk, 1, 1), (province.cell_a.pk, 1, 0),
                         (province.office.pk, 1, 0)}


def test_ranking_orders_by_on_time_share(province, followup):
    """Units rank on the share of due tasks done on time; units with nothing due come last, unranked."""
    rows = selectors.unit_ranking(user=province.users["office"], filters=_filters())
    ranked = [(r.rank, r.unit.pk) for r in rows]
    assert ranked[0] == (1, province.commune_b.pk)  # 1 of 1 on time
    assert ranked[1] == (2, province.commune_a.pk)  # 1 of 4
    assert ranked[2] == (3, province.office.pk)  # 0 of 1
    assert {pk for rank, pk in ranked if rank is None} == {province.inspection.pk}
    assert rows[0].basis.startswith("Đạt điều kiện tiến độ mức Hoàn thành tốt")
    assert rows[1].basis.startswith("Chưa đạt")


def test_equal_results_share_a_rank(province):
    """Two units with the same results share a rank."""
    from roviec.tasks import services

    office = province.users["office"]
    for unit in (province.commune_a, province.commune_b):
        services.task_create(actor=office, assigned_by_unit=province.root, lead_unit=unit,
                             content="Báo cáo quý", deadline=datetime.date(2020, 1, 1))
    rows = selectors.unit_ranking(user=office, filters=_filters())
    assert [r.rank for r in rows if r.tally.due] == [1, 1]


def test_field_choices_are_scoped(province, followup):
    """The field filter offers only fields of tasks the user may see."""
    assert selectors.field_choices(province.users["office"]) == ["Dân vận", "Xây dựng Đảng"]
    other = selectors.field_choices(province.users["commune_b"])
    assert "Dân vận" not in other


@pytest.mark.parametrize("key", ["office", "leader", "inspector", "commune_a", "commune_b", "admin"])
def test_counted_tasks_are_visible_tasks_led_in_the_subtree(province, followup, key):
    """What a report counts is exactly the visible tasks led inside the unit reported on."""
    from roviec.core import scoping

    user = province.users[key]
    scope = selectors._resolve_scope(user, None)
    counted = selectors._filtered_tasks(user, scope, _filters(), followup.today)
    counted = set(counted.values_list("pk", flat=True))
    visible = scoping.visible_tasks(user).filter(lead_unit_id__in=scope.unit_ids)
    assert counted == set(visible.values_list("pk", flat=True))
    assert counted <= set(scoping.visible_tasks(user).values_list("pk", flat=True))
