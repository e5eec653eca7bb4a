"""How promptly each unit sends its first update, in Vietnamese working days (Tết and holidays excluded)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from roviec.tasks import services
from roviec.tasks.promptness import update_promptness, working_days_between

pytestmark = pytest.mark.django_db


def _at(day: datetime.date):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, 9, tzinfo=timezone.get_default_timezone()), tick=False
    )


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 8), 5),  # Monday to Monday: one weekend
        (datetime.date(2026, 2, 13), datetime.date(2026, 2, 24), 2),  # across Tết 2026 (16–20/02)
        (datetime.date(2026, 4, 24), datetime.date(2026, 5, 4), 3),  # Giỗ Tổ (27/4 observed), 30/4, 1/5
        (datetime.date(2026, 6, 5), datetime.date(2026, 6, 5), 0),
    ],
)
def test_working_days_follow_the_vietnamese_calendar(start, end, days):
    """Weekends, public holidays and lunar Tết do not count against a unit."""
    assert working_days_between(start, end) == days


def test_statistics_per_unit_and_late_list(province, make_task, settings):
    """On time, late, and not yet updated past the limit are counted per unit; the late ones listed."""
    settings.ROVIEC_FIRST_UPDATE_WORKING_DAYS = 5
    with _at(datetime.date(2026, 2, 13)):
        before_tet = make_task(content="Giao trước Tết")
    with _at(datetime.date(2026, 6, 1)):
        slow = make_task(content="Cập nhật chậm")
        never = make_task(content="Chưa cập nhật", lead_unit=province.commune_b)
        make_task(content="Đã hủy, không tính", lead_unit=province.commune_b)
    with _at(datetime.date(2026, 2, 24)):
        services.report_submit(
            actor=province.users["commune_a"], task=before_tet, percent=10, narrative="Bắt đầu"
        )
    with _at(datetime.date(2026, 6, 9)):
        services.report_submit(actor=province.users["commune_a"], task=slow, percent=10, narrative="Muộn")
    cancelled = never.__class__.objects.get(content="Đã hủy, không tính")
    services.task_cancel(actor=province.users["office"], task=cancelled, reason="Trùng")
    result = update_promptness(
        user=province.users["office"], unit=province.root, today=datetime.date(2026, 6, 15)
    )
    rows = {row.unit.pk: row for row in result.units}
    a, b = rows[province.commune_a.pk], rows[province.commune_b.pk]
    assert (a.measured, a.on_time, a.late, a.missing_late) == (2, 1, 1, 0)
    assert a.mean_days == 4.0 and a.on_time_percent == 50
    assert (b.measured, b.missing_late, b.waiting) == (0, 1, 0)
    assert [(row.task.content, row.working_days) for row in result.late] == [
        ("Chưa cập nhật", 10),
        ("Cập nhật chậm", 6),
    ]
    assert result.units[0].unit == province.commune_b  # the worst first

    narrower = update_promptness(
        user=province.users["office"], unit=province.commune_a, today=datetime.date(2026, 6, 15), limit=6
    )
    assert [row.unit for row in narrower.units] == [province.commune_a] and narrower.late == []


def test_scope_and_overview_page(province, make_task, client):
    """A commune sees only its own promptness; the unit overview page shows the table and the late list."""
    with _at(datetime.date(2026, 6, 1)):
        make_task(content="Việc của xã Yên Mỹ", lead_unit=province.commune_b)
        make_task(content="Việc của xã Ân Thi")
    with _at(datetime.date(2026, 6, 15)):
        mine = update_promptness(user=province.users["commune_a"], unit=province.commune_a)
        assert [row.unit for row in mine.units] == [province.commune_a]
        client.force_login(province.users["office"])
        html = client.get(reverse("tasks:unit_overview", args=[province.root.pk])).content.decode()
    assert 'id="promptness-units"' in html and 'id="promptness-late"' in html
    assert "Việc của xã Yên Mỹ" in html and "Chưa cập nhật" in html and "5 ngày làm việc" in html
