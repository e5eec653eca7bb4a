"""The one bridge from the engine to inspections: read an issued conclusion notice.

``conclusion_preview`` is pure (engine output + the units and positions the user may see
→ a preview to review); ``inspection_import`` creates the inspection from a reviewed
preview. The inspected organisations come from the footnote that lists them, the inspected
members from the footnote naming them (``importing_members``); shortcomings come from the
numbered footnote items, one item naming several units applying to each of them; strengths,
causes and the members' responsibility from the body sections (``importing_sections``).
"""

import datetime
import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from roviec.core import scoping
from roviec.core.errors import ServiceError
from roviec.core.text import fold
from roviec.core.workdays import work_calendar
from roviec.engine import extract
from roviec.engine.models import Extraction
from roviec.engine.models import Section as EngineSection
from roviec.inspections import services
from roviec.inspections.importing_members import MemberRow, map_members
from roviec.inspections.importing_sections import GeneralFindingRow, general_findings
from roviec.inspections.models import Field, Finding, Inspection, Requirement
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position
from roviec.orgs.naming import UnitMatcher, expand_abbreviations, normalise, strip_party_prefix

# Keywords (folded) that suggest a finding's field; the first that appears wins. Data, not logic.
FIELD_KEYWORDS = (
    ("kiem tra, giam sat", Field.INSPECTION_WORK),
    ("dat dai", Field.LAND),
    ("tai chinh", Field.FINANCE),
    ("dau tu", Field.PUBLIC_INVESTMENT),
    ("an sinh", Field.SOCIAL_WELFARE),
    ("tham nhung", Field.ANTI_CORRUPTION),
    ("quy che", Field.ORGANISATION_CADRES),
    ("can bo", Field.ORGANISATION_CADRES),
    ("hoc tap", Field.POLITICAL_IDEOLOGICAL),
    ("quan triet", Field.POLITICAL_IDEOLOGICAL),
    ("tuyen truyen", Field.POLITICAL_IDEOLOGICAL),
)
_PLACE_PREFIXES = ("xa ", "phuong ", "thi tran ")
_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_DEADLINE_WORDS = ("hoan thanh", "truoc ngay", "xong truoc", "cham nhat")


@dataclass
class OrganisationRow:
    written: str
    unit: OrgUnit | None
    certain: bool
    candidates: list = dc_field(default_factory=list)


@dataclass
class FindingRow:
    footnote: str
    text: str
    names: list[str]
    field: str = Field.LEADERSHIP
    units: list = dc_field(default_factory=list)  # (written name, unit or None)

    @property
    def unmatched(self) -> list[str]:
        return [name for name, unit in self.units if unit is None]


@dataclass
class RequirementRow:
    order: int
    heading: str
    text: str
    audience: str
    deadline: datetime.date | None = None


@dataclass
class ConclusionPreview:
    title: str
    issuer: str
    signature: dict
    recipients: list[str]
    intro: str
    decision: dict | None
    organisations: list[OrganisationRow]
    findings: list[FindingRow]
    requirements: list[RequirementRow]
    deadline: datetime.date | None
    warnings: list[str] = dc_field(default_factory=list)
    members: list[MemberRow] = dc_field(default_factory=list)
    unmatched_members: list[str] = dc_field(default_factory=list)
    general: list[GeneralFindingRow] = dc_field(default_factory=list)
    # What the members are mapped from, kept to map them again after the reviewer's choices.
    engine_members: tuple = dc_field(default=(), repr=False)
    positions: list = dc_field(default_factory=list, repr=False)
    member_warnings: list[str] = dc_field(default_factory=list)
    matcher: object = dc_field(default=None, repr=False)

    @property
    def unmatched_count(self) -> int:
        return sum(1 for row in self.organisations if row.unit is None)

    def general_of(self, kind: str) -> list[GeneralFindingRow]:
        return [row for row in self.general if row.kind == kind]


def place_key(name: str) -> str:
    """A unit's name reduced to its place: "BTV Đảng ủy xã Đông Thụy anh" → "dong thuy anh"."""
    key = normalise(expand_abbreviations(name))
    for _ in range(2):
        key = strip_party_prefix(key)
    for prefix in _PLACE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
    return key


def _unit_place_keys(unit: OrgUnit) -> set[str]:
    names = [unit.name, unit.short_name, *(unit.aliases or [])]
    return {place_key(n) for n in names if n and n.strip()}


def _field_for(text: str) -> str:
    folded = fold(text)
    for keyword, value in FIELD_KEYWORDS:
        if keyword in folded:
            return value
    return Field.LEADERSHIP


