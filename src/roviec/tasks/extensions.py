"""Extensions (gia hạn): the lead unit asks for a later deadline, the task's authority decides.

Approval moves the task's deadline and next due date; the request rows stay as
the task's deadline history (old and new dates, reasons, who decided). Every
step is audited and notified in the same transaction.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.notifications import services as notifications
from roviec.tasks.models import ExtensionRequest, Task
from roviec.tasks.services import _ensure_open, _ensure_visible, _field_error, _lock, _roll_up, _task_units

EXTENSION_FIELDS = (
    "task",
    "unit",
    "old_deadline",
    "new_deadline",
    "reason",
    "decision",
    "decided_by",
    "decided_at",
    "decision_comment",
)
DECISION_FIELDS = ("decision", "decided_by", "decided_at", "decision_comment")


def _date(value: datetime.date) -> str:
    return f"{value:%d/%m/%Y}"


@transaction.atomic
def extension_request(
    *, actor, task: Task, new_deadline: datetime.date | None, reason: str, today: datetime.date | None = None
) -> ExtensionRequest:
    """The lead unit asks its task's authority for a later deadline, with a reason."""
    _ensure_visible(actor, task)
    task = _lock(task)
    if not scoping.can_report_progress(actor, task):
        raise PermissionDeniedError("Chỉ đơn vị chủ trì mới đề nghị gia hạn nhiệm vụ này.")
    _ensure_open(task, action="đề nghị gia hạn")
    if task.recurrence:
        raise ServiceError(
            "recurring_task",
            "Nhiệm vụ định kỳ không gia hạn từng kỳ; đề nghị đơn vị giao điều chỉnh lịch định kỳ.",
        )
    if task.due_date is None:
        raise ServiceError("no_deadline", "Nhiệm vụ chưa có thời hạn nên không cần gia hạn.")
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason_required", "reason", "Vui lòng nêu lý do đề nghị gia hạn.")
    if new_deadline is None:
        raise _field_error("new_deadline_required", "new_deadline", "Vui lòng nhập thời hạn đề nghị.")
    today = today or timezone.localdate()
    if new_deadline <= task.due_date:
        raise _field_error(
            "new_deadline_not_later",
            "new_deadline",
            f"Thời hạn đề nghị phải sau thời hạn hiện tại ({_date(task.due_date)}).",
        )
    if new_deadline < today:
        raise _field_error("new_deadline_past", "new_deadline", "Thời hạn đề nghị đã qua.")
    parent = task.parent
    if parent is not None and parent.due_date is not None and new_deadline > parent.due_date:
        raise _field_error(
            "beyond_parent",
            "new_deadline",
            f"Thời hạn đề nghị vượt thời hạn nhiệm vụ cấp trên ({_date(parent.due_date)}); "
            "đơn vị chủ trì nhiệm vụ cấp trên cần được gia hạn trước.",
        )
    if ExtensionRequest.objects.filter(task=task, decision=ExtensionRequest.Decision.PENDING).exists():
        raise ServiceError("extension_pending", "Nhiệm vụ đang có một đề nghị gia hạn chờ quyết định.")
    extension = ExtensionRequest(
        task=task,
        unit=task.lead_unit,
        requested_by=actor,
        old_deadline=task.due_date,
        new_deadline=new_deadline,
        reason=reason,
    )
    try:
        with transaction.atomic():
            extension.save()
    except IntegrityError:
        # A concurrent request won the race for the one pending slot.
        raise ServiceError(
            "extension_pending", "Nhiệm vụ đang có một đề nghị gia hạn chờ quyết định."
        ) from None
    audit_record(
        actor=actor,
        action="create",
        instance=extension,
        after=snapshot(extension, EXTENSION_FIELDS),
        units=_task_units(task),
        reason=reason,
    )
    notifications.notify_extension_requested(extension=extension)
    return extension


def _lock_for_decision(actor, extension: ExtensionRequest) -> tuple[ExtensionRequest, Task]:
    if not ExtensionRequest.objects.filter(
        pk=extension.pk, task__in=scoping.visible_tasks(actor).values("pk")
    ).exists():
        raise NotFoundError("Không tìm thấy đề nghị gia hạn.")
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    task = _lock(extension.task)
    if not scoping.can_review_reports(actor, task):
        raise PermissionDeniedError("Chỉ cơ quan, người có thẩm quyền của nhiệm vụ mới quyết định gia hạn.")
    if extension.decision != ExtensionRequest.Decision.PENDING:
        raise ServiceError("extension_decided", "Đề nghị gia hạn này đã được quyết định.")
    return extension, task


