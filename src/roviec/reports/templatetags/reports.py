"""Links from report figures to the task list, and the heatmap's colour scale."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def drill_down(filters, unit=None, status: str = "") -> str:
    """The task list showing exactly the tasks a figure counts (unit = the unit and its subtree)."""
    params = {}
    unit = unit if unit is not None else filters.unit
    if unit is not None:
        params["unit"] = unit.pk
    if status:
        params["status"] = status
    if filters.source_document is not None:
        params["source_document"] = filters.source_document.pk
    if filters.field:
        params["field"] = filters.field
    if filters.period.start is not None:
        params["deadline_from"] = filters.period.start.isoformat()
        params["deadline_to"] = filters.period.end.isoformat()
    return f"{reverse('tasks:list')}?{urlencode(params)}"


@register.filter
def heat_colour(tally) -> str:
    """Background for a heatmap cell: red (none on time) through amber to green (all on time)."""
    rate = tally.on_time_rate
    if rate is None:
        return "transparent"
    return f"hsl({round(rate * 120)}, 70%, 82%)"


@register.filter
def percent(value) -> str:
    return "—" if value is None else f"{value}%"
