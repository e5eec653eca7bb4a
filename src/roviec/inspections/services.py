"""Writes on inspections: set up, subjects, procedure steps, findings, requirements.

Each service checks scope through core/scoping.py, validates, writes and audits in one
transaction. Entries on the inspection itself name the inspecting committee only (``audit_units``),
so its inspection committee and office read them in the audit log; not the subjects, who would
read the team and each other. Entries of working papers (steps, findings, requirements) carry no
units: the audit log of a unit must not show drafts to people outside the inspection's inner
circle, who read them in the inspection's history (selectors.inspection_history).
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.text import fold
from roviec.documents import services as document_services
from roviec.documents.models import Document, DocumentType
from roviec.inspections import limits
from roviec.inspections.models import (
    Finding,
    FindingUnit,
    Inspection,
    InspectionStep,
    InspectionSubject,
    ItemKind,
    Level,
    ProgrammeItem,
    Requirement,
    Step,
)
from roviec.orgs.models import OrgUnit

INSPECTION_FIELDS = (
    "committee",
    "body",
    "programme_item",
    "kind",
    "field",
    "level",
    "title",
    "content",
    "decision",
    "team_head",
    "team_members",
    "period_from",
    "period_to",
    "start_date",
    "planned_end",
    "notice",
    "notice_intro",
    "remediation_deadline",
    "signer_on_behalf",
    "signer_title",
    "signer_name",
    "recipients_text",
    "unmatched_members",
)
# The answer for a unit out of the user's scope; the API gives it for an id that does not exist.
UNIT_NOT_FOUND = "Không tìm thấy đơn vị trong phạm vi của bạn."
EDITABLE_FIELDS = frozenset(INSPECTION_FIELDS) - {"committee", "notice", "decision", "programme_item"}
FINDING_FIELDS = (
    "inspection",
    "kind",
    "field",
    "text",
    "evidence",
    "responsible_person",
    "responsible_role",
    "unmatched_names",
    "order",
    "members",
)
REQUIREMENT_FIELDS = ("inspection", "order", "heading", "text", "audience", "deadline")
PARTY_KINDS = {
    OrgUnit.Kind.AFFILIATED_COMMITTEE,
    OrgUnit.Kind.COMMUNE_COMMITTEE,
    OrgUnit.Kind.GRASSROOTS,
    OrgUnit.Kind.BRANCH,
    OrgUnit.Kind.PROVINCIAL_COMMITTEE,
}


def error(code: str, field: str, message: str) -> ServiceError:
    return ServiceError(code, message, {field: [message]})


def level_for(committee: OrgUnit) -> str:
    if committee.kind in (OrgUnit.Kind.PROVINCIAL_COMMITTEE, OrgUnit.Kind.STANDING_COMMITTEE):
        return Level.PROVINCIAL
    return Level.ABOVE_GRASSROOTS


def within_authority(committee: OrgUnit, unit: OrgUnit) -> bool:
    """A committee inspects the Party organisations below it, never itself, a peer or a state body."""
    return unit.pk != committee.pk and unit.path.startswith(committee.path) and unit.kind in PARTY_KINDS


def inspection_search_text(inspection: Inspection) -> str:
    parts = [inspection.title, inspection.content]
    if inspection.decision_id:
        parts.append(inspection.decision.symbol)
    return fold(" ".join(p for p in parts if p))


def require_visible(actor, inspection: Inspection) -> Inspection:
    if not scoping.visible_inspections(actor).filter(pk=inspection.pk).exists():
        raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
    return inspection


def require_work(actor, inspection: Inspection) -> Inspection:
    require_visible(actor, inspection)
    if not scoping.can_work_on_inspection(actor, inspection):
        raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
    return inspection


def _lock(inspection: Inspection) -> Inspection:
    return Inspection.objects.select_for_update().get(pk=inspection.pk)


def _validate_dates(inspection: Inspection) -> None:
    reference = inspection.start_date or timezone.localdate()
    if inspection.period_from and inspection.period_to and inspection.period_from > inspection.period_to:
        raise error("period_order", "period_to", "Thời kỳ kiểm tra: ngày kết thúc phải sau ngày bắt đầu.")
    if inspection.period_from:
        earliest = reference.replace(year=reference.year - limits.PERIOD_YEARS_MAX)
        if inspection.period_from < earliest:
            raise error(
                "period_too_long",
                "period_from",
                (
                    f"Thời kỳ kiểm tra chỉ được tính tối đa {limits.PERIOD_YEARS_MAX} năm trở về trước "
                    f"(từ ngày {earliest:%d/%m/%Y})."
                ),
            )
    if inspection.start_date and inspection.planned_end and inspection.planned_end < inspection.start_date:
        raise error("end_before_start", "planned_end", "Ngày dự kiến kết thúc phải sau ngày bắt đầu.")


def _register_decision(
    actor,
    *,
    committee: OrgUnit,
    body: OrgUnit | None,
    symbol: str,
    issue_date: datetime.date,
    issuer_name: str,
    title: str,
    subject_units,
) -> Document:
    existing = [
        d
        for d in scoping.visible_documents(actor).filter(symbol__iexact="".join(symbol.split()))
        if d.issue_date == issue_date
    ]
    if existing:
        return existing[0]
    return document_services.document_register(
        actor=actor,
        registered_unit=body or committee,
        doc_type=DocumentType.objects.get(code="QĐ"),
        symbol=symbol,
        issue_date=issue_date,
        issuer_name=issuer_name,
        issuer_unit=committee,
        title=title,
        direction=Document.Direction.ISSUED,
        recipient_units=subject_units,
    )


def default_issuer_name(committee: OrgUnit) -> str:
    name = committee.name
    if committee.kind == OrgUnit.Kind.PROVINCIAL_COMMITTEE:
        return "Ban Thường vụ Tỉnh ủy"
    if name.startswith("Đảng ủy"):
        return f"Ban Thường vụ {name}"
    return name


def _check_units_in_scope(actor, *, committee, body, subject_units) -> None:
    """First and alone: a unit out of the user's scope is answered as absent, naming nothing of it."""
    scope = scoping.scope_for(actor)
    for name, units in (("committee", [committee]), ("body", [body]), ("subject_units", subject_units)):
        for unit in units:
            if (unit is not None or name == "committee") and not scope.covers(unit):
                raise error("unit_not_found", name, UNIT_NOT_FOUND)