def _section_spans(extraction: Extraction) -> list[tuple[EngineSection, int]]:
    """Level-1 sections with the offset where each ends."""
    tops = list(extraction.sections)
    ends = [s.offset for s in tops[1:]] + [len(extraction.text)]
    return list(zip(tops, ends, strict=True))


def _clean(extraction: Extraction, start: int, end: int) -> str:
    """Text of a span without footnote bodies or marks, whitespace folded."""
    pieces, cursor = [], start
    for note in sorted(extraction.footnotes, key=lambda n: n.offset):
        if note.end <= cursor or note.offset >= end:
            continue
        body_start = extraction.text.rfind("\n", cursor, note.offset) + 1 or note.offset
        pieces.append(extraction.text[cursor : max(cursor, body_start)])
        cursor = max(cursor, note.end)
    pieces.append(extraction.text[cursor:end])
    joined = _SUPERSCRIPTS.sub("", "".join(pieces)).replace("**", "").replace("*", "")
    return " ".join(joined.split())


def _requirements(extraction: Extraction) -> tuple[list[RequirementRow], datetime.date | None]:
    for top, top_end in _section_spans(extraction):
        if "yeu cau" not in fold(top.heading):
            continue
        children = [c for c in top.children if c.level < 9 and c.marker[:1].isdigit()]
        general = None
        first_child = children[0].offset if children else top_end
        for deadline in extraction.deadlines:
            if top.offset <= deadline.offset < first_child and fold(deadline.text).startswith(
                _DEADLINE_WORDS
            ):
                general = deadline.normalized
                break
        rows = []
        for index, child in enumerate(children):
            end = children[index + 1].offset if index + 1 < len(children) else top_end
            if index + 1 == len(children):
                end = child.offset + len(_last_requirement(extraction.text[child.offset : end]))
            line_end = extraction.text.find("\n", child.offset, end)
            line_end = end if line_end < 0 else line_end
            heading = extraction.text[child.offset : line_end].strip().removeprefix(child.marker).strip()
            body_start = line_end
            if len(heading) > 150:
                heading, body_start = "", child.offset + len(child.marker)
            text = _clean(extraction, body_start, end) or heading
            audience = Requirement.Audience.SUBJECTS
            folded = fold(heading + " " + text)
            if "khong thuoc doi tuong duoc kiem tra" in folded:
                audience = Requirement.Audience.NOT_INSPECTED
            elif folded.startswith("doi voi cac so, ban, nganh"):
                audience = Requirement.Audience.OTHERS
            own = next(
                (
                    d.normalized
                    for d in extraction.deadlines
                    if child.offset <= d.offset < end and fold(d.text).startswith(_DEADLINE_WORDS)
                ),
                None,
            )
            rows.append(RequirementRow(index + 1, heading, text, audience, own))
        return rows, general
    return [], None


def _last_requirement(raw: str) -> str:
    """The last requirement runs into the closing paragraphs: keep its own paragraphs."""
    cut = re.search(r"\n\s*Nơi nhận", raw)
    raw = raw[: cut.start()] if cut else raw
    paragraphs = [p for p in re.split(r"\n\s*\n", raw) if p.strip()]
    if len(paragraphs) > 1 and not paragraphs[1].lstrip().startswith(("-", "+")):
        paragraphs = paragraphs[:1]
    return "\n\n".join(paragraphs)


def _intro(extraction: Extraction) -> str:
    limit = extraction.sections[0].offset if extraction.sections else len(extraction.text)
    for paragraph in re.split(r"\n\s*\n", extraction.text[:limit]):
        if "kết luận như sau" in paragraph:
            return " ".join(_SUPERSCRIPTS.sub("", paragraph).split())
    return ""


def _resolver(units: list[OrgUnit], matcher: UnitMatcher):
    """Map a name as written onto a unit: by place among ``units``, else a certain match."""
    by_place: dict[str, list] = {}
    for unit in units:
        for key in _unit_place_keys(unit):
            by_place.setdefault(key, []).append(unit)

    def resolve(name: str):
        found = {u.pk: u for u in by_place.get(place_key(name), [])}
        if len(found) == 1:
            return next(iter(found.values()))
        matches = [m for m in matcher.match(name) if m.certain]
        return matches[0].unit if matches else None

    return resolve


