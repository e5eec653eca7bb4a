"""Links from report figures to the task list."""

from django import template

from roviec.reports.presenters import TaskListLinks
from roviec.reports.presenters import percent as _percent

register = template.Library()


@register.simple_tag
def drill_down(filters, unit=None, status: str = "") -> str:
    """The task list showing exactly the tasks a figure counts (unit = the unit and its subtree)."""
    return TaskListLinks(filters).url(unit if unit is not None else filters.unit, status)


@register.filter
def percent(value) -> str:
    return _percent(value)
