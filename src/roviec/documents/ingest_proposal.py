"""Reading the engine's JSON as a proposal: what each finding means for the registry.

Pure functions over the engine output (the dict of ``extraction_to_dict``); the
database side (which documents and units these names are) is in ``ingest_match``.
"""

import datetime
import re
from dataclasses import dataclass

from roviec.core.text import fold

# Relation kinds, told by the words just before a citation; the nearest one wins.
_RELATION_WORDS = (
    ("thay the", "replaces"),
    ("sua doi", "amends"),
    ("bo sung", "amends"),
    ("bai bo", "repeals"),
    ("thuc hien", "implements"),
    ("trien khai", "implements"),
    ("can cu", "based_on"),
    ("theo", "based_on"),
)
DEFAULT_RELATION = "based_on"
_CONTEXT_CHARS = 80

_SIGNING_MODES = (("t/m", "TM"), ("tm ", "TM"), ("k/t", "KT"), ("kt ", "KT"), ("tuq", "TUQ"), ("tl ", "TL"),
                  ("tl.", "TL"))

# Task recurrences the task register knows; the engine may say more ("weekly", "periodic").
_RECURRENCES = {name: name for name in ("monthly", "quarterly", "half_yearly", "yearly")}

# Groups of units (or people) a generic addressee stands for. The engine names the
# group by a code (engine/data/tasks/generic_addressees.txt); otherwise the written
# words tell it (folded, so "xã, phường" is "xa, phuong"). How each group expands
# is decided in ``ingest_match.UnitResolver``; every engine code is mapped here on
# purpose, and a code not listed stays visible on the review page for a decision.
GROUP_INSPECTED = "inspected"
GROUP_NOT_INSPECTED = "not_inspected"
GROUP_AFFILIATED = "affiliated_committees"
GROUP_COMMUNES = "communes"
GROUP_ADVISORY = "advisory_bodies"
GROUP_DEPARTMENTS = "departments"
GROUP_ALL_PARTY = "all_party_organizations"
GROUP_CELLS = "affiliated_cells"
GROUP_RELATED = "related_agencies"
GROUP_ASSIGNED_LEADS = "assigned_lead_agencies"
GROUP_MASS = "mass_organizations"
GROUP_STANDING_MEMBERS = "standing_committee_members"
GROUP_COMMITTEE_MEMBERS = "committee_members"
GROUP_HEADS = "committee_heads"
# One named body each: matched by the written name, else by the kind or name of the body.
GROUP_PARTY_OFFICE = "party_office"
GROUP_INSPECTION = "inspection_committee"
GROUP_ORGANISATION_BOARD = "organization_board"
GROUP_PROPAGANDA_BOARD = "propaganda_board"
GROUP_INTERNAL_AFFAIRS = "internal_affairs_board"
GROUP_STANDING_OFFICE = "standing_office"
# Addressees that are not units of the tree: always a decision for the clerk.
GROUP_INSPECTION_TEAMS = "inspection_teams"
GROUP_PRESS = "press"

GROUP_LABELS = {
    GROUP_INSPECTED: "các tổ chức đảng được kiểm tra",
    GROUP_NOT_INSPECTED: "các tổ chức đảng không thuộc đối tượng được kiểm tra",
    GROUP_AFFILIATED: "các đảng ủy trực thuộc",
    GROUP_COMMUNES: "các đảng ủy xã, phường",
    GROUP_ADVISORY: "các cơ quan tham mưu, giúp việc",
    GROUP_DEPARTMENTS: "các sở, ban, ngành",
    GROUP_ALL_PARTY: "các cấp ủy, tổ chức đảng trực thuộc",
    GROUP_CELLS: "các chi bộ trực thuộc",
    GROUP_RELATED: "các cơ quan, đơn vị liên quan (chọn những đơn vị phù hợp)",
    GROUP_ASSIGNED_LEADS: "các cơ quan được giao chủ trì trong văn bản này",
    GROUP_MASS: "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội",
    GROUP_STANDING_MEMBERS: "các đồng chí Ủy viên Ban Thường vụ",
    GROUP_COMMITTEE_MEMBERS: "các đồng chí Ủy viên Ban Chấp hành",
    GROUP_HEADS: "người đứng đầu các cấp ủy trực thuộc",
    GROUP_PARTY_OFFICE: "Văn phòng cấp ủy",
    GROUP_INSPECTION: "Ủy ban Kiểm tra",
    GROUP_ORGANISATION_BOARD: "Ban Tổ chức",
    GROUP_PROPAGANDA_BOARD: "Ban Tuyên giáo và Dân vận",
    GROUP_INTERNAL_AFFAIRS: "Ban Nội chính",
    GROUP_STANDING_OFFICE: "Thường trực cấp ủy",
    GROUP_INSPECTION_TEAMS: "các đoàn kiểm tra, giám sát (không phải đơn vị trong cây tổ chức)",
    GROUP_PRESS: "các cơ quan báo chí (không có trong cây tổ chức)",
}
NAMED_GROUPS = frozenset({GROUP_PARTY_OFFICE, GROUP_INSPECTION, GROUP_ORGANISATION_BOARD,
                          GROUP_PROPAGANDA_BOARD, GROUP_INTERNAL_AFFAIRS, GROUP_STANDING_OFFICE})