def _map_members(preview: "ConclusionPreview", matcher: UnitMatcher) -> None:
    inspected = [row.unit for row in preview.organisations if row.unit is not None]
    result = map_members(
        preview.engine_members,
        inspected=inspected,
        resolve=_resolver(inspected, matcher),
        positions=preview.positions,
    )
    preview.members, preview.unmatched_members = result.rows, result.unmatched
    preview.member_warnings = result.warnings


def conclusion_preview(text: str, *, units, positions=()) -> ConclusionPreview:
    """What importing ``text`` would create, with every name matched (or not) against ``units``.

    ``positions``: current positions in those units, to find the inspected members' records.
    """
    extraction = extract(text, calendar=work_calendar())
    units = list(units)
    matcher = UnitMatcher(units)
    warnings = []
    organisations = []
    for written in extraction.inspected_organizations or ():
        matches = matcher.match(written)
        best = matches[0] if matches else None
        # A fuzzy match is only offered: the reviewer confirms it.
        certain = bool(best and best.certain)
        organisations.append(
            OrganisationRow(written, best.unit if certain else None, certain, [m.unit for m in matches])
        )
    if not organisations:
        warnings.append("Không tìm thấy chú thích liệt kê các tổ chức đảng được kiểm tra.")
    inspected = [row.unit for row in organisations if row.unit is not None]
    by_place: dict[str, list] = {}
    for unit in inspected:
        for key in _unit_place_keys(unit):
            by_place.setdefault(key, []).append(unit)

    def resolve(name: str):
        found = {u.pk: u for u in by_place.get(place_key(name), [])}
        if len(found) == 1:
            return next(iter(found.values()))
        matches = [m for m in matcher.match(name) if m.certain]
        return matches[0].unit if matches else None

    grouped: dict[tuple[str, str], FindingRow] = {}
    for item in extraction.findings_by_unit or ():
        row = grouped.get((item.footnote, item.text))
        if row is None:
            row = grouped[(item.footnote, item.text)] = FindingRow(
                item.footnote, item.text, [], _field_for(item.text)
            )
        row.names.append(item.unit)
        row.units.append((item.unit, resolve(item.unit)))
    requirements, deadline = _requirements(extraction)
    decision = next(
        (
            {"symbol": c.symbol, "date": c.date, "issuer": c.issuer or ""}
            for c in extraction.citations
            if c.type == "Quyết định"
        ),
        None,
    )
    signature = extraction.signature
    general, section_warnings = general_findings(extraction, _clean)
    preview = ConclusionPreview(
        title=extraction.title or "",
        issuer=extraction.issuer or "",
        signature={
            "on_behalf": signature.on_behalf or "",
            "title": signature.signer_title or "",
            "name": signature.signer_name or "",
        }
        if signature
        else {},
        recipients=list(extraction.recipients),
        intro=_intro(extraction),
        decision=decision,
        organisations=organisations,
        findings=list(grouped.values()),
        requirements=requirements,
        deadline=deadline,
        warnings=warnings + section_warnings,
        general=general,
        engine_members=tuple(extraction.inspected_members or ()),
        positions=list(positions),
        matcher=matcher,
    )
    _map_members(preview, matcher)
    return preview


def preview_for(*, actor, text: str) -> ConclusionPreview:
    units = scoping.visible_units(actor).order_by("path")
    today = timezone.localdate()
    positions = (
        Position.objects.filter(unit__in=units)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("person", "unit")
    )
    return conclusion_preview(text, units=units, positions=positions)


def apply_choices(
    preview: ConclusionPreview, choices: dict[str, OrgUnit | None], excluded: set[int] = frozenset()
) -> ConclusionPreview:
    """The reviewer's choice for each listed organisation replaces the automatic match;
    ``excluded`` are indexes of body findings the reviewer leaves out."""
    for row in preview.organisations:
        if row.written in choices:
            row.unit, row.certain = choices[row.written], choices[row.written] is not None
    for index, row in enumerate(preview.general):
        row.include = index not in excluded
    chosen = [row.unit for row in preview.organisations if row.unit is not None]
    by_place: dict[str, list] = {}
    for unit in chosen:
        for key in _unit_place_keys(unit):
            by_place.setdefault(key, []).append(unit)
    for finding in preview.findings:
        resolved = []
        for name, unit in finding.units:
            found = {u.pk: u for u in by_place.get(place_key(name), [])}
            resolved.append((name, next(iter(found.values())) if len(found) == 1 else unit))
        finding.units = resolved
    _map_members(preview, preview.matcher or UnitMatcher(chosen))
    return preview


