"""The reviewer's confirmations: "this draft task carries out that requirement of the superior".

The matcher misses requirements carried out in other words; the reviewer links the task by hand.
A confirmation names a requirement of the run's result (superior_index, superior_offset) and a
task of the draft (its offset); the run's result itself is never changed. Confirmations are never
deleted: one given in error is withdrawn with a reason. Every change is audited.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, ServiceError
from roviec.core.models import AuditEvent
from roviec.core.scoping import scope_for
from roviec.reviews.models import CoverageConfirmation, ReviewRun

CONFIRMATION_FIELDS = [
    "run", "superior_index", "superior_offset", "draft_offset", "note", "created_by",
    "withdrawn_at", "withdrawn_by", "withdraw_reason",
]
RUN_NOT_FOUND = "Không tìm thấy lượt thẩm định."
CONFIRMATION_NOT_FOUND = "Không tìm thấy xác nhận."
REQUIREMENT_NOT_FOUND = "Không tìm thấy yêu cầu này của văn bản cấp trên trong kết quả thẩm định."
TASK_NOT_FOUND = "Không có nhiệm vụ nào của dự thảo ở vị trí đã chọn."
DUPLICATE = ("Nhiệm vụ này đã được xác nhận là cụ thể hóa yêu cầu; "
             "muốn xác nhận lại thì rút lại xác nhận cũ trước.")
REASON_REQUIRED = "Phải ghi lý do rút lại xác nhận."
ALREADY_WITHDRAWN = "Xác nhận này đã được rút lại."


def find_requirement(result: dict, superior_index: int, superior_offset: int) -> dict | None:
    for c in result.get("coverage", []):
        if c.get("superior_index", 0) == superior_index and c.get("superior_offset") == superior_offset:
            return c
    return None


def find_task(result: dict, draft_offset: int) -> dict | None:
    for t in result.get("tasks", []):
        if t.get("offset") == draft_offset:
            return t
    return None


def _int(value, field: str, message: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ServiceError("invalid", message, {field: [message]}) from None


@transaction.atomic
def coverage_confirm(*, actor, run: ReviewRun, superior_index, superior_offset, draft_offset,
                     note: str = "") -> CoverageConfirmation:
    """Record that the draft task at `draft_offset` carries out the requirement of the superior
    document `superior_index` at `superior_offset` (any task of the draft, not only a candidate)."""
    if not scope_for(actor).covers(run.unit):
        raise NotFoundError(RUN_NOT_FOUND)
    superior_index = _int(superior_index, "superior_offset", REQUIREMENT_NOT_FOUND)
    superior_offset = _int(superior_offset, "superior_offset", REQUIREMENT_NOT_FOUND)
    draft_offset = _int(draft_offset, "draft_offset", TASK_NOT_FOUND)
    result = run.result or {}
    if find_requirement(result, superior_index, superior_offset) is None:
        raise ServiceError("requirement_not_found", REQUIREMENT_NOT_FOUND,
                           {"superior_offset": [REQUIREMENT_NOT_FOUND]})
    if find_task(result, draft_offset) is None:
        raise ServiceError("task_not_found", TASK_NOT_FOUND, {"draft_offset": [TASK_NOT_FOUND]})
    # Serialise confirmations of one run (PostgreSQL); the constraint catches any race left.
    ReviewRun.objects.select_for_update().filter(pk=run.pk).first()
    key = {"run": run, "superior_index": superior_index, "superior_offset": superior_offset,
           "draft_offset": draft_offset}
    if CoverageConfirmation.objects.filter(**key, withdrawn_at__isnull=True).exists():
        raise ServiceError("duplicate", DUPLICATE, {"draft_offset": [DUPLICATE]})
    confirmation = CoverageConfirmation(
        **key,
        note=(note or "").strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    confirmation.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            confirmation.save()
    except IntegrityError:
        raise ServiceError("duplicate", DUPLICATE, {"draft_offset": [DUPLICATE]}) from None
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=confirmation,
                 after=snapshot(confirmation, CONFIRMATION_FIELDS), units=[run.unit])
    return confirmation


@transaction.atomic
def coverage_confirmation_withdraw(*, actor, confirmation: CoverageConfirmation,
                                   reason: str) -> CoverageConfirmation:
    """Withdraw a confirmation given in error; it stays on record with who, when and why."""
    confirmation = (CoverageConfirmation.objects.select_for_update().select_related("run__unit")
                    .filter(pk=confirmation.pk).first())
    if confirmation is None or not scope_for(actor).covers(confirmation.run.unit):
        raise NotFoundError(CONFIRMATION_NOT_FOUND)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError("reason_required", REASON_REQUIRED, {"reason": [REASON_REQUIRED]})
    if confirmation.withdrawn_at is not None:
        raise ServiceError("already_withdrawn", ALREADY_WITHDRAWN, {})
    before = snapshot(confirmation, CONFIRMATION_FIELDS)
    confirmation.withdrawn_at = timezone.now()
    confirmation.withdrawn_by = actor if getattr(actor, "is_authenticated", False) else None
    confirmation.withdraw_reason = reason
    confirmation.save(update_fields=["withdrawn_at", "withdrawn_by", "withdraw_reason", "updated_at"])
    before_diff, after_diff = changed_values(before, snapshot(confirmation, CONFIRMATION_FIELDS))
    audit_record(actor=actor, action=AuditEvent.Action.CANCEL, instance=confirmation, before=before_diff,
                 after=after_diff, units=[confirmation.run.unit], reason=reason)
    return confirmation

