"""Editing findings and requirements: freely while drafting, by correction once issued.

Before the notice is issued the inner circle edits its working papers. Afterwards the
notice is an issued document: a finding or a requirement changes only by a correction
that gives its reason, made by the inspection committee or a leader of the inspecting
committee (scoping.can_correct_conclusion), and a unit may be added to a finding but never
taken off (its verdict and remediation hang on it). Every change is audited before/after.

A corrected requirement carries its correction to the remediation tasks already assigned
from it (content and deadline, through the tasks services, each task audited), except
tasks done or cancelled and terms someone changed on the task itself since: those are left
alone and reported, never silently skipped. Whoever may correct the notice may change those
two terms of the tasks assigned from its requirements (scoping.can_correct_remediation_task),
so the inspection committee's own correction reaches the tasks its notice created.
"""

import copy
import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, ServiceError
from roviec.inspections.conclusion import task_content
from roviec.inspections.models import Finding, FindingUnit, Inspection, RemediationTask, Requirement
from roviec.inspections.services import (
    FINDING_FIELDS,
    REQUIREMENT_FIELDS,
    _check_members,
    _subject_unit_ids,
    error,
    require_visible,
)
from roviec.tasks import services as task_services
from roviec.tasks.models import Task

_UNSET = object()


@dataclass(frozen=True)
class TaskLeftAlone:
    """A remediation task the correction did not reach, and why (shown to the user)."""

    task: Task
    unit_name: str
    why: str


@dataclass(frozen=True)
class RequirementUpdate:
    requirement: Requirement
    tasks_updated: tuple[Task, ...] = ()
    tasks_left_alone: tuple[TaskLeftAlone, ...] = ()


def _require_editable(actor, inspection: Inspection, reason: str) -> str:
    """The reason to record: required once the notice is issued."""
    require_visible(actor, inspection)
    reason = " ".join((reason or "").split())
    if inspection.notice_id:
        if not scoping.can_correct_conclusion(actor, inspection):
            raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
        if not reason:
            raise error(
                "reason_required",
                "reason",
                "Thông báo kết luận đã ban hành: vui lòng ghi lý do đính chính.",
            )
    elif not scoping.can_work_on_inspection(actor, inspection):
        raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
    return reason


def _finding_snapshot(finding: Finding) -> dict:
    data = snapshot(finding, FINDING_FIELDS)
    data["units"] = sorted(finding.applications.values_list("unit_id", flat=True))
    return data


@transaction.atomic
def finding_update(
    *,
    actor,
    finding: Finding,
    reason: str = "",
    text=_UNSET,
    kind=_UNSET,
    field=_UNSET,
    evidence=_UNSET,
    units: Iterable | object = _UNSET,
    members: Iterable | object = _UNSET,
    responsible_person=_UNSET,
    responsible_role=_UNSET,
) -> Finding:
    """Change a finding; arguments left out stay as they are."""
    finding = Finding.objects.select_for_update().select_related("inspection").get(pk=finding.pk)
    inspection = finding.inspection
    reason = _require_editable(actor, inspection, reason)
    before = _finding_snapshot(finding)
    if text is not _UNSET:
        finding.text = (text or "").strip()
        if not finding.text:
            raise error("text_required", "text", "Vui lòng nhập nội dung.")
    if kind is not _UNSET:
        if kind not in Finding.Kind.values:
            raise error("invalid_kind", "kind", "Loại nội dung không hợp lệ.")
        finding.kind = kind
    for name, value in (
        ("field", field),
        ("evidence", evidence),
        ("responsible_person", responsible_person),
        ("responsible_role", responsible_role),
    ):
        if value is not _UNSET:
            setattr(finding, name, (value or "").strip() if isinstance(value, str) else value)
    current_units = set(finding.applications.values_list("unit_id", flat=True))
    if units is not _UNSET:
        units = list(dict.fromkeys(units))
        subjects = _subject_unit_ids(inspection)
        strangers = [u.name for u in units if u.pk not in subjects]
        if strangers:
            raise error(
                "unit_not_subject",
                "units",
                "Đơn vị không phải đối tượng của cuộc kiểm tra: " + ", ".join(strangers) + ".",
            )
        removed = current_units - {u.pk for u in units}
        if removed and inspection.notice_id:
            raise error(
                "unit_removal_after_issue",
                "units",
                "Thông báo đã ban hành: không bỏ đơn vị khỏi nội dung kết luận (chỉ được bổ sung).",
            )
    if members is not _UNSET:
        members = list(dict.fromkeys(members))
        _check_members(inspection, members)
    has_units = bool(units) if units is not _UNSET else bool(current_units)
    has_members = bool(members) if members is not _UNSET else finding.members.exists()
    if finding.kind == Finding.Kind.RESPONSIBILITY and not (
        finding.responsible_person_id or has_units or has_members
    ):
        raise error(
            "responsible_required",
            "responsible_person",
            "Nội dung trách nhiệm cần nêu đồng chí hoặc đơn vị chịu trách nhiệm.",
        )
    finding.full_clean(exclude=["inspection"])
    finding.save()
    if units is not _UNSET:
        dropped = current_units - {u.pk for u in units}
        FindingUnit.objects.filter(finding=finding, unit_id__in=dropped).delete()
        for unit in units:
            if unit.pk not in current_units:
                FindingUnit.objects.create(finding=finding, unit=unit)
    if members is not _UNSET:
        finding.members.set(members)
    before_diff, after_diff = changed_values(before, _finding_snapshot(finding))
    if after_diff:
        audit_record(
            actor=actor,
            action="update",
            instance=finding,
            before=before_diff,
            after=after_diff,
            reason=reason,
        )
    elif reason:
        raise ServiceError("no_change", "Không có thay đổi nào để đính chính.")
    return finding


