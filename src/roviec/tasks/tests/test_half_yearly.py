"""A half-yearly task falls due every six months from its first deadline."""

import datetime

from roviec.tasks import services
from roviec.tasks.recurrence import occurrence


def test_half_yearly_occurrences_keep_month_ends():
    """30/06 → 31/12 → 30/06: month ends stay month ends."""
    anchor = datetime.date(2026, 6, 30)
    assert [occurrence(anchor, "half_yearly", i) for i in range(3)] == [
        datetime.date(2026, 6, 30), datetime.date(2026, 12, 31), datetime.date(2027, 6, 30)]


def test_accepted_half_yearly_report_moves_the_next_due_date(province, make_task):
    """Accepting the first report moves the task to the next half-year."""
    task = make_task(deadline=datetime.date(2030, 6, 30), recurrence="half_yearly")
    report = services.report_submit(actor=province.users["commune_a"], task=task, percent=50,
                                    narrative="Báo cáo 6 tháng đầu năm.")
    services.report_accept(actor=province.users["office"], report=report)
    task.refresh_from_db()
    assert task.due_date == datetime.date(2030, 12, 31)
