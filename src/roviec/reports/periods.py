"""Reporting periods: a year, a half-year or a quarter, as evaluations count them."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# Period codes as they appear in URLs; labels are what the pages and exports print.
PERIOD_CHOICES = [
    ("year", _("Cả năm")),
    ("h1", _("6 tháng đầu năm")),
    ("h2", _("6 tháng cuối năm")),
    ("q1", _("Quý I")),
    ("q2", _("Quý II")),
    ("q3", _("Quý III")),
    ("q4", _("Quý IV")),
    ("all", _("Toàn bộ thời gian")),
]
_MONTHS = {"year": (1, 12), "h1": (1, 6), "h2": (7, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9),
           "q4": (10, 12)}


@dataclass(frozen=True)
class Period:
    """Tasks belong to a period when their next date due falls inside it; ``all`` has no bounds."""

    code: str
    year: int
    start: datetime.date | None
    end: datetime.date | None

    @property
    def label(self) -> str:
        name = dict(PERIOD_CHOICES)[self.code]
        return str(name) if self.code == "all" else f"{name} {self.year}"

    @property
    def phrase(self) -> str:
        """The period as it reads in a title: "quý II năm 2026", "6 tháng đầu năm 2026"."""
        if self.code == "all":
            return ""
        name = str(dict(PERIOD_CHOICES)[self.code])
        if self.code == "year":
            return f"năm {self.year}"
        if self.code.startswith("q"):
            return f"{name[0].lower()}{name[1:]} năm {self.year}"
        return f"{name} {self.year}"

    def months(self, today: datetime.date) -> list[datetime.date]:
        """First days of the months shown in heatmaps and trends (the last 12 for ``all``)."""
        if self.start is None:
            first = add_months(today.replace(day=1), -11)
            return [add_months(first, n) for n in range(12)]
        count = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
        return [add_months(self.start, n) for n in range(count)]


def make_period(code: str, year: int) -> Period:
    if code == "all":
        return Period("all", year, None, None)
    first, last = _MONTHS[code]
    end = add_months(datetime.date(year, last, 1), 1) - datetime.timedelta(days=1)
    return Period(code, year, datetime.date(year, first, 1), end)


def current_quarter(today: datetime.date) -> Period:
    return make_period(f"q{(today.month - 1) // 3 + 1}", today.year)


def add_months(first_of_month: datetime.date, months: int) -> datetime.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)
