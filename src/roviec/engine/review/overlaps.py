"""Overlaps and conflicts across task lists: near-duplicate tasks assigned by different
documents or to different units, and the same task with conflicting deadlines or owners.

Works on plain records so that the CLI (tasks of one draft) and the web app (a draft against
the registered tasks in the user's scope) share it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from rapidfuzz import fuzz

DUPLICATE_THRESHOLD = 0.8
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class TaskRecord:
    key: str  # caller's identifier ("draft:123", "task:45")
    text: str
    document: str | None = None
    owner: str | None = None
    deadline: date | None = None
    deadline_text: str | None = None
    offset: int | None = None  # in the draft, for draft tasks


@dataclass(frozen=True)
class Overlap:
    a: str
    b: str
    similarity: float
    kinds: tuple[str, ...]  # duplicate | deadline_conflict | owner_conflict
    why: str


def _key(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def _shingles(key: str) -> set[tuple[str, str, str]]:
    w = key.split()
    return set(zip(w, w[1:], w[2:], strict=False))


def _same_owner(a: str | None, b: str | None) -> bool:
    return bool(a and b and _key(a) == _key(b))


def find_overlaps(
    records: list[TaskRecord], *, pairs_with: set[str] | None = None, threshold: float = DUPLICATE_THRESHOLD
) -> list[Overlap]:
    """Pairs of near-duplicate tasks and what conflicts between them.

    `pairs_with`: when given, only pairs with at least one record key in it are reported
    (a draft's tasks against the registry, not the registry against itself).
    """
    keys = [_key(r.text) for r in records]
    index: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for i, k in enumerate(keys):
        for sh in _shingles(k):
            index[sh].append(i)
    common = max(30, len(records) // 10)
    seen: set[tuple[int, int]] = set()
    out: list[Overlap] = []
    for i, k in enumerate(keys):
        if pairs_with is not None and records[i].key not in pairs_with:
            continue
        counts: dict[int, int] = defaultdict(int)
        shingles = _shingles(k)
        for sh in shingles:
            posting = index[sh]
            if len(posting) > common:
                continue
            for j in posting:
                if j != i:
                    counts[j] += 1
        for j, shared in counts.items():
            pair = (min(i, j), max(i, j))
            if pair in seen or shared < max(2, 0.3 * len(shingles)):
                continue
            seen.add(pair)
            sim = fuzz.token_set_ratio(k, keys[j]) / 100
            if sim < threshold:
                continue
            out.append(_describe(records[i], records[j], sim))
    out.sort(key=lambda o: -o.similarity)
    return out


def _describe(a: TaskRecord, b: TaskRecord, sim: float) -> Overlap:
    kinds = ["duplicate"]
    reasons = []
    if a.document and b.document and a.document != b.document:
        reasons.append(f"được giao ở hai văn bản ({a.document}; {b.document})")
    if a.owner and b.owner and not _same_owner(a.owner, b.owner):
        kinds.append("owner_conflict")
        reasons.append(f"giao cho hai đơn vị khác nhau ({a.owner}; {b.owner})")
    da, db = (
        a.deadline_text or (a.deadline and a.deadline.strftime("%d/%m/%Y")),
        b.deadline_text or (b.deadline and b.deadline.strftime("%d/%m/%Y")),
    )
    if (a.deadline and b.deadline and a.deadline != b.deadline) or (
        not (a.deadline and b.deadline) and da and db and _key(da) != _key(db)
    ):
        kinds.append("deadline_conflict")
        reasons.append(f"thời hạn khác nhau ({da}; {db})")
    why = (
        f"Nhiệm vụ gần trùng nhau ({round(sim * 100)}%)"
        + (": " + "; ".join(reasons) if reasons else "")
        + "."
    )
    return Overlap(a.key, b.key, round(sim, 3), tuple(kinds), why)
