"""Matching what the engine read against the registry and the organisation tree, in the user's scope.

``build_proposal`` turns the engine's JSON into the review page's proposal: the
metadata prefilled, each citation with the registered document it names (or
what to register as a placeholder), and each task with its units. Generic
addressees ("các tổ chức đảng được kiểm tra", "các đảng ủy trực thuộc") expand
into the concrete units they stand for. Only units and documents the user may
see are ever proposed; the services check again on confirmation.
"""

import datetime
import re

from django.db.models import Q
from django.utils import timezone

from roviec.core.scoping import ROLE_LEADER, ROLE_OFFICE, can_register_documents, scope_for, visible_units
from roviec.core.text import fold, vietnamese_sort_key
from roviec.documents import ingest_proposal as reading
from roviec.documents import selectors
from roviec.documents.models import Document, DocumentType
from roviec.engine.symbols import SymbolError, parse_symbol
from roviec.orgs.models import OrgUnit, Position
from roviec.orgs.naming import UnitMatcher, unit_is_current


def _ref(unit) -> dict | None:
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def canonical_symbol(symbol: str) -> str:
    try:
        return parse_symbol(symbol).text
    except SymbolError:
        return "".join((symbol or "").split())


def find_cited_documents(*, user, symbol: str, date: datetime.date | None,
                         issuer: str | None = None) -> list[Document]:
    """Registered documents (visible to ``user``) a citation names: same symbol, same date if given."""
    if not symbol:
        return []
    documents = (selectors.document_list(user=user).exclude(status=Document.Status.CANCELLED)
                 .filter(symbol=canonical_symbol(symbol)))
    if date is not None:
        # Party numbers restart each term: without the same date it is another document.
        documents = documents.filter(issue_date=date)
    found = list(documents[:10])
    if len(found) > 1 and issuer:
        wanted = fold(issuer)
        same_issuer = [d for d in found if fold(d.issuer_name) == wanted
                       or (d.issuer_unit is not None and fold(d.issuer_unit.name) == wanted)]
        found = same_issuer or found
    return found


# Bodies that serve a committee: a document they issue, or register, speaks for that committee.
_SERVING_KINDS = (OrgUnit.Kind.STANDING_COMMITTEE, OrgUnit.Kind.ADVISORY_BODY,
                  OrgUnit.Kind.INSPECTION_COMMITTEE)
_PARTY_KINDS = (OrgUnit.Kind.AFFILIATED_COMMITTEE, OrgUnit.Kind.COMMUNE_COMMITTEE, OrgUnit.Kind.GRASSROOTS,
                OrgUnit.Kind.BRANCH)
_STANDING_KINDS = (Position.Kind.SECRETARY, Position.Kind.DEPUTY_SECRETARY, Position.Kind.STANDING_MEMBER)
_LEADER_KINDS = (*_STANDING_KINDS, Position.Kind.HEAD, Position.Kind.DEPUTY_HEAD)
# A named body not found by its written name is looked up by kind, or by how its name starts.
_NAMED_BODIES = {
    reading.GROUP_INSPECTION: (OrgUnit.Kind.INSPECTION_COMMITTEE, ""),
    reading.GROUP_STANDING_OFFICE: (OrgUnit.Kind.STANDING_COMMITTEE, ""),
    reading.GROUP_PARTY_OFFICE: (OrgUnit.Kind.ADVISORY_BODY, "van phong"),
    reading.GROUP_ORGANISATION_BOARD: (OrgUnit.Kind.ADVISORY_BODY, "ban to chuc"),
    reading.GROUP_PROPAGANDA_BOARD: (OrgUnit.Kind.ADVISORY_BODY, "ban tuyen giao"),
    reading.GROUP_INTERNAL_AFFAIRS: (OrgUnit.Kind.ADVISORY_BODY, "ban noi chinh"),
}
_MASS_WORDS = re.compile(r"^(uy ban )?(mat tran|hoi |doan thanh nien|lien doan lao dong|cong doan|"
                         r"dang uy (khoi )?(mat tran|cac doan the))")


def committee_of(unit: OrgUnit | None) -> OrgUnit | None:
    """The committee a unit speaks for: the Ban Thường vụ and advisory bodies act for their parent."""
    if unit is not None and unit.kind in _SERVING_KINDS and unit.parent_id is not None:
        return unit.parent
    return unit


def _person_ref(position) -> dict:
    return {"id": position.person_id, "name": position.person.full_name,
            "title": position.title or position.get_kind_display()}


