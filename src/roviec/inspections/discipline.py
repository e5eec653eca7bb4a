"""The discipline register and its statistics in the words the province's reports use.

"Ban Thường vụ Tỉnh ủy thi hành kỷ luật cảnh cáo 06 đảng viên; …": counts by deciding
authority, form and kind of subject, over a period.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError
from roviec.core.text import fold, vietnamese_sort_key
from roviec.inspections import limits
from roviec.inspections.models import DisciplineCase, DisciplineForm
from roviec.inspections.services import error

CASE_FIELDS = (
    "subject_kind",
    "unit",
    "person",
    "person_name",
    "membership",
    "violation",
    "form",
    "authority",
    "decided_on",
    "decision",
    "inspection",
    "appeal",
    "appeal_received_on",
    "appeal_note",
    "cancel_reason",
)


def _search_text(case: DisciplineCase) -> str:
    return fold(
        " ".join(p for p in [case.person_name, str(case.person or ""), case.unit.name, case.violation] if p)
    )


def _form_label(form: str) -> str:
    return DisciplineForm(form).label if form in DisciplineForm.values else form


def _validate(case: DisciplineCase) -> None:
    kind = DisciplineCase.SubjectKind
    if case.subject_kind not in kind.values:
        raise error("invalid_subject", "subject_kind", "Vui lòng chọn đối tượng kỷ luật.")
    if case.subject_kind == kind.MEMBER:
        if not case.person_id and not case.person_name:
            raise error("member_required", "person_name", "Vui lòng ghi họ tên đảng viên bị kỷ luật.")
        if case.membership not in (DisciplineCase.Membership.FULL, DisciplineCase.Membership.PROBATIONARY):
            raise error("membership_required", "membership", "Vui lòng chọn đảng viên chính thức hay dự bị.")
    else:
        case.membership, case.person, case.person_name = "", None, ""
    allowed = limits.allowed_forms(case.subject_kind, case.membership)
    if case.form not in allowed:
        names = ", ".join(DisciplineForm(f).label.lower() for f in allowed)
        who = (
            "tổ chức đảng"
            if case.subject_kind == kind.ORGANISATION
            else DisciplineCase.Membership(case.membership).label.lower()
        )
        raise error(
            "form_not_allowed",
            "form",
            f"Hình thức “{_form_label(case.form)}” không áp dụng cho {who}; chỉ có: {names}.",
        )
    if case.decided_on and case.decided_on > timezone.localdate():
        raise error("future_date", "decided_on", "Ngày quyết định không được sau ngày hôm nay.")
    if case.appeal_received_on and case.decided_on and case.appeal_received_on < case.decided_on:
        raise error(
            "appeal_before_decision", "appeal_received_on", "Ngày nhận khiếu nại phải sau ngày quyết định."
        )


AUTHORITY_NOT_FOUND = "Không tìm thấy cấp quyết định kỷ luật trong phạm vi của bạn."
UNIT_NOT_FOUND = "Không tìm thấy tổ chức đảng trong phạm vi của bạn."
DECISION_NOT_FOUND = "Không tìm thấy quyết định kỷ luật trong sổ văn bản."
INSPECTION_NOT_FOUND = "Không tìm thấy cuộc kiểm tra."


@transaction.atomic
def discipline_record(
    *,
    actor,
    subject_kind: str,
    unit,
    form: str,
    authority,
    decided_on: datetime.date,
    violation: str,
    person=None,
    person_name: str = "",
    membership: str = "",
    decision=None,
    inspection=None,
) -> DisciplineCase:
    # Units, a decision or an inspection out of reach are answered first, as absent (the API gives
    # the same answer for an id that does not exist); a decision or inspection of another unit
    # would otherwise be linked, and shown, without being visible.
    scope = scoping.scope_for(actor)
    if authority is None or not scope.covers(authority):
        raise error("authority_not_found", "authority", AUTHORITY_NOT_FOUND)
    if unit is None or not scope.covers(unit):
        raise error("unit_not_found", "unit", UNIT_NOT_FOUND)
    if decision is not None and not scoping.visible_documents(actor).filter(pk=decision.pk).exists():
        raise error("decision_not_found", "decision", DECISION_NOT_FOUND)
    if inspection is not None and not scoping.visible_inspections(actor).filter(pk=inspection.pk).exists():
        raise error("inspection_not_found", "inspection", INSPECTION_NOT_FOUND)
    if not scoping.can_manage_discipline(actor, authority):
        raise PermissionDeniedError("Bạn không có quyền ghi sổ kỷ luật cho cấp này.")
    violation = (violation or "").strip()
    if not violation:
        raise error("violation_required", "violation", "Vui lòng ghi nội dung vi phạm.")
    case = DisciplineCase(
        subject_kind=subject_kind,
        unit=unit,
        form=form,
        authority=authority,
        decided_on=decided_on,
        violation=violation,
        person=person,
        person_name=(person_name or "").strip(),
        membership=membership or "",
        decision=decision,
        inspection=inspection,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate(case)
    case.search_text = _search_text(case)
    case.full_clean(exclude=["created_by", "search_text"])
    case.save()
    audit_record(
        actor=actor,
        action="create",
        instance=case,
        after=snapshot(case, CASE_FIELDS),
        units=[unit, authority],
    )
    return case


@transaction.atomic
def discipline_appeal(
    *, actor, case: DisciplineCase, appeal: str, received_on: datetime.date | None = None, note: str = ""
) -> DisciplineCase:
    if not scoping.visible_discipline_cases(actor).filter(pk=case.pk).exists():
        raise NotFoundError("Không tìm thấy vụ kỷ luật.")
    case = DisciplineCase.objects.select_for_update().get(pk=case.pk)
    if not scoping.can_manage_discipline(actor, case.authority):
        raise PermissionDeniedError()
    if appeal not in DisciplineCase.Appeal.values:
        raise error("invalid_appeal", "appeal", "Kết quả khiếu nại không hợp lệ.")
    before = snapshot(case, CASE_FIELDS)
    case.appeal, case.appeal_received_on, case.appeal_note = appeal, received_on, (note or "").strip()
    _validate(case)
    case.save(update_fields=["appeal", "appeal_received_on", "appeal_note", "updated_at"])
    before_diff, after_diff = changed_values(before, snapshot(case, CASE_FIELDS))
    audit_record(
        actor=actor,
        action="update",
        instance=case,
        before=before_diff,
        after=after_diff,
        units=[case.unit_id, case.authority_id],
    )
    return case


def discipline_list(*, user, date_from=None, date_to=None, authority=None, form: str = "", q: str = ""):
    cases = scoping.visible_discipline_cases(user).filter(cancelled_at__isnull=True)
    if date_from:
        cases = cases.filter(decided_on__gte=date_from)
    if date_to:
        cases = cases.filter(decided_on__lte=date_to)
    if authority is not None:
        cases = cases.filter(authority=authority)
    if form:
        cases = cases.filter(form=form)
    for word in fold(q).split():
        cases = cases.filter(search_text__contains=word)
    return cases.select_related("unit", "authority", "person")


@dataclass
class DisciplineStats:
    total: int
    by_form: list[tuple[str, int]]
    by_authority: list[tuple[str, int]]
    sentences: list[str]

    @property
    def summary(self) -> str:
        return "; ".join(self.sentences) + ("." if self.sentences else "")


_FORM_ORDER = {value: index for index, value in enumerate(DisciplineForm.values)}


def discipline_statistics(*, user, date_from=None, date_to=None) -> DisciplineStats:
    cases = list(discipline_list(user=user, date_from=date_from, date_to=date_to))
    by_form = Counter(c.form for c in cases)
    by_authority = Counter(c.authority.name for c in cases)
    grouped = Counter((c.authority.name, c.form, c.subject_kind) for c in cases)
    sentences = []
    for (authority, form, kind), count in sorted(
        grouped.items(), key=lambda kv: (vietnamese_sort_key(kv[0][0]), _FORM_ORDER[kv[0][1]], kv[0][2])
    ):
        noun = "đảng viên" if kind == DisciplineCase.SubjectKind.MEMBER else "tổ chức đảng"
        sentences.append(
            f"{authority} thi hành kỷ luật {DisciplineForm(form).label.lower()} {count:02d} {noun}"
        )
    return DisciplineStats(
        total=len(cases),
        by_form=[(DisciplineForm(f).label, by_form[f]) for f in DisciplineForm.values if by_form[f]],
        by_authority=sorted(by_authority.items(), key=lambda kv: vietnamese_sort_key(kv[0])),
        sentences=sentences,
    )


@transaction.atomic
def discipline_cancel(*, actor, case: DisciplineCase, reason: str) -> DisciplineCase:
    """Cancel a case recorded in error: never deleted, kept with its reason, out of the statistics."""
    if not scoping.visible_discipline_cases(actor).filter(pk=case.pk).exists():
        raise NotFoundError("Không tìm thấy vụ kỷ luật.")
    case = DisciplineCase.objects.select_for_update().get(pk=case.pk)
    if not scoping.can_manage_discipline(actor, case.authority):
        raise PermissionDeniedError("Bạn không có quyền hủy vụ kỷ luật này.")
    if case.cancelled_at is not None:
        raise error("already_cancelled", "reason", "Vụ kỷ luật này đã bị hủy.")
    reason = " ".join((reason or "").split())
    if not reason:
        raise error("reason_required", "reason", "Vui lòng ghi lý do hủy.")
    before = snapshot(case, (*CASE_FIELDS, "cancelled_at"))
    case.cancelled_at, case.cancel_reason = timezone.now(), reason
    case.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="cancel",
        instance=case,
        before={k: before[k] for k in ("cancelled_at", "cancel_reason")},
        after={"cancelled_at": case.cancelled_at.isoformat(), "cancel_reason": reason},
        units=[case.unit_id, case.authority_id],
        reason=reason,
    )
    return case


def discipline_cancelled(*, user):
    """Cancelled cases, kept for the record and listed apart."""
    return (
        scoping.visible_discipline_cases(user)
        .filter(cancelled_at__isnull=False)
        .select_related("unit", "authority", "person")
        .order_by("-cancelled_at")
    )
