"""The inspected Party members of an imported notice, mapped onto Person records.

The engine reads the footnote listing them (``Extraction.inspected_members``): named
members with their title and unit as written, and collective remainders such as
"26 đồng chí bí thư đảng ủy các xã, phường". A named member's unit is matched like an
inspected organisation; the person is the one holding a position there under that name,
or a new Person record created on import. A collective remainder is expanded to the
holders of that position (the secretaries) in the inspected units the description names,
when the tree knows them; whatever cannot be placed stays an unmatched line for the reviewer.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dc_field

from roviec.core.text import fold
from roviec.engine.models import InspectedMember
from roviec.inspections.models import Finding
from roviec.orgs.models import OrgUnit, Person, Position


@dataclass
class MemberRow:
    name: str
    title: str
    unit_written: str
    unit: OrgUnit | None
    person: Person | None  # None: a Person record is created on import
    role: str = Finding.Role.MEMBER
    collective: bool = False

    @property
    def note(self) -> str:
        """What the notice says of the member, kept on the subject: title and unit as written."""
        return ", ".join(p for p in (self.title, self.unit_written) if p)[:300]

    @property
    def written(self) -> str:
        return f"đồng chí {self.name}" + (f", {self.note}" if self.note else "")


@dataclass
class MembersResult:
    rows: list[MemberRow] = dc_field(default_factory=list)
    unmatched: list[str] = dc_field(default_factory=list)
    warnings: list[str] = dc_field(default_factory=list)


def role_for(title: str) -> str:
    folded = fold(title)
    if "pho bi thu" in folded:
        return Finding.Role.DEPUTY
    if "bi thu" in folded or "nguoi dung dau" in folded:
        return Finding.Role.HEAD
    return Finding.Role.MEMBER


_POSITION_FOR_ROLE = {
    Finding.Role.HEAD: Position.Kind.SECRETARY,
    Finding.Role.DEPUTY: Position.Kind.DEPUTY_SECRETARY,
}


def _target_units(description: str, inspected: list[OrgUnit]) -> list[OrgUnit]:
    """The inspected units a collective description names ("đảng ủy các xã, phường")."""
    folded = fold(description)
    if re.search(r"\b(?:xa|phuong|thi tran)\b", folded):
        return [u for u in inspected if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE]
    if "truc thuoc" in folded:
        return [u for u in inspected if u.kind == OrgUnit.Kind.AFFILIATED_COMMITTEE]
    return list(inspected)


def _person_named(name: str, unit: OrgUnit | None, positions: list[Position]) -> Person | None:
    key = fold(name)
    named = [p for p in positions if fold(p.person.full_name) == key]
    in_unit = [p.person for p in named if unit is not None and p.unit_id == unit.pk]
    if in_unit:
        return in_unit[0]
    people = {p.person_id: p.person for p in named}
    return next(iter(people.values())) if len(people) == 1 else None


def map_members(
    members: Iterable[InspectedMember],
    *,
    inspected: list[OrgUnit],
    resolve: Callable[[str], OrgUnit | None],
    positions: list[Position],
) -> MembersResult:
    """Rows to create as member subjects, and the lines left for the reviewer."""
    result = MembersResult()
    members = list(members)
    for member in (m for m in members if not m.collective):
        unit = resolve(member.unit) if member.unit else None
        row = MemberRow(
            name=member.name,
            title=member.title,
            unit_written=member.unit,
            unit=unit,
            person=_person_named(member.name, unit, positions),
            role=role_for(member.title),
        )
        if unit is None:
            result.unmatched.append(f"{row.written} (chưa khớp đơn vị)")
        else:
            result.rows.append(row)
    for member in (m for m in members if m.collective):
        line = f"{member.count:02d} đồng chí {member.title} {member.unit}".strip()
        role = role_for(member.title)
        kind = _POSITION_FOR_ROLE.get(role)
        if kind is None:
            result.unmatched.append(line)
            continue
        covered = {(r.unit.pk, r.role) for r in result.rows if r.unit is not None}
        found = []
        for unit in _target_units(member.unit, inspected):
            if (unit.pk, role) in covered:
                continue
            holders = sorted(
                (p for p in positions if p.unit_id == unit.pk and p.kind == kind),
                key=lambda p: p.person.full_name,
            )
            if holders:
                position = holders[0]
                found.append(
                    MemberRow(
                        name=position.person.full_name,
                        title=position.title or position.get_kind_display(),
                        unit_written=unit.name,
                        unit=unit,
                        person=position.person,
                        role=role,
                        collective=True,
                    )
                )
        result.rows.extend(found[: member.count])
        if len(found) < member.count:
            missing = member.count - len(found)
            result.unmatched.append(
                f"{line}: còn {missing:02d}/{member.count:02d} đồng chí chưa có trong cây tổ chức"
            )
        elif len(found) > member.count:
            result.warnings.append(
                f"Thông báo ghi {member.count:02d} đồng chí {member.title}, cây tổ chức có {len(found):02d}: "
                "đã lấy theo thứ tự, vui lòng kiểm tra."
            )
    return result