PEOPLE_GROUPS = frozenset({GROUP_STANDING_MEMBERS, GROUP_COMMITTEE_MEMBERS})
# Groups whose units are offered unticked: the words do not say which units are meant.
CHOOSE_GROUPS = frozenset({GROUP_RELATED})
DECIDE_GROUPS = frozenset({GROUP_INSPECTION_TEAMS, GROUP_PRESS})

# Every code of engine/data/tasks/generic_addressees.txt, and a few spellings of them.
ENGINE_GROUPS = {
    "inspected_organizations": GROUP_INSPECTED,
    "not_inspected_organizations": GROUP_NOT_INSPECTED,
    "affiliated_committees": GROUP_AFFILIATED,
    "commune_committees": GROUP_COMMUNES,
    # The tree holds Party organisations: the commune's Party committee leads its people's committee.
    "commune_people_committees": GROUP_COMMUNES,
    "communes": GROUP_COMMUNES,
    "departments": GROUP_DEPARTMENTS,
    "related_agencies": GROUP_RELATED,
    "related_collectives_individuals": GROUP_RELATED,
    "all_party_organizations": GROUP_ALL_PARTY,
    "advisory_agencies": GROUP_ADVISORY,
    "party_office": GROUP_PARTY_OFFICE,
    "inspection_committee": GROUP_INSPECTION,
    "organization_board": GROUP_ORGANISATION_BOARD,
    "propaganda_board": GROUP_PROPAGANDA_BOARD,
    "internal_affairs_board": GROUP_INTERNAL_AFFAIRS,
    "standing_office": GROUP_STANDING_OFFICE,
    "standing_committee_members": GROUP_STANDING_MEMBERS,
    "provincial_committee_members": GROUP_COMMITTEE_MEMBERS,
    "front_and_mass_organizations": GROUP_MASS,
    "mass_organizations": GROUP_MASS,
    "affiliated_cells": GROUP_CELLS,
    "inspection_teams": GROUP_INSPECTION_TEAMS,
    "assigned_lead_agencies": GROUP_ASSIGNED_LEADS,
    "committee_heads": GROUP_HEADS,
    "press": GROUP_PRESS,
}
_GROUP_ALIASES = {
    **ENGINE_GROUPS,
    **{code: code for code in GROUP_LABELS},
    "not_inspected": GROUP_NOT_INSPECTED, "inspected": GROUP_INSPECTED,
    "inspected_organisations": GROUP_INSPECTED, "inspected_units": GROUP_INSPECTED,
    "affiliated": GROUP_AFFILIATED, "wards": GROUP_COMMUNES, "advisory": GROUP_ADVISORY,
    "state_departments": GROUP_DEPARTMENTS,
}
_GROUP_WORDS = (
    (re.compile(r"\bkhong thuoc doi tuong (duoc )?kiem tra\b"), GROUP_NOT_INSPECTED),
    (re.compile(r"\b(duoc|qua) kiem tra\b"), GROUP_INSPECTED),
    (re.compile(r"\bdang (uy|bo) truc thuoc\b"), GROUP_AFFILIATED),
    (re.compile(r"\b(xa,? phuong|cac xa|cac phuong|cac dang uy xa)\b"), GROUP_COMMUNES),
    (re.compile(r"\btham muu,? giup viec\b"), GROUP_ADVISORY),
    (re.compile(r"\bso,? (ban,? )?nganh\b"), GROUP_DEPARTMENTS),
    (re.compile(r"\b(uy vien ban thuong vu|uy vien btv)\b"), GROUP_STANDING_MEMBERS),
    (re.compile(r"\b(co quan,? don vi|cac co quan|cac don vi)( co)? lien quan\b"), GROUP_RELATED),
    (re.compile(r"\bchi bo truc thuoc\b"), GROUP_CELLS),
)
_GENERIC_START = re.compile(r"^(cac|nhung|moi|toan the)\b")


def parse_iso(value) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def map_document_type(written: str | None, types) -> object | None:
    """The DocumentType a written type name stands for ("Thông báo kết luận" is a Thông báo)."""
    if not written:
        return None
    folded = fold(written).strip()
    best = None
    for doc_type in types:
        name = fold(doc_type.name)
        if name == folded:
            return doc_type
        if folded.startswith(name + " ") and (best is None or len(name) > len(fold(best.name))):
            best = doc_type
    return best


def signing_mode(on_behalf: str | None) -> str:
    """T/M, K/T, TL, TUQ from the line above the signer's title, "" when signed directly."""
    head = fold(on_behalf or "").strip() + " "
    for prefix, mode in _SIGNING_MODES:
        if head.startswith(prefix):
            return mode
    return ""