def _decide(extension: ExtensionRequest, actor, decision: str, comment: str) -> None:
    extension.decision = decision
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_comment = comment
    extension.save(update_fields=[*DECISION_FIELDS, "updated_at"])


@transaction.atomic
def extension_approve(*, actor, extension: ExtensionRequest, comment: str = "") -> ExtensionRequest:
    """The authority grants the extension: the task's deadline and next due date move to the new date."""
    extension, task = _lock_for_decision(actor, extension)
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", "Nhiệm vụ đã bị hủy.")
    if task.completed_on is not None:
        raise ServiceError("task_completed", "Nhiệm vụ đã hoàn thành, không cần gia hạn.")
    if task.due_date != extension.old_deadline:
        raise ServiceError(
            "deadline_changed",
            "Thời hạn nhiệm vụ đã thay đổi sau khi đề nghị; vui lòng không đồng ý và đề nghị đơn vị gửi lại.",
        )
    before_request = snapshot(extension, DECISION_FIELDS)
    _decide(extension, actor, ExtensionRequest.Decision.APPROVED, (comment or "").strip())
    fields = ("deadline", "due_date")
    before_task = snapshot(task, fields)
    task.deadline = extension.new_deadline
    task.due_date = extension.new_deadline
    task.save(update_fields=[*fields, "updated_at"])
    _roll_up(task.parent_id)
    units = _task_units(task)
    old, new = changed_values(before_request, snapshot(extension, DECISION_FIELDS))
    audit_record(
        actor=actor,
        action="accept",
        instance=extension,
        before=old,
        after=new,
        units=units,
        reason=extension.decision_comment or extension.reason,
    )
    audit_record(
        actor=actor,
        action="update",
        instance=task,
        before=before_task,
        after=snapshot(task, fields),
        units=units,
        reason=f"Gia hạn theo đề nghị: {extension.reason}",
    )
    notifications.notify_extension_decided(extension=extension)
    return extension


@transaction.atomic
def extension_refuse(*, actor, extension: ExtensionRequest, comment: str) -> ExtensionRequest:
    """The authority refuses, saying why; the deadline stays."""
    extension, task = _lock_for_decision(actor, extension)
    comment = (comment or "").strip()
    if not comment:
        raise _field_error("comment_required", "comment", "Vui lòng nêu ý kiến khi không đồng ý gia hạn.")
    before = snapshot(extension, DECISION_FIELDS)
    _decide(extension, actor, ExtensionRequest.Decision.REFUSED, comment)
    old, new = changed_values(before, snapshot(extension, DECISION_FIELDS))
    audit_record(
        actor=actor,
        action="return",
        instance=extension,
        before=old,
        after=new,
        units=_task_units(task),
        reason=comment,
    )
    notifications.notify_extension_decided(extension=extension)
    return extension


# --- reads -----------------------------------------------------------------------------


def extension_list(*, user, task: Task) -> QuerySet:
    """The task's extension history, newest first, if the user may see the task."""
    return (
        ExtensionRequest.objects.filter(task=task, task__in=scoping.visible_tasks(user).values("pk"))
        .select_related("requested_by", "requested_by__person", "decided_by", "decided_by__person", "unit")
        .order_by("-created_at", "-id")
    )


def extension_get(*, user, pk) -> ExtensionRequest:
    try:
        return ExtensionRequest.objects.select_related("task").get(
            pk=pk, task__in=scoping.visible_tasks(user).values("pk")
        )
    except (ExtensionRequest.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy đề nghị gia hạn.") from None


def extensions_awaiting_decision(user) -> QuerySet:
    """Pending requests on tasks the user may decide (checked per task: few rows, exact rule)."""
    pending = (
        ExtensionRequest.objects.filter(
            decision=ExtensionRequest.Decision.PENDING, task__in=scoping.visible_tasks(user).values("pk")
        )
        .select_related("task", "task__authority_unit", "unit")
        .order_by("created_at")
    )
    return [e for e in pending if scoping.can_review_reports(user, e.task)]
