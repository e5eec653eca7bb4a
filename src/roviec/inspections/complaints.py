"""Complaints and denunciations: register, handle, flag overdue; the sender's identity protected.

Only the inspection role of the handling body reads the sender (scoping.can_see_complainant).
The sender is kept out of search text and out of audit entries (which other users may
read), and lists, exports and the API leave it out for everyone else. The unit complained
about must lie in the registering user's scope, whichever way the letter comes in.
"""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError
from roviec.core.text import fold
from roviec.inspections import limits
from roviec.inspections.models import Complaint
from roviec.inspections.services import error

# Audited fields: never the sender, whose change is noted without its value.
COMPLAINT_FIELDS = (
    "received_on",
    "kind",
    "subject_unit",
    "subject_person_name",
    "content",
    "field",
    "handling_unit",
    "due_date",
    "status",
    "outcome",
    "closed_on",
)
SENDER_FIELDS = ("sender_name", "sender_contact")
OPEN_STATUSES = (Complaint.Status.RECEIVED, Complaint.Status.HANDLING)
PROTECTED = "[được bảo vệ]"
HANDLING_UNIT_NOT_FOUND = "Không tìm thấy cơ quan giải quyết trong phạm vi của bạn."
SUBJECT_UNIT_NOT_FOUND = (
    "Không tìm thấy tổ chức bị khiếu nại, tố cáo trong phạm vi của bạn; vui lòng chọn lại."
)


def _search_text(complaint: Complaint) -> str:
    parts = [
        complaint.content,
        complaint.subject_person_name,
        complaint.subject_unit.name if complaint.subject_unit_id else "",
    ]
    return fold(" ".join(p for p in parts if p))


def _audit_units(complaint: Complaint) -> list[int]:
    """The handling body only, so its inspection committee and office read the entry; never the
    unit complained about, whose audit log must not reveal a letter about it."""
    return [complaint.handling_unit_id]


def _audit_snapshot(complaint: Complaint) -> dict:
    data = snapshot(complaint, COMPLAINT_FIELDS)
    data["sender"] = PROTECTED if complaint.sender_name or complaint.sender_contact else ""
    return data


def _check_subject_unit(actor, subject_unit) -> None:
    """The unit complained about must be one the user may see; the message never names it, and
    the API gives the same answer for an id that does not exist (ids cannot be probed)."""
    if subject_unit is not None and not scoping.scope_for(actor).covers(subject_unit):
        raise error("subject_unit_not_found", "subject_unit", SUBJECT_UNIT_NOT_FOUND)


@transaction.atomic
def complaint_register(
    *,
    actor,
    received_on: datetime.date,
    kind: str,
    content: str,
    handling_unit,
    sender_name: str = "",
    sender_contact: str = "",
    subject_unit=None,
    subject_person_name: str = "",
    field: str = "other",
    due_date: datetime.date | None = None,
) -> Complaint:
    # A handling body out of the user's scope is answered as absent, before anything else.
    if handling_unit is None or not scoping.scope_for(actor).covers(handling_unit):
        raise error("handling_unit_not_found", "handling_unit", HANDLING_UNIT_NOT_FOUND)
    _check_subject_unit(actor, subject_unit)
    if not scoping.can_manage_complaints(actor, handling_unit):
        raise PermissionDeniedError("Bạn không có quyền tiếp nhận đơn thư cho cơ quan này.")
    content = (content or "").strip()
    if not content:
        raise error("content_required", "content", "Vui lòng nhập nội dung đơn thư.")
    if kind not in Complaint.Kind.values:
        raise error("invalid_kind", "kind", "Vui lòng chọn loại đơn.")
    if received_on is None:
        raise error("received_required", "received_on", "Vui lòng nhập ngày nhận đơn.")
    if received_on > timezone.localdate():
        raise error("future_date", "received_on", "Ngày nhận không được sau ngày hôm nay.")
    due_date = due_date or limits.complaint_due_date(kind, received_on)
    if due_date < received_on:
        raise error("due_before_received", "due_date", "Thời hạn giải quyết phải sau ngày nhận.")
    complaint = Complaint(
        received_on=received_on,
        kind=kind,
        content=content,
        handling_unit=handling_unit,
        sender_name=(sender_name or "").strip(),
        sender_contact=(sender_contact or "").strip(),
        subject_unit=subject_unit,
        subject_person_name=(subject_person_name or "").strip(),
        field=field,
        due_date=due_date,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    complaint.search_text = _search_text(complaint)
    complaint.full_clean(exclude=["created_by", "search_text"])
    complaint.save()
    audit_record(
        actor=actor,
        action="create",
        instance=complaint,
        after=_audit_snapshot(complaint),
        units=_audit_units(complaint),
    )
    return complaint


@transaction.atomic
def complaint_update(
    *, actor, complaint: Complaint, status: str, outcome: str = "", closed_on: datetime.date | None = None
) -> Complaint:
    if not scoping.visible_complaints(actor).filter(pk=complaint.pk).exists():
        raise NotFoundError("Không tìm thấy đơn thư.")
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not scoping.can_manage_complaints(actor, complaint.handling_unit):
        raise PermissionDeniedError("Bạn không có quyền giải quyết đơn thư này.")
    if status not in Complaint.Status.values:
        raise error("invalid_status", "status", "Tình trạng không hợp lệ.")
    outcome = (outcome or "").strip()
    if status not in OPEN_STATUSES:
        if not outcome:
            raise error("outcome_required", "outcome", "Vui lòng ghi kết quả giải quyết.")
        closed_on = closed_on or timezone.localdate()
    else:
        closed_on = None
    before = _audit_snapshot(complaint)
    complaint.status, complaint.outcome, complaint.closed_on = status, outcome, closed_on
    complaint.save(update_fields=["status", "outcome", "closed_on", "updated_at"])
    before_diff, after_diff = changed_values(before, _audit_snapshot(complaint))
    if after_diff:
        audit_record(
            actor=actor,
            action="update",
            instance=complaint,
            before=before_diff,
            after=after_diff,
            units=_audit_units(complaint),
        )
    return complaint


def complaint_list(
    *, user, q: str = "", status: str = "", overdue: bool = False, today: datetime.date | None = None
) -> QuerySet:
    complaints = scoping.visible_complaints(user)
    if status:
        complaints = complaints.filter(status=status)
    if overdue:
        complaints = complaints_overdue(user=user, today=today)
    for word in fold(q).split():
        complaints = complaints.filter(search_text__contains=word)
    return complaints.select_related("handling_unit", "subject_unit")


def complaints_overdue(*, user, today: datetime.date | None = None) -> QuerySet:
    """Letters still open past their statutory time limit (for the dashboard)."""
    today = today or timezone.localdate()
    return scoping.visible_complaints(user).filter(status__in=OPEN_STATUSES, due_date__lt=today)


def complaint_get(*, user, pk) -> Complaint:
    complaint = complaint_list(user=user).filter(pk=pk).first()
    if complaint is None:
        raise NotFoundError("Không tìm thấy đơn thư.")
    return complaint


def sender_for(user, complaint: Complaint) -> dict | None:
    """The sender's identity for those allowed to see it, else None."""
    if not scoping.can_see_complainant(user, complaint):
        return None
    return {"name": complaint.sender_name, "contact": complaint.sender_contact}