class UnitResolver:
    """Names as written → units the user may see; generic groups → the units (or people) they stand for."""

    def __init__(self, *, user, unit: OrgUnit, inspected_names: list[str], today: datetime.date) -> None:
        self.user = user
        self.today = today
        self.units = [u for u in visible_units(user).order_by("path") if unit_is_current(u, today)]
        self.matcher = UnitMatcher(self.units, on=today)
        reachable = [u for u in selectors.reachable_units(user=user) if unit_is_current(u, today)]
        self.reachable_matcher = UnitMatcher(reachable, on=today)
        self.set_committee(committee_of(unit))
        self.inspected = [(name, *self.match(name)) for name in inspected_names]
        self.assigned_leads: list[OrgUnit] = []

    def set_committee(self, committee: OrgUnit) -> None:
        """The committee whose groups ("các đảng ủy trực thuộc") the document's addressees are."""
        self.committee = committee
        self.committee_path = committee.path
        self.direct = [u for u in self.units if u.parent_id == committee.pk]
        self.below = [u for u in self.units if u.path.startswith(committee.path) and u.pk != committee.pk]

    def match(self, name: str, *, reachable: bool = False) -> tuple[OrgUnit | None, OrgUnit | None]:
        """(certain unit, None) or (None, best guess or None)."""
        matcher = self.reachable_matcher if reachable else self.matcher
        found = matcher.match(name, limit=3)
        if not found:
            return None, None
        if found[0].certain:
            return found[0].unit, None
        return None, found[0].unit

    # --- people ---------------------------------------------------------------------
    def positions(self, kinds, units=None) -> list:
        """Current positions of ``kinds`` in the committee and its Ban Thường vụ, visible to the user."""
        if units is None:
            units = [self.committee, *[u for u in self.direct if u.kind == OrgUnit.Kind.STANDING_COMMITTEE]]
        positions = (Position.objects.filter(unit__in=units, kind__in=kinds)
                     .filter(scope_for(self.user).unit_q("unit__"))
                     .filter(Q(start_date__isnull=True) | Q(start_date__lte=self.today))
                     .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.today))
                     .select_related("person", "unit"))
        order = {kind: index for index, kind in enumerate(Position.Kind.values)}
        return sorted(positions,
                      key=lambda p: (order.get(p.kind, 99), vietnamese_sort_key(p.person.full_name)))

    def leaders(self) -> list:
        """Who may be the accountable leader (lãnh đạo phụ trách): the committee's leaders, once each."""
        seen, out = set(), []
        for position in self.positions(_LEADER_KINDS):
            if position.person_id not in seen:
                seen.add(position.person_id)
                out.append(position)
        return out

    # --- groups ---------------------------------------------------------------------
    def group_units(self, group: str) -> list[OrgUnit]:
        kind = OrgUnit.Kind
        direct = self.direct
        if group == reading.GROUP_INSPECTED:
            units = [u for _, u, _ in self.inspected if u is not None]
        elif group == reading.GROUP_NOT_INSPECTED:
            inspected = {u.pk for _, u, _ in self.inspected if u is not None}
            units = [u for u in direct if u.pk not in inspected
                     and u.kind in (kind.AFFILIATED_COMMITTEE, kind.COMMUNE_COMMITTEE)]
        elif group == reading.GROUP_AFFILIATED:
            units = [u for u in direct if u.kind == kind.AFFILIATED_COMMITTEE]
        elif group == reading.GROUP_COMMUNES:
            units = [u for u in self.below if u.kind == kind.COMMUNE_COMMITTEE]
        elif group == reading.GROUP_ADVISORY:
            units = [u for u in direct if u.kind in (kind.ADVISORY_BODY, kind.INSPECTION_COMMITTEE)]
        elif group == reading.GROUP_DEPARTMENTS:
            units = [u for u in self.below if u.kind == kind.DEPARTMENT]
        elif group == reading.GROUP_ALL_PARTY:
            units = [u for u in direct if u.kind in _PARTY_KINDS]
        elif group == reading.GROUP_CELLS:
            units = [u for u in direct if u.kind == kind.BRANCH]
        elif group == reading.GROUP_RELATED:
            units = [u for u in direct if u.kind != kind.STANDING_COMMITTEE]
        elif group == reading.GROUP_ASSIGNED_LEADS:
            units = list(self.assigned_leads)
        elif group == reading.GROUP_MASS:
            units = [u for u in self.below if _MASS_WORDS.match(fold(u.name))]
        elif group == reading.GROUP_HEADS:
            units = [u for u in direct if u.kind in _PARTY_KINDS]
        elif group in _NAMED_BODIES:
            body_kind, starts = _NAMED_BODIES[group]
            units = [u for u in direct if u.kind == body_kind and fold(u.name).startswith(starts)][:1]
        else:  # people groups, bodies outside the tree, codes not known: nothing automatic
            units = []
        return _unique(units)

    def group_refs(self, group: str) -> list[dict]:
        """The group as the review's checkboxes: units, or a unit with the person answering for it."""
        if group in reading.PEOPLE_GROUPS:
            kinds = (_STANDING_KINDS if group == reading.GROUP_STANDING_MEMBERS
                     else (*_STANDING_KINDS, Position.Kind.COMMITTEE_MEMBER))
            refs, seen = [], set()
            for position in self.positions(kinds):
                if position.person_id in seen or not unit_is_current(position.unit, self.today):
                    continue
                seen.add(position.person_id)
                refs.append({**_ref(position.unit), "person": _person_ref(position)})
            return refs
        units = self.group_units(group)
        if group == reading.GROUP_HEADS:
            heads = {p.unit_id: p for p in self.positions((Position.Kind.SECRETARY,), units=units)}
            return [{**_ref(u), "person": _person_ref(heads[u.pk])} if u.pk in heads else _ref(u)
                    for u in units]
        return [_ref(u) for u in units]

    def resolve(self, name: str, groups=(), *, reachable: bool = False) -> dict:
        """One addressee: the units it names, or a highlighted decision with a best guess."""
        if not groups and reading.looks_generic(name):
            groups = reading.generic_groups(name)
        groups = list(groups)
        expanding = [g for g in groups if g not in reading.NAMED_GROUPS]
        if not expanding:
            unit, guess = self.match(name, reachable=reachable)
            for group in groups:
                if unit is None:
                    found = self.group_units(group)
                    unit = found[0] if found else None
            if unit is not None:
                return {"name": name, "generic": False, "groups": [], "units": [_ref(unit)],
                        "suggestion": None}
            return {"name": name, "generic": False, "groups": groups, "units": [], "suggestion": _ref(guess)}
        refs, seen = [], set()
        for group in expanding:
            for ref in self.group_refs(group):
                key = unit_key(ref)
                if key not in seen:
                    seen.add(key)
                    refs.append(ref)
        return {
            "name": name, "generic": True, "groups": groups, "units": refs, "suggestion": None,
            "preselect": not all(g in reading.CHOOSE_GROUPS for g in expanding),
            "unknown": [g for g in expanding if not reading.known_group(g)],
            "labels": [reading.group_label(g) for g in expanding],
        }


