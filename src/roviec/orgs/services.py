"""Writes on the organisation tree, people and positions. Each one is audited."""

from collections.abc import Iterable

from django.db import transaction

from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import ServiceError
from roviec.core.text import fold
from roviec.orgs.models import OrgUnit, Person, Position

UNIT_FIELDS = ("code", "kind", "name", "short_name", "aliases", "parent", "valid_from", "valid_to")


def _unit_search_text(unit: OrgUnit) -> str:
    return fold(" ".join([unit.name, unit.short_name, *unit.aliases, unit.code]))


def _validate_parent(unit: OrgUnit, parent: OrgUnit | None) -> None:
    if parent is None or unit.pk is None:
        return
    if parent.pk == unit.pk or parent.path.startswith(unit.path):
        raise ServiceError(
            "unit_cycle",
            "Không thể đặt một đơn vị làm cấp dưới của chính nó.",
            {"parent": ["Đơn vị cấp trên không hợp lệ: tạo thành vòng lặp."]},
        )


def _refresh_paths(unit: OrgUnit) -> None:
    """Recompute the materialised path of ``unit`` and its whole subtree."""
    old_path = unit.path
    new_path = f"{unit.parent.path if unit.parent_id else '/'}{unit.pk}/"
    if old_path == new_path:
        return
    unit.path = new_path
    OrgUnit.objects.filter(pk=unit.pk).update(path=new_path)
    if old_path:
        for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            child.path = new_path + child.path[len(old_path):]
            OrgUnit.objects.filter(pk=child.pk).update(path=child.path)


@transaction.atomic
def unit_create(*, actor, code: str, kind: str, name: str, parent: OrgUnit | None = None,
                short_name: str = "", aliases: list[str] | None = None,
                valid_from=None, valid_to=None) -> OrgUnit:
    unit = OrgUnit(code=code, kind=kind, name=name.strip(), parent=parent, short_name=short_name.strip(),
                   aliases=[a.strip() for a in (aliases or []) if a.strip()],
                   valid_from=valid_from, valid_to=valid_to)
    unit.search_text = _unit_search_text(unit)
    unit.full_clean(exclude=["path"])
    unit.save()
    _refresh_paths(unit)
    audit_record(actor=actor, action="create", instance=unit, after=snapshot(unit, UNIT_FIELDS),
                 units=[unit])
    return unit


@transaction.atomic
def unit_update(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    unknown = set(changes) - set(UNIT_FIELDS)
    if unknown:
        raise ValueError(f"unknown unit fields: {sorted(unknown)}")
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, UNIT_FIELDS)
    if "parent" in changes:
        _validate_parent(unit, changes["parent"])
    for name, value in changes.items():
        setattr(unit, name, value)
    unit.search_text = _unit_search_text(unit)
    unit.full_clean(exclude=["path"])
    unit.save()
    if "parent" in changes:
        _refresh_paths(unit)
    old, new = changed_values(before, snapshot(unit, UNIT_FIELDS))
    if new:
        audit_record(actor=actor, action="update", instance=unit, before=old, after=new, units=[unit])
    return unit


PERSON_FIELDS = ("full_name", "email", "phone", "user")


@transaction.atomic
def person_create(*, actor, full_name: str, email: str = "", phone: str = "", user=None,
                  units: Iterable[OrgUnit] = ()) -> Person:
    """``units``: where the person is being recorded (their unit), so the entry reaches that unit's
    audit log; without a unit (the admin site) the entry is the superuser's alone."""
    person = Person(full_name=full_name.strip(), email=email.strip(), phone=phone.strip(), user=user)
    person.search_text = fold(person.full_name)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="create", instance=person, after=snapshot(person, PERSON_FIELDS),
                 units=units)
    return person


POSITION_FIELDS = ("person", "unit", "kind", "title", "access_role", "start_date", "end_date")


@transaction.atomic
def position_assign(*, actor, person: Person, unit: OrgUnit, kind: str, title: str = "",
                    access_role: str = Position.AccessRole.UNIT_STAFF, start_date=None,
                    end_date=None) -> Position:
    position = Position(person=person, unit=unit, kind=kind, title=title.strip(), access_role=access_role,
                        start_date=start_date, end_date=end_date)
    position.full_clean()
    position.save()
    audit_record(actor=actor, action="create", instance=position,
                 after=snapshot(position, POSITION_FIELDS), units=[unit])
    return position


@transaction.atomic
def person_update(*, actor, person: Person, **changes) -> Person:
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"unknown person fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = snapshot(person, PERSON_FIELDS)
    for name, value in changes.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    person.search_text = fold(person.full_name)
    person.full_clean()
    person.save()
    old, new = changed_values(before, snapshot(person, PERSON_FIELDS))
    if new:
        units = Position.objects.filter(person=person).values_list("unit_id", flat=True)
        audit_record(actor=actor, action="update", instance=person, before=old, after=new, units=units)
    return person


@transaction.atomic
def position_update(*, actor, position: Position, **changes) -> Position:
    """Change a position; ending it is setting ``end_date`` (positions are history, never deleted)."""
    unknown = set(changes) - set(POSITION_FIELDS)
    if unknown:
        raise ValueError(f"unknown position fields: {sorted(unknown)}")
    position = Position.objects.select_for_update().get(pk=position.pk)
    before = snapshot(position, POSITION_FIELDS)
    old_unit = position.unit
    for name, value in changes.items():
        setattr(position, name, value.strip() if isinstance(value, str) else value)
    if position.start_date and position.end_date and position.end_date < position.start_date:
        raise ServiceError("position_dates", "Ngày kết thúc trước ngày bắt đầu giữ chức vụ.",
                           {"end_date": ["Ngày kết thúc trước ngày bắt đầu giữ chức vụ."]})
    position.full_clean()
    position.save()
    old, new = changed_values(before, snapshot(position, POSITION_FIELDS))
    if new:
        audit_record(actor=actor, action="update", instance=position, before=old, after=new,
                     units=[old_unit, position.unit])
    return position
