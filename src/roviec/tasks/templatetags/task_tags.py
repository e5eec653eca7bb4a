"""Template helpers: status labels and badges, missing clarities."""

from django import template

from roviec.tasks.clarities import CLARITY_HINTS, missing_clarities
from roviec.tasks.status import TaskStatus, task_status

register = template.Library()


@register.filter
def status_label(code) -> str:
    try:
        return TaskStatus(code).label
    except ValueError:
        return ""


@register.inclusion_tag("tasks/_status.html")
def status_badge(task, element_id=""):
    code = task_status(task)
    return {"code": code.value, "label": code.label, "element_id": element_id}


@register.simple_tag
def task_missing(task) -> list:
    return [(clarity.value, clarity.label, CLARITY_HINTS[clarity]) for clarity in missing_clarities(task)]
