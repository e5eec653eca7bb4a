"""Report figures turned into plain rows for templates.

A province dashboard prints about a hundred units by a dozen columns; giving
the template ready strings (values, drill-down links, colours) instead of
objects to look into keeps rendering well inside the page budget.
"""

from html import escape
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from roviec.reports.selectors import Dashboard, ReportFilters, Tally
from roviec.tasks.status import TaskStatus


def percent(value) -> str:
    return "—" if value is None else f"{value}%"


class TaskListLinks:
    """Links to the task list showing exactly the tasks a figure counts (unit = the unit and its subtree)."""

    def __init__(self, filters: ReportFilters):
        self.base = reverse("tasks:list")
        self.common = {}
        if filters.source_document is not None:
            self.common["source_document"] = filters.source_document.pk
        if filters.field:
            self.common["field"] = filters.field
        if filters.period.start is not None:
            self.common["deadline_from"] = filters.period.start.isoformat()
            self.common["deadline_to"] = filters.period.end.isoformat()

    def url(self, unit=None, status: str = "") -> str:
        params = {}
        if unit is not None:
            params["unit"] = unit.pk
        if status:
            params["status"] = status
        params.update(self.common)
        return f"{self.base}?{urlencode(params)}"


def heat_colour(tally: Tally) -> str:
    """Background for a heatmap cell: red (none on time) through amber to green (all on time)."""
    rate = tally.on_time_rate
    if rate is None:
        return "transparent"
    return f"hsl({round(rate * 120)}, 70%, 82%)"


# The unit table's linked columns: (status code or None for a plain figure, Tally attribute).
UNIT_COLUMNS = (
    (None, "total"),
    (TaskStatus.DONE_ON_TIME.value, "done_on_time"),
    (TaskStatus.DONE_LATE.value, "done_late"),
    (None, "within_deadline"),
    (TaskStatus.OVERDUE.value, "overdue"),
    (TaskStatus.SUSPENDED.value, "suspended"),
)


def unit_table(board: Dashboard, links: TaskListLinks, query: str) -> list[SafeString]:
    """Table rows (HTML) of the unit table: figures linked to the task list, names to the unit's own view."""
    own = escape(gettext("trực tiếp chủ trì"))
    drill = escape(gettext("Xem các đơn vị cấp dưới"))
    query = escape(query)
    rows = []
    for row in board.rows:
        name = escape(row.unit.name)
        if row.direct:
            head = f'<th scope="row">{name} <small>({own})</small></th>'
        else:
            link = f"?{query}&amp;unit={row.unit.pk}"
            head = f'<th scope="row"><a href="{link}" title="{drill}">{name}</a></th>'
        cells = []
        for number, (status, attribute) in enumerate(UNIT_COLUMNS):
            value = getattr(row.tally, attribute)
            css = ' class="hide-sm"' if number == len(UNIT_COLUMNS) - 1 else ""
            # The selected unit's "own tasks" row has no task-list twin (the list always takes a subtree).
            if status and not row.direct:
                cells.append(f'<td{css}><a href="{escape(links.url(row.unit, status))}">{value}</a></td>')
            else:
                cells.append(f"<td{css}>{value}</td>")
        rate = percent(row.tally.on_time_percent)
        # Every part is either escaped above or generated here from numbers.
        rows.append(mark_safe(f"<tr>{head}{''.join(cells)}<td>{rate}</td></tr>"))
    return rows


def heatmap_table(board: Dashboard) -> list[SafeString]:
    """Table rows (HTML) of the heatmap: on time / due per month, coloured by the on-time share."""
    rows = []
    for row, cells in board.heatmap:
        shown = []
        for cell in cells:
            if cell.due:
                text = f"{cell.done_on_time}/{cell.due}"
            else:
                text = f"<small>{cell.total}</small>" if cell.total else ""
            title = percent(cell.on_time_percent)
            shown.append(f'<td style="background: {heat_colour(cell)}" title="{title}">{text}</td>')
        name = escape(row.unit.short_name or row.unit.name)
        rows.append(mark_safe(f'<tr><th scope="row">{name}</th>{"".join(shown)}</tr>'))
    return rows