def unit_key(ref: dict) -> str:
    """How the review page names a unit, or a unit with the person answering for it ("12:40")."""
    person = ref.get("person")
    return f"{ref['id']}:{person['id']}" if person else str(ref["id"])


def _ref_id(ref: dict) -> dict:
    return {"id": ref["id"], "name": ref["name"]}


def _unique(units) -> list:
    seen, out = set(), []
    for unit in units:
        if unit.pk not in seen:
            seen.add(unit.pk)
            out.append(unit)
    return out


def assignable_units(*, user):
    """Units the user may give tasks to: what the review's unit pickers offer."""
    return sorted(OrgUnit.objects.filter(scope_for(user).unit_q(roles=(ROLE_OFFICE, ROLE_LEADER))),
                  key=lambda u: (u.path.count("/"), vietnamese_sort_key(u.name)))


def build_proposal(*, user, unit: OrgUnit, result: dict, text: str = "",
                   today: datetime.date | None = None) -> dict:
    """The review page's proposal from the engine's JSON (``text`` is the text its offsets index)."""
    today = today or timezone.localdate()
    resolver = UnitResolver(user=user, unit=unit, inspected_names=list(result.get("inspected_organizations")
                                                                         or []), today=today)
    issuer = (result.get("issuer") or "").strip()
    issuer_unit = resolver.match(issuer, reachable=True)[0] if issuer else None
    # The groups a document names ("các đảng ủy trực thuộc") are those of the committee that issued it.
    committee = committee_of(issuer_unit)
    if committee is not None and scope_for(user).covers(committee):
        resolver.set_committee(committee)
    types = list(DocumentType.objects.all())
    metadata = _metadata(user, unit, result, resolver, types, issuer_unit)
    return {
        "metadata": metadata,
        "citations": _citations(user, result, text, types),
        "tasks": _tasks(result, resolver),
        "responsibility": responsibility(resolver=resolver, metadata=metadata, result=result),
        "inspected": [{"name": name, "unit": _ref(u), "suggestion": _ref(guess)}
                      for name, u, guess in resolver.inspected],
        "task_source": "engine" if "tasks" in result else "deadlines",
        "warnings": list(result.get("warnings") or []),
    }


