"""Cascade: the unit that leads a task splits it into sub-tasks for its subordinate units in one step.

Each sub-task is created through ``task_create`` (so it is scoped, validated and
audited like any task), assigned by the parent's lead unit, which is also its
authority, due no later than the parent. All or nothing: one bad line leaves
no sub-task behind. The parent's progress is the mean of its children's
(``services._refresh_progress``), so splitting is enough to get a roll-up.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from roviec.core import scoping
from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.orgs.models import OrgUnit
from roviec.tasks import services
from roviec.tasks.models import Task


@dataclass(frozen=True)
class SubTaskLine:
    lead_unit: OrgUnit
    content: str
    deadline: datetime.date | None
    deliverable: str = ""


def split_units(*, user, task: Task) -> list[OrgUnit]:
    """The units a task can be split to: current direct subordinates of its lead unit, in order."""
    if task.lead_unit_id is None:
        return []
    today = timezone.localdate()
    units = scoping.visible_units(user).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today), parent_id=task.lead_unit_id
    )
    return list(units.order_by("path"))


def can_split(user, task: Task) -> bool:
    return (
        task.lead_unit_id is not None
        and task.cancelled_at is None
        and task.completed_on is None
        and scoping.can_split_task(user, task)
    )


def _line_error(index: int, field: str, message: str) -> ServiceError:
    return ServiceError("invalid_line", message, {f"lines-{index}-{field}": [message], field: [message]})


@transaction.atomic
def task_split(*, actor, task: Task, lines: list[SubTaskLine]) -> list[Task]:
    """Create one sub-task per line under ``task``; ServiceError names the faulty line's field."""
    services._ensure_visible(actor, task)
    task = services._lock(task)
    if task.lead_unit_id is None:
        raise ServiceError("no_lead_unit", "Nhiệm vụ chưa có đơn vị chủ trì nên chưa thể chia cho cấp dưới.")
    if not scoping.can_split_task(actor, task):
        raise PermissionDeniedError("Chỉ đơn vị chủ trì được chia nhiệm vụ này cho đơn vị cấp dưới.")
    services._ensure_open(task, action="chia cho đơn vị cấp dưới")
    if not lines:
        raise ServiceError(
            "no_lines",
            "Vui lòng chọn ít nhất một đơn vị cấp dưới.",
            {"units": ["Vui lòng chọn ít nhất một đơn vị cấp dưới."]},
        )
    seen = set()
    for index, line in enumerate(lines):
        if not scoping.scope_for(actor).covers(line.lead_unit):
            # A unit outside the scope is not named back: the id alone must not reveal it.
            raise _line_error(index, "lead_unit", "Không tìm thấy đơn vị trong phạm vi của bạn.")
        if line.lead_unit.parent_id != task.lead_unit_id:
            raise _line_error(
                index, "lead_unit", f"{line.lead_unit.name} không trực thuộc {task.lead_unit.name}."
            )
        if line.lead_unit.pk in seen:
            raise _line_error(index, "lead_unit", f"{line.lead_unit.name} được chọn hai lần.")
        seen.add(line.lead_unit.pk)
        if not (line.content or "").strip():
            raise _line_error(index, "content", f"Vui lòng nhập nội dung cho {line.lead_unit.name}.")
        if task.due_date is not None:
            if line.deadline is None:
                raise _line_error(index, "deadline", f"Vui lòng nhập thời hạn cho {line.lead_unit.name}.")
            if line.deadline > task.due_date:
                raise _line_error(
                    index,
                    "deadline",
                    f"Thời hạn của {line.lead_unit.name} không được sau thời hạn nhiệm vụ "
                    f"cấp trên ({task.due_date:%d/%m/%Y}).",
                )
    created = []
    for index, line in enumerate(lines):
        try:
            created.append(
                services.task_create(
                    actor=actor,
                    assigned_by_unit=task.lead_unit,
                    content=line.content,
                    lead_unit=line.lead_unit,
                    deadline=line.deadline,
                    deliverable=line.deliverable,
                    authority_unit=task.lead_unit,
                    source_document=task.source_document,
                    source_clause=task.source_clause,
                    field=task.field,
                    parent=task,
                )
            )
        except ServiceError as error:
            field = next(iter(error.fields or {}), "")
            raise _line_error(index, field or "content", error.message) from error
    return created
