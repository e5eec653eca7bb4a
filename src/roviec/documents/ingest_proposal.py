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
_RECURRENCES = {"monthly": "monthly", "quarterly": "quarterly", "yearly": "yearly"}

# Groups of units a generic addressee stands for. The engine may name the group;
# otherwise the written words tell it (folded, so "xã, phường" is "xa, phuong").
GROUP_INSPECTED = "inspected"
GROUP_AFFILIATED = "affiliated_committees"
GROUP_COMMUNES = "communes"
GROUP_ADVISORY = "advisory_bodies"
GROUP_DEPARTMENTS = "departments"
GROUP_LABELS = {
    GROUP_INSPECTED: "các tổ chức đảng được kiểm tra",
    GROUP_AFFILIATED: "các đảng ủy trực thuộc",
    GROUP_COMMUNES: "các đảng ủy xã, phường",
    GROUP_ADVISORY: "các cơ quan tham mưu, giúp việc",
    GROUP_DEPARTMENTS: "các sở, ban, ngành",
}
GROUP_NOT_INSPECTED = "not_inspected"
GROUP_LABELS[GROUP_NOT_INSPECTED] = "các tổ chức đảng không thuộc đối tượng được kiểm tra"
# The engine's codes (engine/data/tasks/generic_addressees.txt) and a few spellings of them.
_GROUP_ALIASES = {
    "not_inspected_organizations": GROUP_NOT_INSPECTED, "not_inspected": GROUP_NOT_INSPECTED,
    "advisory_agencies": GROUP_ADVISORY,
    "inspected": GROUP_INSPECTED, "inspected_organizations": GROUP_INSPECTED,
    "inspected_organisations": GROUP_INSPECTED, "inspected_units": GROUP_INSPECTED,
    "affiliated": GROUP_AFFILIATED, "affiliated_committees": GROUP_AFFILIATED,
    "communes": GROUP_COMMUNES, "commune_committees": GROUP_COMMUNES, "wards": GROUP_COMMUNES,
    "advisory": GROUP_ADVISORY, "advisory_bodies": GROUP_ADVISORY,
    "departments": GROUP_DEPARTMENTS, "state_departments": GROUP_DEPARTMENTS,
}
_GROUP_WORDS = (
    (re.compile(r"\bkhong thuoc doi tuong (duoc )?kiem tra\b"), GROUP_NOT_INSPECTED),
    (re.compile(r"\b(duoc|qua) kiem tra\b"), GROUP_INSPECTED),
    (re.compile(r"\bdang (uy|bo) truc thuoc\b"), GROUP_AFFILIATED),
    (re.compile(r"\b(xa,? phuong|cac xa|cac phuong|cac dang uy xa)\b"), GROUP_COMMUNES),
    (re.compile(r"\btham muu,? giup viec\b"), GROUP_ADVISORY),
    (re.compile(r"\bso,? ban,? nganh\b"), GROUP_DEPARTMENTS),
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
    """The groups of units a generic addressee stands for, most specific first."""
    found = []
    if group and _GROUP_ALIASES.get(group):
        found.append(_GROUP_ALIASES[group])
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