@transaction.atomic
def requirement_update(
    *,
    actor,
    requirement: Requirement,
    reason: str = "",
    text=_UNSET,
    heading=_UNSET,
    audience=_UNSET,
    deadline: datetime.date | object | None = _UNSET,
    order=_UNSET,
) -> RequirementUpdate:
    """Change a requirement; once issued, its open remediation tasks follow the correction."""
    requirement = Requirement.objects.select_for_update().select_related("inspection").get(pk=requirement.pk)
    inspection = requirement.inspection
    reason = _require_editable(actor, inspection, reason)
    before = snapshot(requirement, REQUIREMENT_FIELDS)
    original = copy.copy(requirement)
    if text is not _UNSET:
        requirement.text = (text or "").strip()
        if not requirement.text:
            raise error("text_required", "text", "Vui lòng nhập nội dung yêu cầu.")
    if heading is not _UNSET:
        requirement.heading = (heading or "").strip()[:300]
    if audience is not _UNSET:
        if audience not in Requirement.Audience.values:
            raise error("invalid_audience", "audience", "Đối tượng thực hiện không hợp lệ.")
        if inspection.notice_id and audience != requirement.audience:
            raise error(
                "audience_after_issue",
                "audience",
                "Thông báo đã ban hành, nhiệm vụ đã giao theo đối tượng: không đổi đối tượng thực hiện.",
            )
        requirement.audience = audience
    if deadline is not _UNSET:
        requirement.deadline = deadline
    if order is not _UNSET and order:
        requirement.order = order
    requirement.full_clean(exclude=["inspection"])
    requirement.save()
    before_diff, after_diff = changed_values(before, snapshot(requirement, REQUIREMENT_FIELDS))
    if not after_diff:
        if reason:
            raise ServiceError("no_change", "Không có thay đổi nào để đính chính.")
        return RequirementUpdate(requirement=requirement)
    updated, left_alone = _carry_to_tasks(actor, inspection, original, requirement)
    if updated or left_alone:
        # The correction's own entry says which tasks followed it and which did not.
        after_diff["tasks_updated"] = sorted(t.pk for t in updated)
        after_diff["tasks_left_alone"] = sorted(item.task.pk for item in left_alone)
    audit_record(
        actor=actor,
        action="update",
        instance=requirement,
        before=before_diff,
        after=after_diff,
        reason=reason,
    )
    return RequirementUpdate(
        requirement=requirement, tasks_updated=tuple(updated), tasks_left_alone=tuple(left_alone)
    )


def _derived_terms(inspection: Inspection, requirement: Requirement, kind: str) -> dict:
    """What a task assigned from ``requirement`` was given at issue (conclusion._assign_*)."""
    terms = {"deadline": requirement.deadline or inspection.remediation_deadline}
    if kind == RemediationTask.Kind.REMEDIATION:
        terms["content"] = task_content(requirement, "")
    return terms


def _carry_to_tasks(
    actor, inspection: Inspection, old: Requirement, new: Requirement
) -> tuple[list[Task], list[TaskLeftAlone]]:
    """Update the open tasks assigned from a corrected requirement, through the tasks services.

    A task changes only where it still holds what the requirement gave it: a deadline moved
    on the task itself (an extension granted) or a content rewritten there is kept.
    """
    if not inspection.notice_id:
        return [], []
    updated: list[Task] = []
    left_alone: list[TaskLeftAlone] = []
    links = (
        RemediationTask.objects.filter(requirement=new)
        .select_related("task", "unit")
        .order_by("unit__path", "id")
    )
    for link in links:
        was = _derived_terms(inspection, old, link.kind)
        wanted = {n: v for n, v in _derived_terms(inspection, new, link.kind).items() if v != was[n]}
        if not wanted:
            continue
        task, why = _carry_to_task(actor, inspection, link.task, was, wanted)
        if task is not None:
            updated.append(task)
        if why:
            left_alone.append(TaskLeftAlone(task=link.task, unit_name=link.unit.name, why=why))
    return updated, left_alone


def _carry_to_task(
    actor, inspection: Inspection, task: Task, was: dict, wanted: dict
) -> tuple[Task | None, str]:
    """(the task as updated, or None; why it was left alone, wholly or in part, or "")."""
    if task.cancelled_at is not None:
        return None, "đã hủy, giữ nguyên"
    if task.completed_on is not None:
        return None, "đã hoàn thành, giữ nguyên"
    changes = {name: value for name, value in wanted.items() if getattr(task, name) == was[name]}
    kept = [name for name in wanted if name not in changes]
    kept_note = _kept_note(kept) if kept else ""
    if not changes:
        return None, kept_note
    if not scoping.can_correct_remediation_task(actor, task, inspection):
        return None, "bạn không có quyền sửa nhiệm vụ, giữ nguyên (Văn phòng hoặc lãnh đạo cấp ủy cập nhật)"
    try:
        return task_services.task_update(actor=actor, task=task, correcting=inspection, **changes), kept_note
    except ServiceError as refused:
        return None, refused.message.rstrip(".") + ", giữ nguyên"


def _kept_note(fields: list[str]) -> str:
    names = {"content": "nội dung", "deadline": "thời hạn"}
    changed = " và ".join(names[f] for f in fields)
    return f"{changed} đã được điều chỉnh riêng trên nhiệm vụ, giữ nguyên {changed}"
