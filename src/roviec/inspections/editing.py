"""Editing findings and requirements: freely while drafting, by correction once issued.

Before the notice is issued the inner circle edits its working papers. Afterwards the
notice is an issued document: a finding or a requirement changes only by a correction
that gives its reason, made by the inspection committee or a leader of the inspecting
committee (scoping.can_correct_conclusion), and a unit may be added to a finding but never
taken off (its verdict and remediation hang on it). Every change is audited before/after.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, ServiceError
from roviec.inspections.models import Finding, FindingUnit, Inspection, Requirement
from roviec.inspections.services import (
    FINDING_FIELDS,
    REQUIREMENT_FIELDS,
    _check_members,
    _subject_unit_ids,
    error,
    require_visible,
)

_UNSET = object()


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
) -> Requirement:
    """Change a requirement; tasks already assigned from it keep their own terms."""
    requirement = Requirement.objects.select_for_update().select_related("inspection").get(pk=requirement.pk)
    inspection = requirement.inspection
    reason = _require_editable(actor, inspection, reason)
    before = snapshot(requirement, REQUIREMENT_FIELDS)
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
    if after_diff:
        audit_record(
            actor=actor,
            action="update",
            instance=requirement,
            before=before_diff,
            after=after_diff,
            reason=reason,
        )
    elif reason:
        raise ServiceError("no_change", "Không có thay đổi nào để đính chính.")
    return requirement