def responsibility(*, resolver: UnitResolver, metadata: dict, result: dict) -> dict:
    """Defaults for rõ trách nhiệm and rõ thẩm quyền of every task the document gives.

    The accountable leader is chosen among the issuing committee's leadership and
    prefilled with the signer when the name is one of them; the authority is the
    issuing unit unless a sentence gives someone the follow-up ("Ủy ban Kiểm tra
    Tỉnh ủy … theo dõi, kiểm tra, đôn đốc").
    """
    leaders = resolver.leaders()
    signer = fold(metadata.get("signer_name") or "").strip()
    accountable = next((p.person_id for p in leaders if signer and fold(p.person.full_name) == signer), None)
    authority, reason = "", ""
    for task in result.get("tasks") or []:
        sentence = task.get("text") or ""
        leads = [a for a in reading.task_addressees(task)[0] if not set(a.groups) - reading.NAMED_GROUPS]
        named = reading.follow_up_by(sentence, [a.name for a in leads])
        for lead in [a for a in leads if a.name in named]:
            units = resolver.resolve(lead.unit or lead.name, lead.groups)["units"]
            if units:
                authority, reason = f"u:{units[0]['id']}", _plain(sentence)
                break
        if authority:
            break
    return {
        "committee": _ref(resolver.committee),
        "leaders": [_person_ref(p) for p in leaders],
        "accountable": accountable,
        "accountable_reason": "signer" if accountable else "",
        "authority": authority,
        "authority_reason": reason,
        "authority_units": [_ref(u) for u in resolver.units],
    }


def _metadata(user, unit, result, resolver: UnitResolver, types, issuer_unit) -> dict:
    doc_type = reading.map_document_type(result.get("doc_type"), types)
    signature = result.get("signature") or {}
    issuer = (result.get("issuer") or "").strip()
    recipients = []
    recipient_ids = []
    for line in result.get("recipients") or []:
        resolved = resolver.resolve(line, reachable=True)
        recipients.append(resolved)
        if resolved.get("preselect", True):
            recipient_ids += [u["id"] for u in resolved["units"]
                              if u["id"] not in recipient_ids and not u.get("person")]
    issued = issuer_unit is not None and can_register_documents(user, issuer_unit)
    return {
        "doc_type": doc_type.pk if doc_type else None,
        "doc_type_written": result.get("doc_type") or "",
        "symbol": result.get("symbol") or "",
        "issue_date": result.get("document_date"),
        "issuer_name": issuer,
        "issuer_unit": issuer_unit.pk if issuer_unit else None,
        "signer_name": signature.get("signer_name") or "",
        "signer_title": signature.get("signer_title") or "",
        "signing_mode": reading.signing_mode(signature.get("on_behalf")),
        "title": result.get("title") or "",
        "recipients_text": "\n".join(result.get("recipients") or []),
        "recipient_units": recipient_ids,
        "recipients": recipients,
        "direction": Document.Direction.ISSUED if issued else Document.Direction.RECEIVED,
        "registered_unit": unit.pk,
    }


def _citation_type(citation: dict, types) -> DocumentType | None:
    doc_type = reading.map_document_type(citation.get("type"), types)
    if doc_type is None:
        code = ((citation.get("parts") or {}).get("type_code") or "").replace("Ð", "Đ")
        doc_type = next((t for t in types if t.code == code), None)
    return doc_type


