"""Term and annual inspection and supervision programmes, and what they leave out.

The coverage view answers the questions a superior's inspection asks of a programme
(the sample notice finds programmes "chưa toàn diện trên các lĩnh vực" and
"xác định sai đối tượng"): which fields and which subordinate organisations no item
covers, and which items name a subject outside the committee's authority.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError
from roviec.inspections.models import Field, ItemKind, Programme, ProgrammeItem
from roviec.inspections.services import PARTY_KINDS, error, within_authority
from roviec.orgs.models import OrgUnit, Position

PROGRAMME_FIELDS = ("committee", "owner", "span", "year", "term", "title", "document")
ITEM_FIELDS = (
    "programme",
    "subject_unit",
    "subject_person",
    "content",
    "field",
    "kind",
    "planned_start",
    "planned_end",
    "lead_unit",
    "lead_person",
)
# Fields every programme is expected to touch; "other" never counts as missing.
EXPECTED_FIELDS = tuple(value for value in Field.values if value != Field.OTHER)


@transaction.atomic
def programme_create(
    *,
    actor,
    committee: OrgUnit,
    title: str,
    owner: str = Programme.Owner.COMMITTEE,
    span: str = Programme.Span.ANNUAL,
    year: int | None = None,
    term=None,
    document=None,
) -> Programme:
    if committee is None or not scoping.can_manage_inspections(actor, committee):
        raise PermissionDeniedError("Bạn không có quyền lập chương trình kiểm tra, giám sát cho cấp ủy này.")
    title = " ".join((title or "").split())
    if not title:
        raise error("title_required", "title", "Vui lòng nhập tên chương trình.")
    if span == Programme.Span.ANNUAL and not year:
        raise error("year_required", "year", "Chương trình hằng năm cần ghi năm.")
    programme = Programme(
        committee=committee,
        title=title,
        owner=owner,
        span=span,
        year=year,
        term=term,
        document=document,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    programme.full_clean(exclude=["created_by"])
    programme.save()
    audit_record(
        actor=actor,
        action="create",
        instance=programme,
        after=snapshot(programme, PROGRAMME_FIELDS),
        units=[committee],
    )
    return programme


@transaction.atomic
def programme_item_add(
    *,
    actor,
    programme: Programme,
    content: str,
    field: str,
    kind: str,
    subject_unit=None,
    subject_person=None,
    planned_start=None,
    planned_end=None,
    lead_unit=None,
    lead_person=None,
) -> ProgrammeItem:
    """Add an item; a subject outside the authority is allowed but flagged by the coverage view."""
    if not scoping.visible_programmes(actor).filter(pk=programme.pk).exists():
        raise NotFoundError("Không tìm thấy chương trình.")
    if not scoping.can_manage_inspections(actor, programme.committee):
        raise PermissionDeniedError("Bạn không có quyền sửa chương trình này.")
    if subject_unit is None and subject_person is None:
        raise error(
            "subject_required", "subject_unit", "Vui lòng chọn đối tượng (tổ chức đảng hoặc đảng viên)."
        )
    if planned_start and planned_end and planned_end < planned_start:
        raise error("end_before_start", "planned_end", "Thời gian kết thúc phải sau thời gian bắt đầu.")
    item = ProgrammeItem(
        programme=programme,
        content=(content or "").strip(),
        field=field,
        kind=kind,
        subject_unit=subject_unit,
        subject_person=subject_person,
        planned_start=planned_start,
        planned_end=planned_end,
        lead_unit=lead_unit,
        lead_person=lead_person,
    )
    item.full_clean(exclude=["programme"])
    item.save()
    audit_record(
        actor=actor,
        action="create",
        instance=item,
        after=snapshot(item, ITEM_FIELDS),
        units=[programme.committee],
    )
    return item


@dataclass
class ItemProblem:
    item: ProgrammeItem
    message: str


@dataclass
class Coverage:
    programme: Programme
    missing_fields: list[tuple[str, str]] = field(default_factory=list)
    missing_kinds: list[tuple[str, str]] = field(default_factory=list)
    uncovered_units: list[OrgUnit] = field(default_factory=list)
    wrong_subjects: list[ItemProblem] = field(default_factory=list)


def _person_within(committee: OrgUnit, person) -> bool:
    today = timezone.localdate()
    positions = Position.objects.filter(person=person, unit__path__startswith=committee.path)
    return positions.exclude(end_date__lt=today).exists()


def programme_coverage(*, user, programme: Programme) -> Coverage:
    if not scoping.visible_programmes(user).filter(pk=programme.pk).exists():
        raise NotFoundError("Không tìm thấy chương trình.")
    committee = programme.committee
    items = list(programme.items.select_related("subject_unit", "subject_person"))
    coverage = Coverage(programme)
    fields = {item.field for item in items}
    coverage.missing_fields = [(v, Field(v).label) for v in EXPECTED_FIELDS if v not in fields]
    kinds = {item.kind for item in items}
    coverage.missing_kinds = [(v, label) for v, label in ItemKind.choices if v not in kinds]
    covered = {item.subject_unit_id for item in items}
    coverage.uncovered_units = [
        u
        for u in OrgUnit.objects.filter(parent=committee, kind__in=PARTY_KINDS).order_by("path")
        if u.pk not in covered
    ]
    for item in items:
        unit = item.subject_unit
        if unit is not None and not within_authority(committee, unit):
            if unit.kind not in PARTY_KINDS:
                reason = f"{unit.name} không phải tổ chức đảng"
            elif unit.pk == committee.pk or committee.path.startswith(unit.path):
                reason = f"{unit.name} là cấp ủy cấp mình hoặc cấp trên"
            else:
                reason = f"{unit.name} không trực thuộc {committee.name}"
            coverage.wrong_subjects.append(ItemProblem(item, f"Xác định sai đối tượng: {reason}."))
        elif item.subject_person_id and not _person_within(committee, item.subject_person):
            coverage.wrong_subjects.append(
                ItemProblem(
                    item,
                    (
                        f"Xác định sai đối tượng: đồng chí {item.subject_person} không giữ chức vụ nào "
                        f"trong đảng bộ thuộc {committee.name}."
                    ),
                )
            )
        if (
            item.kind == ItemKind.INSPECTION_WORK
            and unit is not None
            and unit.kind in (OrgUnit.Kind.BRANCH,)
            and within_authority(committee, unit)
        ):
            coverage.wrong_subjects.append(
                ItemProblem(
                    item,
                    (
                        "Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát áp dụng cho cấp ủy cấp dưới "
                        f"có ủy ban kiểm tra, không phải chi bộ ({unit.name})."
                    ),
                )
            )
    return coverage