def relation_kind(text: str, offset: int) -> str:
    """The relation the words just before a citation suggest ("căn cứ" → based_on, "thực hiện"…)."""
    window = fold(text[max(0, offset - _CONTEXT_CHARS):offset])
    # Only the clause the citation sits in.
    window = re.split(r"[.;:\n]", window)[-1]
    best, best_at = DEFAULT_RELATION, -1
    for words, kind in _RELATION_WORDS:
        at = -1
        for match in re.finditer(rf"\b{words}\b", window):
            at = match.end()
        if at > best_at:
            best, best_at = kind, at
    return best


def task_recurrence(value: str | None) -> str:
    return _RECURRENCES.get(value or "", "")


def generic_groups(name: str, group: str | None = None) -> list[str]:
    """The groups a generic addressee stands for, most specific first.

    An engine code this module does not know is kept as it is, so the review page
    shows it for a decision instead of dropping it.
    """
    found = []
    if group:
        found.append(_GROUP_ALIASES.get(group, group))
    folded = fold(name or "")
    for pattern, code in _GROUP_WORDS:
        if pattern.search(folded) and code not in found:
            found.append(code)
    # "được kiểm tra" names the inspected organisations exactly; the words around it
    # ("các cấp ủy, tổ chức đảng") do not widen the group.
    for exact in (GROUP_NOT_INSPECTED, GROUP_INSPECTED):
        if exact in found:
            return [exact]
    return found


def known_group(code: str) -> bool:
    return code in GROUP_LABELS


def group_label(code: str) -> str:
    return GROUP_LABELS.get(code, code)


_FOLLOW_UP = re.compile(r"\btheo doi\b.*\b(don doc|giam sat|kiem tra)\b")


def follow_up_by(text: str, names) -> list[str]:
    """Of ``names``, those a sentence gives the follow-up of the document to, in order.

    "Ủy ban Kiểm tra Tỉnh ủy, các đồng chí … thường xuyên theo dõi, giám sát, đôn đốc …":
    the name must be written before the follow-up words, as their subject.
    """
    folded = fold(text or "")
    found = _FOLLOW_UP.search(folded)
    if found is None:
        return []
    head = folded[:found.start()]
    return [name for name in names if name and fold(name) in head]


def looks_generic(name: str) -> bool:
    return bool(_GENERIC_START.match(fold(name or "").strip()))


@dataclass(frozen=True)
class Addressee:
    name: str  # as written
    generic: bool
    groups: tuple[str, ...]
    unit: str | None = None  # the unit's name when the engine matched it to a known organisation


def _names(value) -> list[str]:
    items = value if isinstance(value, list | tuple) else [value]
    names = [(item.get("name") if isinstance(item, dict) else item) or "" for item in items]
    return [n.strip() for n in names if isinstance(n, str) and n.strip()]


def task_addressees(task: dict) -> tuple[list[Addressee], list[Addressee]]:
    """Leads and coordinators of one engine task, with the groups of the generic ones.

    The addressees are the leads when the engine lists them (a group it expanded
    itself, such as the inspected organisations of a conclusion, comes as the
    concrete names); otherwise the written lead is.
    """
    coordinator_names = _names(task.get("coordinators") or [])
    items = [item if isinstance(item, dict) else {"name": item} for item in task.get("addressees") or []]
    items = [item for item in items if (item.get("name") or "").strip()]
    expanded_from = {fold(item.get("expanded_from") or "") for item in items if item.get("expanded_from")}

    def addressee(item: dict) -> Addressee:
        name = item["name"].strip()
        groups = tuple(generic_groups(name, item.get("group")))
        generic = bool(item.get("generic", looks_generic(name) or bool(groups)))
        return Addressee(name, generic, groups if generic else (), item.get("unit") or None)

    by_name = {item["name"].strip(): item for item in items}
    folded_coordinators = {fold(n) for n in coordinator_names}
    if items:
        leads = [addressee(item) for item in items
                 if fold(item["name"].strip()) not in folded_coordinators
                 and not (item.get("generic") and fold(item["name"].strip()) in expanded_from)]
    else:
        leads = [addressee({"name": n}) for n in _names(task.get("lead") or [])]
    lead_names = {a.name for a in leads}
    coordinators = [addressee(by_name.get(n, {"name": n})) for n in coordinator_names if n not in lead_names]
    return leads, coordinators


def fallback_tasks(result: dict) -> list[dict]:
    """Tasks read from the deadlines, for engine output without a ``tasks`` list.

    Each deadline this document imposes becomes one task in the engine's task
    shape; the addressee is known only when the sentence names a group
    ("… qua kiểm tra đã chỉ ra …" in a conclusion: the inspected organisations).
    """
    tasks = []
    for deadline in result.get("deadlines") or []:
        sentence = (deadline.get("sentence") or deadline.get("text") or "").strip()
        groups = generic_groups(sentence)
        addressees = []
        if groups:
            addressees.append({"name": GROUP_LABELS[groups[0]].capitalize(), "generic": True,
                               "group": groups[0]})
        tasks.append({
            "offset": deadline.get("offset"), "text": sentence, "action": sentence,
            "lead": None, "coordinators": [], "deadline": deadline.get("normalized"),
            "recurrence": deadline.get("recurrence"), "deliverable": "", "addressees": addressees,
            "clarity": None,
        })
    return tasks