@transaction.atomic
def inspection_create(
    *,
    actor,
    committee: OrgUnit,
    title: str,
    body: OrgUnit | None = None,
    programme_item: ProgrammeItem | None = None,
    kind: str = ItemKind.COMPLIANCE_INSPECTION,
    field: str = "leadership",
    level: str = "",
    content: str = "",
    decision: Document | None = None,
    decision_symbol: str = "",
    decision_date: datetime.date | None = None,
    decision_issuer: str = "",
    team_head=None,
    team_members: Iterable = (),
    subject_units: Iterable = (),
    subject_members: Iterable = (),
    period_from=None,
    period_to=None,
    start_date=None,
    planned_end=None,
) -> Inspection:
    """Set up an inspection; ``subject_members`` are (person, unit, note) triples."""
    subject_units = list(dict.fromkeys(subject_units))
    _check_units_in_scope(actor, committee=committee, body=body, subject_units=subject_units)
    if not scoping.can_manage_inspections(actor, committee):
        raise PermissionDeniedError("Bạn không có quyền lập cuộc kiểm tra cho cấp ủy này.")
    title = " ".join((title or "").split())
    if not title:
        raise error("title_required", "title", "Vui lòng nhập tên (trích yếu) cuộc kiểm tra.")
    if programme_item is not None and programme_item.programme.committee_id != committee.pk:
        raise error("item_other_committee", "programme_item", "Nội dung chương trình thuộc cấp ủy khác.")
    if programme_item is not None and programme_item.subject_unit_id and not subject_units:
        subject_units = [programme_item.subject_unit]
    outside = [u.name for u in subject_units if not within_authority(committee, u)]
    if outside:
        raise error(
            "subject_outside_authority",
            "subject_units",
            ("Đối tượng kiểm tra không thuộc thẩm quyền của cấp ủy: " + ", ".join(outside) + "."),
        )
    inspection = Inspection(
        committee=committee,
        body=body,
        programme_item=programme_item,
        kind=kind or ItemKind.COMPLIANCE_INSPECTION,
        field=field or "leadership",
        level=level or level_for(committee),
        title=title,
        content=(content or "").strip(),
        team_head=team_head,
        period_from=period_from,
        period_to=period_to,
        start_date=start_date or decision_date,
        planned_end=planned_end,
        signer_on_behalf="T/M BAN THƯỜNG VỤ",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate_dates(inspection)
    if decision is None and decision_symbol:
        if decision_date is None:
            raise error("decision_date_required", "decision_date", "Vui lòng nhập ngày của quyết định.")
        decision = _register_decision(
            actor,
            committee=committee,
            body=body,
            symbol=decision_symbol,
            issue_date=decision_date,
            issuer_name=decision_issuer or default_issuer_name(committee),
            title=f"về việc kiểm tra {title[:1].lower()}{title[1:]}"[:2000],
            subject_units=subject_units,
        )
    elif decision is not None and not scoping.visible_documents(actor).filter(pk=decision.pk).exists():
        raise error("decision_not_found", "decision", "Không tìm thấy quyết định trong sổ văn bản.")
    inspection.decision = decision
    if decision is not None and inspection.start_date is None:
        inspection.start_date = decision.issue_date
    inspection.search_text = inspection_search_text(inspection)
    inspection.full_clean(exclude=["created_by", "search_text", "source_text"])
    inspection.save()
    inspection.team_members.set(list(team_members))
    for unit in subject_units:
        InspectionSubject.objects.create(inspection=inspection, unit=unit)
    for person, unit, note in subject_members:
        if not within_authority(committee, unit):
            raise error(
                "subject_outside_authority",
                "subject_members",
                f"Đảng viên {person} sinh hoạt ở đơn vị ngoài thẩm quyền của cấp ủy.",
            )
        InspectionSubject.objects.create(inspection=inspection, unit=unit, person=person, note=note or "")
    for order, (kind_value, _label) in enumerate(Step.choices):
        done = decision.issue_date if kind_value == Step.DECISION and decision else None
        InspectionStep.objects.create(
            inspection=inspection,
            kind=kind_value,
            order=order,
            done_on=done,
            document=decision if done else None,
        )
    after = snapshot(inspection, INSPECTION_FIELDS)
    after["subjects"] = [str(s) for s in inspection.subjects.select_related("unit", "person")]
    audit_record(
        actor=actor, action="create", instance=inspection, after=after, units=audit_units(inspection)
    )
    return inspection


def audit_units(inspection: Inspection) -> list[int]:
    """The units an inspection's audit entries name: the inspecting committee (see the module doc)."""
    return [inspection.committee_id]


@transaction.atomic
def inspection_update(*, actor, inspection: Inspection, **changes) -> Inspection:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    require_work(actor, inspection)
    inspection = _lock(inspection)
    before = snapshot(inspection, INSPECTION_FIELDS)
    team_members = changes.pop("team_members", None)
    for name, value in changes.items():
        setattr(inspection, name, value.strip() if isinstance(value, str) else value)
    _validate_dates(inspection)
    inspection.search_text = inspection_search_text(inspection)
    inspection.full_clean(exclude=["created_by", "search_text", "source_text"])
    inspection.save()
    if team_members is not None:
        inspection.team_members.set(list(team_members))
    before_diff, after_diff = changed_values(before, snapshot(inspection, INSPECTION_FIELDS))
    if after_diff:
        audit_record(
            actor=actor,
            action="update",
            instance=inspection,
            before=before_diff,
            after=after_diff,
            units=audit_units(inspection),
        )
    return inspection


@transaction.atomic
def subject_add(
    *, actor, inspection: Inspection, unit: OrgUnit, person=None, note: str = ""
) -> InspectionSubject:
    require_work(actor, inspection)
    if not within_authority(inspection.committee, unit):
        raise error(
            "subject_outside_authority",
            "unit",
            f"{unit.name} không thuộc thẩm quyền kiểm tra của {inspection.committee.name}.",
        )
    if InspectionSubject.objects.filter(inspection=inspection, unit=unit, person=person).exists():
        raise error("subject_duplicate", "unit", "Đối tượng này đã có trong cuộc kiểm tra.")
    subject = InspectionSubject.objects.create(inspection=inspection, unit=unit, person=person, note=note)
    audit_record(
        actor=actor,
        action="create",
        instance=subject,
        after={"inspection": inspection.pk, "unit": unit.pk, "person": getattr(person, "pk", None)},
        units=[*audit_units(inspection), unit],
    )
    return subject


@transaction.atomic
def step_record(
    *,
    actor,
    inspection: Inspection,
    kind: str,
    done_on: datetime.date | None,
    document: Document | None = None,
    note: str = "",
) -> InspectionStep:
    require_work(actor, inspection)
    if kind not in Step.values:
        raise error("invalid_step", "kind", "Bước kiểm tra không hợp lệ.")
    if done_on and done_on > timezone.localdate():
        raise error("future_date", "done_on", "Ngày thực hiện không được sau ngày hôm nay.")
    if document is not None and not scoping.visible_documents(actor).filter(pk=document.pk).exists():
        raise error("document_not_found", "document", "Không tìm thấy văn bản kèm theo.")
    step = InspectionStep.objects.select_for_update().get(inspection=inspection, kind=kind)
    before = snapshot(step, ("done_on", "document", "note"))
    step.done_on, step.document, step.note = done_on, document, (note or "").strip()
    step.save(update_fields=["done_on", "document", "note", "updated_at"])
    before_diff, after_diff = changed_values(before, snapshot(step, ("done_on", "document", "note")))
    if after_diff:
        audit_record(actor=actor, action="update", instance=step, before=before_diff, after=after_diff)
    return step


def _subject_unit_ids(inspection: Inspection) -> set[int]:
    return set(inspection.subjects.values_list("unit_id", flat=True))


def _check_members(inspection: Inspection, members: list) -> None:
    strangers = [str(s) for s in members if s.inspection_id != inspection.pk or s.person_id is None]
    if strangers:
        raise error(
            "member_not_subject",
            "members",
            "Đảng viên không phải đối tượng của cuộc kiểm tra: " + ", ".join(strangers) + ".",
        )


@transaction.atomic
def finding_add(
    *,
    actor,
    inspection: Inspection,
    text: str,
    kind: str = Finding.Kind.SHORTCOMING,
    field: str = "leadership",
    evidence: str = "",
    units: Iterable = (),
    written_names=None,
    responsible_person=None,
    responsible_role: str = "",
    unmatched_names=(),
    order: int | None = None,
    source_footnote: str = "",
    members: Iterable = (),
) -> Finding:
    """Record a finding; one statement may name several subject units (a grouped finding),
    or several member subjects (``members``: subjects of this inspection that are members)."""
    require_work(actor, inspection)
    if inspection.notice_id:
        raise ServiceError(
            "notice_issued", "Thông báo kết luận đã ban hành, không thể thêm nội dung kết luận."
        )
    text = (text or "").strip()
    if not text:
        raise error("text_required", "text", "Vui lòng nhập nội dung.")
    if kind not in Finding.Kind.values:
        raise error("invalid_kind", "kind", "Loại nội dung không hợp lệ.")
    units = list(dict.fromkeys(units))
    subjects = _subject_unit_ids(inspection)
    strangers = [u.name for u in units if u.pk not in subjects]
    if strangers:
        raise error(
            "unit_not_subject",
            "units",
            "Đơn vị không phải đối tượng của cuộc kiểm tra: " + ", ".join(strangers) + ".",
        )
    members = list(dict.fromkeys(members))
    _check_members(inspection, members)
    if kind == Finding.Kind.RESPONSIBILITY and responsible_person is None and not units and not members:
        raise error(
            "responsible_required",
            "responsible_person",
            "Nội dung trách nhiệm cần nêu đồng chí hoặc đơn vị chịu trách nhiệm.",
        )
    if order is None:
        order = inspection.findings.count() + 1
    finding = Finding(
        inspection=inspection,
        kind=kind,
        field=field,
        text=text,
        evidence=(evidence or "").strip(),
        responsible_person=responsible_person,
        responsible_role=responsible_role or "",
        unmatched_names=list(unmatched_names),
        order=order,
        source_footnote=source_footnote,
    )
    finding.full_clean(exclude=["inspection"])
    finding.save()
    written_names = written_names or {}
    for unit in units:
        FindingUnit.objects.create(finding=finding, unit=unit, written_name=written_names.get(unit.pk, ""))
    finding.members.set(members)
    after = snapshot(finding, FINDING_FIELDS)
    after["units"] = [u.pk for u in units]
    audit_record(actor=actor, action="create", instance=finding, after=after)
    return finding


@transaction.atomic
def requirement_add(
    *,
    actor,
    inspection: Inspection,
    text: str,
    heading: str = "",
    audience: str = Requirement.Audience.SUBJECTS,
    deadline: datetime.date | None = None,
    order: int | None = None,
) -> Requirement:
    require_work(actor, inspection)
    if inspection.notice_id:
        raise ServiceError("notice_issued", "Thông báo kết luận đã ban hành, không thể thêm yêu cầu.")
    text = (text or "").strip()
    if not text:
        raise error("text_required", "text", "Vui lòng nhập nội dung yêu cầu.")
    if audience not in Requirement.Audience.values:
        raise error("invalid_audience", "audience", "Đối tượng thực hiện không hợp lệ.")
    if order is None:
        order = inspection.requirements.count() + 1
    requirement = Requirement(
        inspection=inspection,
        text=text,
        heading=(heading or "").strip()[:300],
        audience=audience,
        deadline=deadline,
        order=order,
    )
    requirement.full_clean(exclude=["inspection"])
    requirement.save()
    audit_record(
        actor=actor, action="create", instance=requirement, after=snapshot(requirement, REQUIREMENT_FIELDS)
    )
    return requirement