def _citations(user, result: dict, text: str, types) -> list[dict]:
    """One entry per cited document (repeats folded together), in order of first mention."""
    entries: dict[tuple, dict] = {}
    for citation in result.get("citations") or []:
        resolved = citation.get("resolved") or {}
        date = citation.get("date") or resolved.get("date")
        issuer = citation.get("issuer") or resolved.get("issuer") or ""
        symbol = canonical_symbol(citation.get("symbol") or "")
        key = (symbol, date)
        if key in entries:
            entries[key]["count"] += 1
            continue
        doc_type = _citation_type(citation, types)
        matches = find_cited_documents(user=user, symbol=symbol, date=reading.parse_iso(date), issuer=issuer)
        valid = bool((citation.get("parts") or {}).get("valid", True))
        entries[key] = {
            "key": len(entries), "text": citation.get("text") or "", "type": citation.get("type") or "",
            "symbol": symbol, "date": date, "issuer": issuer, "offset": citation.get("offset"),
            "count": 1, "valid": valid,
            "kind": reading.relation_kind(text, citation["offset"]) if text and citation.get("offset")
            is not None else reading.DEFAULT_RELATION,
            "doc_type": doc_type.pk if doc_type else None,
            "matches": [{"id": d.pk, "label": str(d)} for d in matches],
            "match": matches[0].pk if len(matches) == 1 else None,
            # A placeholder needs a type and a date of issue; without them the clerk registers it by hand.
            "placeholder_possible": doc_type is not None and date is not None and valid,
        }
    return list(entries.values())


def _clause(sections, offset) -> str:
    """The numbered section containing ``offset``, as "Mục II.2" (list dashes are not sections)."""
    if offset is None:
        return ""
    markers = []
    level = sections or []
    while level:
        inside = [s for s in level if s.get("offset", 0) <= offset]
        if not inside:
            break
        marker = (inside[-1].get("marker") or "").strip()
        if marker and marker[0].isalnum():
            markers.append(marker.rstrip(".)"))
        level = inside[-1].get("children") or []
    return f"Mục {'.'.join(markers)}" if markers else ""


_MARKER = re.compile(r"^\s*([IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]", re.IGNORECASE)


def _section_clause(headings) -> str:
    """"Mục II.1" from the engine's heading path ("II. BAN THƯỜNG VỤ…", "1. Về công tác…")."""
    markers = [m.group(1) for m in (_MARKER.match(h or "") for h in headings or []) if m]
    return f"Mục {'.'.join(markers)}" if markers else ""


def _plain(text: str) -> str:
    """Whitespace folded and the bold markers of a text rendition ("**…**") dropped."""
    return " ".join(text.replace("**", "").split())


def _tasks(result: dict, resolver: UnitResolver) -> list[dict]:
    engine_tasks = result.get("tasks")
    if engine_tasks is None:
        engine_tasks = reading.fallback_tasks(result)
    # "Các cơ quan được giao chủ trì" are the units this document names as leads elsewhere.
    named_leads = []
    for task in engine_tasks:
        for addressee in reading.task_addressees(task)[0]:
            if not addressee.generic:
                named_leads.append(resolver.match(addressee.unit or addressee.name)[0])
    resolver.assigned_leads = _unique(u for u in named_leads if u is not None)
    proposals = []
    for index, task in enumerate(engine_tasks):
        leads, coordinators = reading.task_addressees(task)
        lead_entries = [resolver.resolve(a.unit or a.name, a.groups) for a in leads]
        if not lead_entries:
            lead_entries = [{"name": "", "generic": False, "groups": [], "units": [], "suggestion": None}]
        lead_ids = {u["id"] for entry in lead_entries for u in entry["units"]}
        coordinator_units, unmatched_coordinators = [], []
        for addressee in coordinators:
            entry = resolver.resolve(addressee.unit or addressee.name, addressee.groups)
            if entry["units"]:
                coordinator_units += [_ref_id(u) for u in entry["units"] if u["id"] not in lead_ids
                                      and _ref_id(u) not in coordinator_units]
            else:
                unmatched_coordinators.append(addressee.name)
        # The whole sentence is the task as the document states it; the engine's "action" is a cut of it.
        content = _plain(task.get("text") or task.get("action") or "")
        proposals.append({
            "key": index,
            "content": content,
            "source_text": _plain(task.get("text") or ""),
            "action": _plain(task.get("action") or ""),
            "deadline": task.get("deadline"),
            "recurrence": reading.task_recurrence(task.get("recurrence")),
            "recurrence_written": task.get("recurrence") or "",
            "deliverable": task.get("deliverable") or "",
            "clause": (_section_clause(task.get("section"))
                       or _clause(result.get("sections"), task.get("offset"))),
            "clarity": task.get("clarity"),
            "leads": lead_entries,
            "coordinators": coordinator_units,
            "unmatched_coordinators": unmatched_coordinators,
        })
    return proposals
