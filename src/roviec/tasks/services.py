"""Writes on tasks and progress reports. Each one checks scope, validates, and is audited.

Status is never written: services only move the dates it is derived from
(``due_date``, ``completed_on``, ``suspended_at``, ``cancelled_at``,
``last_report_at``) and the accepted progress.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.files import EVIDENCE_MIME_TYPES, check_upload
from roviec.core.text import fold
from roviec.notifications import services as notifications
from roviec.orgs.models import OrgUnit, Person, Position
from roviec.tasks import selectors
from roviec.tasks.models import EvidenceFile, ProgressReport, Recurrence, Task
from roviec.tasks.recurrence import next_due_date

TASK_FIELDS = (
    "content", "lead_unit", "responsible_person", "coordinating_units", "deadline", "recurrence",
    "recurrence_until", "due_date", "accountable_person", "deliverable", "authority_unit",
    "authority_person", "resources", "field", "source_document", "source_clause", "parent",
    "assigned_by_unit",
)
EDITABLE_FIELDS = frozenset(TASK_FIELDS) - {"due_date"}
TEXT_FIELDS = ("content", "deliverable", "resources", "field", "source_clause", "recurrence")
SCHEDULE_FIELDS = ("deadline", "recurrence", "recurrence_until")
# The terms the assigning side sets; the lead unit cannot change them itself.
TERM_FIELDS = (*SCHEDULE_FIELDS, "deliverable", "authority_unit", "authority_person")
# What a correction of an issued inspection notice carries to the tasks it assigned.
CORRECTION_FIELDS = frozenset({"content", "deadline"})
REPORT_REVIEW_FIELDS = ("review", "reviewed_by", "reviewed_at", "review_comment")
TASK_PROGRESS_FIELDS = ("progress_percent", "completed_on", "due_date", "fulfilled_occurrences")
# The units and people a task names; each is checked when it is set or changed.
REFERENCE_FIELDS = ("assigned_by_unit", "lead_unit", "coordinating_units", "responsible_person",
                    "accountable_person", "authority_unit", "authority_person")
# One answer for an id outside the scope and an id that does not exist (the API uses them too).
UNIT_NOT_FOUND = "Không tìm thấy đơn vị (hoặc đơn vị nằm ngoài phạm vi của bạn)."
PERSON_NOT_FOUND = "Không tìm thấy cán bộ (hoặc cán bộ nằm ngoài phạm vi của bạn)."
DOCUMENT_NOT_FOUND = "Không tìm thấy văn bản giao."
PARENT_NOT_FOUND = "Không tìm thấy nhiệm vụ cấp trên."
# Who of a committee sits on its standing committee (their positions are recorded at the committee).
STANDING_KINDS = (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.STANDING_MEMBER)


# --- helpers ---------------------------------------------------------------------

def _task_units(task: Task, coordinating_units: Iterable | None = None) -> set:
    if coordinating_units is None:
        coordinating_units = task.coordinating_units.all() if task.pk else ()
    units = {task.lead_unit_id, task.assigned_by_unit_id}
    units.update(getattr(u, "pk", u) for u in coordinating_units)
    units.discard(None)
    return units


def _search_text(task: Task) -> str:
    parts = [task.content, task.deliverable, task.field, task.source_clause, task.resources]
    if task.lead_unit_id:
        parts += [task.lead_unit.name, task.lead_unit.short_name]
    if task.source_document_id:
        parts.append(task.source_document.symbol)
    return fold(" ".join(p for p in parts if p))


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        fields = {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
        raise ServiceError("invalid", "Dữ liệu không hợp lệ, vui lòng kiểm tra lại.", fields) from error


def _field_error(code: str, field: str, message: str) -> ServiceError:
    return ServiceError(code, message, {field: [message]})


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise _field_error("reason_required", field, "Vui lòng nêu lý do.")
    return reason


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update(of=("self",)).select_related(
        "lead_unit", "assigned_by_unit", "parent__lead_unit", "source_document"
    ).get(pk=task.pk)


def _ensure_visible(actor, task: Task) -> None:
    if not scoping.visible_tasks(actor).filter(pk=task.pk).exists():
        raise NotFoundError("Không tìm thấy nhiệm vụ.")


def _ensure_open(task: Task, *, action: str) -> None:
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", f"Nhiệm vụ đã bị hủy, không thể {action}.")
    if task.suspended_at is not None:
        raise ServiceError("task_suspended", f"Nhiệm vụ đang tạm dừng, không thể {action}.")
    if task.completed_on is not None:
        raise ServiceError("task_completed", f"Nhiệm vụ đã hoàn thành, không thể {action}.")


def _validate_task(actor, task: Task, coordinating_units, *, check_assigned_by: bool = True,
                   check_lead: bool = True, check_parent: bool = True,
                   references: Iterable[str] = REFERENCE_FIELDS,
                   new_coordinators: Iterable | None = None) -> None:
    """Rules shared by create and update; raise ServiceError with field messages.

    ``references`` names the unit and person fields set or changed (all of them on create);
    ``new_coordinators`` the coordinating units added (all of them when None).
    """
    task.content = (task.content or "").strip()
    for name in ("deliverable", "resources", "field", "source_clause"):
        setattr(task, name, (getattr(task, name) or "").strip())
    task.recurrence = task.recurrence or ""
    if not task.content:
        raise _field_error("content_required", "content", "Vui lòng nhập nội dung nhiệm vụ.")
    if task.recurrence not in Recurrence.values:
        raise _field_error("invalid_recurrence", "recurrence", "Định kỳ không hợp lệ.")
    if task.recurrence and task.deadline is None:
        raise _field_error("recurrence_needs_deadline", "deadline",
                           "Nhiệm vụ định kỳ cần có thời hạn của lần đầu tiên.")
    if task.recurrence_until is not None:
        if not task.recurrence:
            raise _field_error("until_without_recurrence", "recurrence_until",
                               "Chỉ nhập “định kỳ đến ngày” cho nhiệm vụ định kỳ.")
        if task.recurrence_until < task.deadline:
            raise _field_error("until_before_deadline", "recurrence_until",
                               "“Định kỳ đến ngày” phải sau thời hạn lần đầu.")
    splitting = _is_split_of_parent(actor, task)
    _validate_references(actor, task, coordinating_units if new_coordinators is None else new_coordinators,
                         fields=set(references), splitting=splitting)
    if check_assigned_by and not splitting and not scoping.can_assign_tasks_to(actor, task.assigned_by_unit):
        raise PermissionDeniedError("Bạn không có quyền giao nhiệm vụ thay cho đơn vị này.")
    if (check_lead and task.lead_unit_id is not None and not splitting
            and not scoping.can_assign_tasks_to(actor, task.lead_unit)):
        raise PermissionDeniedError("Bạn không có quyền giao nhiệm vụ cho đơn vị chủ trì này.")
    coordinator_ids = {getattr(u, "pk", u) for u in coordinating_units}
    if task.lead_unit_id is not None and task.lead_unit_id in coordinator_ids:
        raise _field_error("lead_is_coordinator", "coordinating_units",
                           "Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    if task.source_document_id is not None and not scoping.visible_documents(actor).filter(
            pk=task.source_document_id).exists():
        raise _field_error("document_not_found", "source_document", DOCUMENT_NOT_FOUND)
    if task.parent_id is not None and (check_parent or check_lead):
        _validate_parent(actor, task, check_visible=check_parent)


def _validate_references(actor, task: Task, coordinators, *, fields: set[str], splitting: bool) -> None:
    """The units and people a task names must be in force and within reach of the user.

    The assigning, lead and coordinating units lie inside the user's scope (a split's lead unit
    inside the parent's, which the splitter covers); the responsible and accountable people hold a
    current position in the lead unit or in the scope; the authority may be a superior body
    (``selectors.authority_units``) and its person works there. An id outside these sets is answered
    like an id that does not exist.
    """
    scope = scoping.scope_for(actor)
    visible = scoping.visible_units(actor)
    for name in ("assigned_by_unit", "lead_unit"):
        unit = getattr(task, name)
        if name in fields and unit is not None:
            if not splitting and not scope.covers(unit):
                raise _field_error("unit_not_found", name, UNIT_NOT_FOUND)
            _ensure_unit_in_force(unit, name)
    if "coordinating_units" in fields:
        ids = {getattr(u, "pk", u) for u in coordinators}
        units = list(visible.filter(pk__in=ids))
        if len(units) != len(ids):
            raise _field_error("unit_not_found", "coordinating_units", UNIT_NOT_FOUND)
        for unit in units:
            _ensure_unit_in_force(unit, "coordinating_units")
    for name in ("responsible_person", "accountable_person"):
        person = getattr(task, name)
        if name in fields and person is not None:
            units = visible
            if task.lead_unit_id is not None:
                units = OrgUnit.objects.filter(Q(pk__in=visible.values("pk"))
                                               | Q(path__startswith=task.lead_unit.path))
            _ensure_person_works_in(person, units, name,
                                    "Cán bộ {person} không còn công tác tại đơn vị chủ trì "
                                    "hoặc trong phạm vi của bạn.")
    authority_units = selectors.authority_units(actor)
    if "authority_unit" in fields and task.authority_unit_id is not None:
        if not authority_units.filter(pk=task.authority_unit_id).exists():
            raise _field_error("unit_not_found", "authority_unit", UNIT_NOT_FOUND)
        _ensure_unit_in_force(task.authority_unit, "authority_unit")
    if task.authority_person_id is not None and {"authority_person", "authority_unit"} & fields:
        person = task.authority_person
        if not selectors.people_in_units(authority_units).filter(pk=person.pk).exists():
            raise _field_error("person_not_found", "authority_person", PERSON_NOT_FOUND)
        if task.authority_unit_id is None:
            _ensure_person_works_in(person, authority_units, "authority_person",
                                    "Cán bộ {person} không còn giữ chức vụ, không thể nghiệm thu.")
        else:
            outside = f"Người nghiệm thu phải là cán bộ đang công tác tại {task.authority_unit}."
            _ensure_person_works_in(person, _authority_body(task.authority_unit), "authority_person",
                                    outside, absent_message=outside)


def _authority_body(unit: OrgUnit) -> QuerySet:
    """The units whose people speak for ``unit``: its subtree, and for a standing committee the
    committee it serves (its members' positions are recorded there)."""
    units = OrgUnit.objects.filter(path__startswith=unit.path)
    if unit.kind == OrgUnit.Kind.STANDING_COMMITTEE and unit.parent_id is not None:
        units = OrgUnit.objects.filter(Q(path__startswith=unit.path) | Q(pk=unit.parent_id))
    return units


def _ensure_unit_in_force(unit: OrgUnit, field: str) -> None:
    today = timezone.localdate()
    if unit.valid_to is not None and unit.valid_to < today:
        raise _field_error("unit_expired", field,
                           f"Đơn vị {unit} đã hết hiệu lực (đến {unit.valid_to:%d/%m/%Y}), không thể chọn.")
    if unit.valid_from is not None and unit.valid_from > today:
        raise _field_error("unit_not_yet_valid", field,
                           f"Đơn vị {unit} có hiệu lực từ {unit.valid_from:%d/%m/%Y}, chưa thể chọn.")


def _ensure_person_works_in(person: Person, units: QuerySet, field: str, inactive_message: str,
                            absent_message: str = PERSON_NOT_FOUND) -> None:
    """``person`` holds a position in ``units`` (else: absent), a current one (else: inactive)."""
    positions = Position.objects.filter(person=person, unit__in=units.values("pk"))
    if not positions.exists():
        raise _field_error("person_not_found", field, absent_message)
    today = timezone.localdate()
    current = positions.filter(Q(start_date__isnull=True) | Q(start_date__lte=today),
                               Q(end_date__isnull=True) | Q(end_date__gte=today))
    if not current.exists():
        raise _field_error("person_inactive", field, inactive_message.replace("{person}", str(person)))


def _is_split_of_parent(actor, task: Task) -> bool:
    """A sub-task the parent's lead unit assigns to a unit below it (see scoping.can_split_task)."""
    parent = task.parent if task.parent_id is not None else None
    return (
        parent is not None
        and task.lead_unit_id is not None
        and task.assigned_by_unit_id == parent.lead_unit_id
        and task.lead_unit_id != parent.lead_unit_id
        and task.lead_unit.path.startswith(parent.lead_unit.path)
        and scoping.can_split_task(actor, parent)
    )


def _validate_parent(actor, task: Task, *, check_visible: bool) -> None:
    parent = task.parent
    if check_visible and not scoping.visible_tasks(actor).filter(pk=parent.pk).exists():
        raise _field_error("parent_not_found", "parent", PARENT_NOT_FOUND)
    if parent.cancelled_at is not None:
        raise _field_error("parent_cancelled", "parent", "Nhiệm vụ cấp trên đã bị hủy.")
    if task.pk is not None:
        ancestor = parent
        while ancestor is not None:
            if ancestor.pk == task.pk:
                raise _field_error("parent_cycle", "parent",
                                   "Không thể đặt một nhiệm vụ làm cấp dưới của chính nó.")
            ancestor = ancestor.parent
    if parent.lead_unit_id is not None and task.lead_unit_id is not None:
        if not task.lead_unit.path.startswith(parent.lead_unit.path):
            raise _field_error(
                "lead_outside_parent", "lead_unit",
                "Đơn vị chủ trì nhiệm vụ con phải thuộc đơn vị chủ trì nhiệm vụ cấp trên "
                f"({parent.lead_unit.name}).",
            )


def _accepted_percent(task: Task) -> int:
    latest = (ProgressReport.objects.filter(task=task, review=ProgressReport.Review.ACCEPTED)
              .order_by("-submitted_at", "-id").values_list("percent", flat=True).first())
    return latest or 0


def _children_mean(task: Task) -> int | None:
    """Mean progress of live children (a completed child counts as 100), None if there are none."""
    children = Task.objects.filter(parent=task, cancelled_at__isnull=True)
    result = children.aggregate(mean=Avg(Case(
        When(completed_on__isnull=False, then=Value(100)),
        default="progress_percent", output_field=IntegerField(),
    )))
    return None if result["mean"] is None else round(result["mean"])


def _refresh_progress(task: Task) -> None:
    """Progress is the latest accepted report, or for a parent the mean of its children.

    A task its authority has accepted as done is at 100 % whatever its children say.
    """
    if task.completed_on is not None:
        task.progress_percent = 100
        return
    mean = _children_mean(task)
    task.progress_percent = mean if mean is not None else _accepted_percent(task)


def _roll_up(parent_id: int | None) -> None:
    """Carry a change of progress up the chain of parents."""
    seen = set()
    while parent_id is not None and parent_id not in seen:
        seen.add(parent_id)
        parent = Task.objects.select_for_update().get(pk=parent_id)
        old = parent.progress_percent
        _refresh_progress(parent)
        if parent.progress_percent != old:
            parent.save(update_fields=["progress_percent", "updated_at"])
        parent_id = parent.parent_id


# --- tasks ---------------------------------------------------------------------

@transaction.atomic
def task_create(*, actor, assigned_by_unit, content: str, lead_unit=None, responsible_person=None,
                coordinating_units: Iterable = (), deadline: datetime.date | None = None,
                recurrence: str = "", recurrence_until: datetime.date | None = None,
                accountable_person=None, deliverable: str = "", authority_unit=None, authority_person=None,
                resources: str = "", field: str = "", source_document=None, source_clause: str = "",
                parent: Task | None = None) -> Task:
    coordinating_units = list(coordinating_units or ())
    task = Task(
        assigned_by_unit=assigned_by_unit, content=content, lead_unit=lead_unit,
        responsible_person=responsible_person, deadline=deadline, recurrence=recurrence or "",
        recurrence_until=recurrence_until, accountable_person=accountable_person, deliverable=deliverable,
        authority_unit=authority_unit, authority_person=authority_person, resources=resources, field=field,
        source_document=source_document, source_clause=source_clause, parent=parent,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate_task(actor, task, coordinating_units)
    task.due_date = next_due_date(task, 0)
    task.search_text = _search_text(task)
    _full_clean(task, exclude=["created_by"])
    task.save()
    task.coordinating_units.set(coordinating_units)
    _roll_up(task.parent_id)
    audit_record(actor=actor, action="create", instance=task, after=snapshot(task, TASK_FIELDS),
                 units=_task_units(task, coordinating_units))
    return task


@transaction.atomic
def task_update(*, actor, task: Task, correcting=None, **changes) -> Task:
    """Change a task; arguments left out stay as they are.

    ``correcting`` is an inspection whose issued notice the actor is correcting: its correctors
    may then change the content and deadline of the open tasks assigned from its requirements
    (``scoping.can_correct_remediation_task``), and nothing else on them, even if they may not
    manage the task otherwise.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"unknown task fields: {sorted(unknown)}")
    _ensure_visible(actor, task)
    task = _lock(task)
    by_correction = (
        correcting is not None
        and set(changes) <= CORRECTION_FIELDS
        and scoping.can_correct_remediation_task(actor, task, correcting)
    )
    if not by_correction and not scoping.can_manage_task(actor, task):
        raise PermissionDeniedError("Bạn không có quyền sửa nhiệm vụ này.")
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", "Nhiệm vụ đã bị hủy, không thể sửa.")
    before = snapshot(task, TASK_FIELDS)
    old_units = _task_units(task)
    old_parent_id = task.parent_id
    coordinating_units = changes.pop("coordinating_units", None)
    if coordinating_units is None:
        coordinating_units = list(task.coordinating_units.all())
    else:
        coordinating_units = list(coordinating_units)
    old_schedule = tuple(getattr(task, f) for f in SCHEDULE_FIELDS)
    old_lead_id, old_assigned_by_id = task.lead_unit_id, task.assigned_by_unit_id
    for name, value in changes.items():
        if name in TEXT_FIELDS and value is None:
            value = ""
        setattr(task, name, value)
    task.recurrence = task.recurrence or ""
    if task.completed_on is not None and tuple(getattr(task, f) for f in SCHEDULE_FIELDS) != old_schedule:
        raise ServiceError("task_completed", "Nhiệm vụ đã hoàn thành, không thể đổi thời hạn.")
    changed_terms = [f for f in TERM_FIELDS if before.get(f) != snapshot(task, (f,)).get(f)]
    if changed_terms and not by_correction and not scoping.can_change_task_terms(actor, task):
        raise PermissionDeniedError(
            "Chỉ đơn vị giao nhiệm vụ được đổi thời hạn, sản phẩm và cơ quan nghiệm thu; "
            "đơn vị chủ trì hãy gửi đề nghị gia hạn."
        )
    # Whoever manages the task may edit it; moving it to another unit needs the right to assign there.
    single = [f for f in REFERENCE_FIELDS if f != "coordinating_units"]
    references = {f for f, v in snapshot(task, single).items() if before.get(f) != v}
    if "lead_unit" in references:  # the people named must still fit the new lead unit
        references |= {"responsible_person", "accountable_person"}
    old_coordinator_ids = set(before["coordinating_units"])
    new_coordinators = [u for u in coordinating_units if getattr(u, "pk", u) not in old_coordinator_ids]
    if new_coordinators:
        references.add("coordinating_units")
    _validate_task(actor, task, coordinating_units,
                   check_assigned_by=task.assigned_by_unit_id != old_assigned_by_id,
                   check_lead=task.lead_unit_id != old_lead_id,
                   check_parent=task.parent_id != old_parent_id,
                   references=references, new_coordinators=new_coordinators)
    if task.completed_on is None:
        due = next_due_date(task, task.fulfilled_occurrences)
        task.due_date = due if due is not None else task.due_date
    task.search_text = _search_text(task)
    _full_clean(task, exclude=["created_by"])
    task.save()
    task.coordinating_units.set(coordinating_units)
    if task.parent_id != old_parent_id:
        _roll_up(old_parent_id)
    _roll_up(task.parent_id)
    old, new = changed_values(before, snapshot(task, TASK_FIELDS))
    if new:
        audit_record(actor=actor, action="update", instance=task, before=old, after=new,
                     units=old_units | _task_units(task, coordinating_units))
    return task


@transaction.atomic
def task_cancel(*, actor, task: Task, reason: str) -> Task:
    _ensure_visible(actor, task)
    task = _lock(task)
    if not scoping.can_manage_task(actor, task):
        raise PermissionDeniedError("Bạn không có quyền hủy nhiệm vụ này.")
    reason = _require_reason(reason)
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", "Nhiệm vụ đã bị hủy trước đó.")
    fields = ("cancelled_at", "cancel_reason")
    before = snapshot(task, fields)
    task.cancelled_at = timezone.now()
    task.cancel_reason = reason
    task.save(update_fields=[*fields, "updated_at"])
    _roll_up(task.parent_id)
    audit_record(actor=actor, action="cancel", instance=task, before=before, after=snapshot(task, fields),
                 units=_task_units(task), reason=reason)
    return task


@transaction.atomic
def task_suspend(*, actor, task: Task, reason: str) -> Task:
    _ensure_visible(actor, task)
    task = _lock(task)
    if not scoping.can_manage_task(actor, task):
        raise PermissionDeniedError("Bạn không có quyền tạm dừng nhiệm vụ này.")
    reason = _require_reason(reason)
    _ensure_open(task, action="tạm dừng")
    fields = ("suspended_at", "suspend_reason")
    before = snapshot(task, fields)
    task.suspended_at = timezone.now()
    task.suspend_reason = reason
    task.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="update", instance=task, before=before, after=snapshot(task, fields),
                 units=_task_units(task), reason=reason)
    return task


@transaction.atomic
def task_resume(*, actor, task: Task, reason: str) -> Task:
    _ensure_visible(actor, task)
    task = _lock(task)
    if not scoping.can_manage_task(actor, task):
        raise PermissionDeniedError("Bạn không có quyền tiếp tục nhiệm vụ này.")
    reason = _require_reason(reason)
    if task.suspended_at is None:
        raise ServiceError("task_not_suspended", "Nhiệm vụ không ở trạng thái tạm dừng.")
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", "Nhiệm vụ đã bị hủy.")
    fields = ("suspended_at", "suspend_reason")
    before = snapshot(task, fields)
    task.suspended_at = None
    task.suspend_reason = ""
    task.save(update_fields=[*fields, "updated_at"])
    audit_record(actor=actor, action="update", instance=task, before=before, after=snapshot(task, fields),
                 units=_task_units(task), reason=reason)
    return task


# --- progress reports -----------------------------------------------------------------

@transaction.atomic
def report_submit(*, actor, task: Task, percent: int, narrative: str,
                  evidence_files: Iterable = ()) -> ProgressReport:
    _ensure_visible(actor, task)
    task = _lock(task)
    if not scoping.can_report_progress(actor, task):
        raise PermissionDeniedError("Chỉ đơn vị chủ trì mới báo cáo tiến độ nhiệm vụ này.")
    _ensure_open(task, action="báo cáo tiến độ")
    narrative = (narrative or "").strip()
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise _field_error("invalid_percent", "percent", "Tiến độ phải là số nguyên từ 0 đến 100.")
    if not narrative:
        raise _field_error("narrative_required", "narrative", "Vui lòng nhập nội dung báo cáo.")
    # Check every file before writing anything, so a refused file leaves no half-written report.
    checked = []
    for uploaded in evidence_files or ():
        try:
            checked.append(check_upload(uploaded, allowed=EVIDENCE_MIME_TYPES))
        except ServiceError as error:
            raise ServiceError(error.code, error.message, {"evidence": [error.message]}) from error
    now = timezone.now()
    report = ProgressReport(task=task, percent=percent, narrative=narrative, submitted_by=actor,
                            submitted_at=now, unit=task.lead_unit)
    _full_clean(report)
    report.save()
    for upload in checked:
        evidence = EvidenceFile(report=report, original_name=upload.original_name, size=upload.size,
                                mime_type=upload.mime_type, sha256=upload.sha256)
        evidence.file.save(upload.original_name, upload.content, save=False)
        evidence.save()
    task.last_report_at = now
    task.save(update_fields=["last_report_at", "updated_at"])
    after = snapshot(report, ("task", "percent", "narrative", "unit", "submitted_at", "review"))
    after["evidence"] = [{"name": u.original_name, "size": u.size, "sha256": u.sha256} for u in checked]
    audit_record(actor=actor, action="create", instance=report, after=after, units=_task_units(task))
    notifications.notify_report_submitted(report=report)
    return report


def _lock_report_for_review(actor, report: ProgressReport) -> tuple[ProgressReport, Task]:
    if not scoping.visible_reports(actor).filter(pk=report.pk).exists():
        raise NotFoundError("Không tìm thấy báo cáo.")
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    task = _lock(report.task)
    if not scoping.can_review_reports(actor, task):
        raise PermissionDeniedError("Chỉ cơ quan, người có thẩm quyền mới nghiệm thu báo cáo này.")
    if report.review != ProgressReport.Review.PENDING:
        raise ServiceError("report_reviewed", "Báo cáo này đã được xem xét.")
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", "Nhiệm vụ đã bị hủy.")
    return report, task


@transaction.atomic
def report_accept(*, actor, report: ProgressReport, comment: str = "") -> ProgressReport:
    report, task = _lock_report_for_review(actor, report)
    if task.suspended_at is not None:
        raise ServiceError("task_suspended", "Nhiệm vụ đang tạm dừng, không thể nghiệm thu.")
    before = _review_snapshot(report, task)
    report.review = ProgressReport.Review.ACCEPTED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = (comment or "").strip()
    report.save(update_fields=[*REPORT_REVIEW_FIELDS, "updated_at"])

    if task.completed_on is None:
        finished_on = timezone.localdate(report.submitted_at)
        if task.recurrence:
            # Each accepted report fulfils the occurrence that was due; the last one completes the series.
            task.fulfilled_occurrences += 1
            upcoming = next_due_date(task, task.fulfilled_occurrences)
            if upcoming is None:
                task.completed_on = finished_on
            else:
                task.due_date = upcoming
        elif report.percent == 100:
            # Judged on when the unit finished, not on when the authority got round to accepting.
            task.completed_on = finished_on
    _refresh_progress(task)
    task.save(update_fields=[*TASK_PROGRESS_FIELDS, "updated_at"])
    _roll_up(task.parent_id)
    old, new = changed_values(before, _review_snapshot(report, task))
    audit_record(actor=actor, action="accept", instance=report, before=old, after=new,
                 units=_task_units(task), reason=report.review_comment)
    notifications.notify_report_reviewed(report=report)
    return report


@transaction.atomic
def report_return(*, actor, report: ProgressReport, comment: str) -> ProgressReport:
    report, task = _lock_report_for_review(actor, report)
    comment = (comment or "").strip()
    if not comment:
        raise _field_error("comment_required", "comment", "Vui lòng nêu ý kiến khi trả lại báo cáo.")
    before = _review_snapshot(report, task)
    report.review = ProgressReport.Review.RETURNED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = comment
    report.save(update_fields=[*REPORT_REVIEW_FIELDS, "updated_at"])
    old, new = changed_values(before, _review_snapshot(report, task))
    audit_record(actor=actor, action="return", instance=report, before=old, after=new,
                 units=_task_units(task), reason=comment)
    notifications.notify_report_reviewed(report=report)
    return report


def _review_snapshot(report: ProgressReport, task: Task) -> dict:
    data = snapshot(report, REPORT_REVIEW_FIELDS)
    data.update({f"task.{k}": v for k, v in snapshot(task, TASK_PROGRESS_FIELDS).items()})
    return data


def _replay_acceptances(task: Task) -> None:
    """Recompute completion and the next due date from the accepted reports, in the order accepted.

    Used when an accepted report is taken back: the same rules as ``report_accept``,
    replayed, so the task ends as if that report had never been accepted.
    """
    task.fulfilled_occurrences = 0
    task.completed_on = None
    task.due_date = next_due_date(task, 0) if task.deadline is not None else task.due_date
    accepted = (ProgressReport.objects.filter(task=task, review=ProgressReport.Review.ACCEPTED)
                .order_by("reviewed_at", "id"))
    for report in accepted:
        finished_on = timezone.localdate(report.submitted_at)
        if task.recurrence:
            task.fulfilled_occurrences += 1
            upcoming = next_due_date(task, task.fulfilled_occurrences)
            if upcoming is None:
                task.completed_on = finished_on
                break
            task.due_date = upcoming
        elif report.percent == 100:
            task.completed_on = finished_on
            break


@transaction.atomic
def report_revoke(*, actor, report: ProgressReport, reason: str) -> ProgressReport:
    """The office sends back a unit's update that was wrong or late, even after it was accepted.

    The report becomes "returned" with the office's reason; if its acceptance had
    completed the task (or fulfilled an occurrence), the task is reopened.
    """
    if not scoping.visible_reports(actor).filter(pk=report.pk).exists():
        raise NotFoundError("Không tìm thấy báo cáo.")
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    task = _lock(report.task)
    if not scoping.can_manage_task(actor, task):
        raise PermissionDeniedError("Chỉ đơn vị giao, quản lý nhiệm vụ mới trả lại cập nhật này.")
    if task.cancelled_at is not None:
        raise ServiceError("task_cancelled", "Nhiệm vụ đã bị hủy.")
    if report.review == ProgressReport.Review.RETURNED:
        raise ServiceError("report_returned", "Cập nhật này đã bị trả lại trước đó.")
    reason = _require_reason(reason)
    before = _review_snapshot(report, task)
    was_accepted = report.review == ProgressReport.Review.ACCEPTED
    report.review = ProgressReport.Review.RETURNED
    report.reviewed_by = actor
    report.reviewed_at = timezone.now()
    report.review_comment = reason
    report.save(update_fields=[*REPORT_REVIEW_FIELDS, "updated_at"])
    if was_accepted:
        _replay_acceptances(task)
        _refresh_progress(task)
        task.save(update_fields=[*TASK_PROGRESS_FIELDS, "updated_at"])
        _roll_up(task.parent_id)
    old, new = changed_values(before, _review_snapshot(report, task))
    audit_record(actor=actor, action="return", instance=report, before=old, after=new,
                 units=_task_units(task), reason=reason)
    notifications.notify_update_returned(report=report)
    return report