def _member_subjects(actor, committee: OrgUnit, preview: ConclusionPreview) -> tuple[list[MemberRow], list]:
    """Member rows to create as subjects (a Person record made for a name the tree lacks)."""
    rows, unmatched, seen = [], list(preview.unmatched_members), set()
    for row in preview.members:
        if row.unit is None or not services.within_authority(committee, row.unit):
            unmatched.append(f"{row.written} (ngoài thẩm quyền của {committee.name})")
            continue
        if row.person is None:
            row.person = org_services.person_create(actor=actor, full_name=row.name, units=[row.unit])
        if (row.person.pk, row.unit.pk) in seen:
            continue
        seen.add((row.person.pk, row.unit.pk))
        rows.append(row)
    return rows, unmatched


@transaction.atomic
def inspection_import(
    *, actor, committee: OrgUnit, text: str, preview: ConclusionPreview, body: OrgUnit | None = None
) -> Inspection:
    """Create the inspection a reviewed preview describes; nothing is created if any part fails."""
    subject_units = list(dict.fromkeys(row.unit for row in preview.organisations if row.unit is not None))
    if not subject_units:
        raise ServiceError("no_subjects", "Chưa xác định được tổ chức đảng nào được kiểm tra.")
    decision_kwargs = {}
    if preview.decision and preview.decision.get("date"):
        decision_kwargs = {
            "decision_symbol": preview.decision["symbol"],
            "decision_date": preview.decision["date"],
            "decision_issuer": preview.decision["issuer"],
        }
    members, unmatched_members = _member_subjects(actor, committee, preview)
    inspection = services.inspection_create(
        actor=actor,
        committee=committee,
        body=body,
        title=preview.title or "Kiểm tra (nhập từ thông báo kết luận)",
        subject_units=subject_units,
        subject_members=[(row.person, row.unit, row.note) for row in members],
        **decision_kwargs,
    )
    changes = {
        "notice_intro": preview.intro,
        "remediation_deadline": preview.deadline,
        "recipients_text": "\n".join(preview.recipients),
        "unmatched_members": unmatched_members,
    }
    if preview.signature:
        changes.update(
            signer_on_behalf=preview.signature["on_behalf"].upper()[:100],
            signer_title=preview.signature["title"][:200],
            signer_name=preview.signature["name"][:200],
        )
    services.inspection_update(actor=actor, inspection=inspection, **changes)
    Inspection.objects.filter(pk=inspection.pk).update(source_text=text)
    subject_ids = {u.pk for u in subject_units}
    role_of = {(row.person.pk, row.unit.pk): row.role for row in members}
    member_subjects = list(inspection.subjects.exclude(person=None).order_by("id"))
    by_role: dict[str, list] = {}
    for subject in member_subjects:
        by_role.setdefault(role_of.get((subject.person_id, subject.unit_id), ""), []).append(subject)
    order = 0

    def add_general(rows: list[GeneralFindingRow]) -> None:
        nonlocal order
        for row in rows:
            if not row.include:
                continue
            order += 1
            members_for = member_subjects if row.about_members else []
            if row.role:
                members_for = by_role.get(row.role) or member_subjects
            units = []
            if row.kind == Finding.Kind.RESPONSIBILITY and not members_for:
                units = subject_units
            services.finding_add(
                actor=actor,
                inspection=inspection,
                text=row.text,
                kind=row.kind,
                field=_field_for(row.text),
                units=units,
                members=members_for,
                responsible_role=row.role,
                order=order,
            )

    add_general(preview.general_of(Finding.Kind.STRENGTH))
    for row in preview.findings:
        order += 1
        units = [u for _, u in row.units if u is not None and u.pk in subject_ids]
        names = {u.pk: name for name, u in row.units if u is not None}
        services.finding_add(
            actor=actor,
            inspection=inspection,
            text=row.text,
            kind=Finding.Kind.SHORTCOMING,
            field=row.field,
            units=units,
            written_names=names,
            order=order,
            unmatched_names=[n for n, u in row.units if u is None or u.pk not in subject_ids],
            source_footnote=row.footnote,
        )
    add_general(preview.general_of(Finding.Kind.CAUSE_OBJECTIVE))
    add_general(preview.general_of(Finding.Kind.CAUSE_SUBJECTIVE))
    add_general(preview.general_of(Finding.Kind.RESPONSIBILITY))
    for row in preview.requirements:
        services.requirement_add(
            actor=actor,
            inspection=inspection,
            text=row.text,
            heading=row.heading,
            audience=row.audience,
            deadline=row.deadline,
            order=row.order,
        )
    inspection.refresh_from_db()
    return inspection
