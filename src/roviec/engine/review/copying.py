"""Mechanical copying: the share of a draft that repeats its superior verbatim or nearly.

Sentences are compared by character 5-grams (a set, so reordered clauses and small edits keep
most of them); candidates come from an index of word pairs, so a 50-page draft against a
50-page superior stays well under a second. Similarity is the share of the draft sentence's
5-grams found in the superior sentence (containment), cross-checked with rapidfuzz's
token-set ratio so that a short draft sentence inside a long superior one still counts.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from roviec.engine.review._text import Doc, clip, sentences

COPY_THRESHOLD = 0.8
# a shorter sentence is a set phrase every document repeats ("phòng, chống tham nhũng, tiêu
# cực", "Chỉ thị số 12-CT/TU"), not a copied passage
_MIN_CHARS = 20
_MIN_WORDS = 4
# A short sentence (under either limit) counts only when the superior's sentence is the same
# short sentence: a set phrase inside a longer sentence ("phòng, chống tham nhũng, tiêu cực"
# of "Đẩy mạnh phòng, chống tham nhũng, tiêu cực") is common wording, not a copied passage.
_SHORT_CHARS = 50
_SHORT_WORDS = 8
_SHORT_BOTH_WAYS = 0.9
_N = 5
_MARKER = re.compile(r"^\s*(?:[-–+•]\s*|\d+(?:\.\d+)*[.)-]\s*|[a-zđ]\)\s*|[IVX]+[.-]\s*)")
_NON_WORD = re.compile(r"[^\w]+")
_END_OF_BODY = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)")
_HEADER = re.compile(r"^(?:Số\b|Nơi nhận|T/M|K/T|T/L|TM\.|KT\.|.*,\s*ngày\s+\d{1,2}\s+tháng)", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    start: int  # analysis-text offsets
    end: int
    key: str  # normalised for comparison
    section: str


@dataclass(frozen=True)
class CopiedSpan:
    draft_offset: int
    draft_end: int
    draft_text: str
    superior_offset: int
    superior_end: int
    superior_text: str
    similarity: float
    superior_index: int
    section: str


@dataclass(frozen=True)
class CopyResult:
    spans: list[CopiedSpan]
    share_chars: float
    share_sentences: float
    sections: list[dict]  # {"section", "offset", "share_chars", "sentences", "copied"}


def _normalise(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", _MARKER.sub("", text).lower()).split())


def _is_heading(text: str) -> bool:
    letters = [c for c in text[:200] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def units(doc: Doc) -> list[Unit]:
    """Comparable sentences of the body: headers, capitalised headings and short lines left out."""
    out = []
    section = ""
    for number, para in enumerate(doc.paragraphs):
        text = para.text.strip()
        if not text:
            continue
        if _END_OF_BODY.match(text):
            break
        if number < 15 and text[0].islower() and not text.endswith((".", ";")):
            continue  # the subject line under the type name repeats the superior's subject by design
        if _is_heading(text) or re.match(r"^[IVX]+[.-]\s", text):
            section = clip(text, 80)
            continue
        if _HEADER.match(text):
            continue
        for a, b in sentences(doc.text, para.start, para.end):
            key = _normalise(doc.text[a:b])
            if len(key) >= _MIN_CHARS and key.count(" ") + 1 >= _MIN_WORDS:
                out.append(Unit(a, b, key, section))
    return out


def _grams(key: str) -> set[str]:
    padded = f" {key} "
    return {padded[i : i + _N] for i in range(max(1, len(padded) - _N + 1))}


def _pairs(key: str) -> set[tuple[str, str]]:
    w = key.split()
    return set(itertools.pairwise(w))


def _short(key: str) -> bool:
    return len(key) < _SHORT_CHARS or key.count(" ") + 1 < _SHORT_WORDS


def similarity(a: str, b: str) -> float:
    """How much of sentence `a` (normalised) is found in sentence `b`: 0..1."""
    ga = _grams(a)
    contained = len(ga & _grams(b)) / len(ga) if ga else 0.0
    if contained < 0.5:
        return contained
    return min(contained, fuzz.token_set_ratio(a, b) / 100)


def find_copying(draft: Doc, superiors: list[Doc], *, threshold: float = COPY_THRESHOLD) -> CopyResult:
    draft_units = units(draft)
    sup_units: list[tuple[int, Unit]] = [(k, u) for k, doc in enumerate(superiors) for u in units(doc)]
    index: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, (_, u) in enumerate(sup_units):
        for pair in _pairs(u.key):
            index[pair].append(j)
    # word pairs found in very many superior sentences are boilerplate, not evidence of copying
    common = max(20, len(sup_units) // 20)
    gram_cache: dict[int, set[str]] = {}
    spans: list[CopiedSpan] = []
    for u in draft_units:
        pairs = _pairs(u.key)
        hits: Counter[int] = Counter()
        for pair in pairs:
            posting = index.get(pair)
            if posting and len(posting) <= common:
                hits.update(posting)
        if not hits:
            continue
        need = max(2, int(0.3 * len(pairs)))
        best, best_j = 0.0, -1
        gu = _grams(u.key)
        for j, shared in hits.most_common(3):
            if shared < need:
                break
            gs = gram_cache.get(j)
            if gs is None:
                gs = gram_cache[j] = _grams(sup_units[j][1].key)
            contained = len(gu & gs) / len(gu)
            if contained >= 0.5:
                contained = min(contained, fuzz.token_set_ratio(u.key, sup_units[j][1].key) / 100)
            if contained > best and _short(u.key) and len(gs & gu) / len(gs) < _SHORT_BOTH_WAYS:
                continue  # a set phrase of a longer superior sentence
            if contained > best:
                best, best_j = contained, j
        if best_j >= 0 and best >= threshold:
            k, s = sup_units[best_j]
            d0, d1 = draft.orig_span(u.start, u.end)
            s0, s1 = superiors[k].orig_span(s.start, s.end)
            spans.append(
                CopiedSpan(
                    d0,
                    d1,
                    clip(draft.text[u.start : u.end], 400),
                    s0,
                    s1,
                    clip(superiors[k].text[s.start : s.end], 400),
                    round(best, 3),
                    k,
                    u.section,
                )
            )
    return _summarise(draft, draft_units, spans)


def _summarise(draft: Doc, draft_units: list[Unit], spans: list[CopiedSpan]) -> CopyResult:
    copied_starts = {s.draft_offset for s in spans}
    total_chars = sum(u.end - u.start for u in draft_units)
    copied_units = [u for u in draft_units if draft.orig_span(u.start, u.end)[0] in copied_starts]
    copied_ids = {id(u) for u in copied_units}
    copied_chars = sum(u.end - u.start for u in copied_units)
    by_section: dict[str, dict] = {}
    for u in draft_units:
        entry = by_section.setdefault(
            u.section,
            {
                "section": u.section or "(mở đầu)",
                "offset": draft.orig(u.start),
                "chars": 0,
                "copied_chars": 0,
                "sentences": 0,
                "copied": 0,
            },
        )
        entry["chars"] += u.end - u.start
        entry["sentences"] += 1
        if id(u) in copied_ids:
            entry["copied_chars"] += u.end - u.start
            entry["copied"] += 1
    sections = [
        {
            "section": e["section"],
            "offset": e["offset"],
            "sentences": e["sentences"],
            "copied": e["copied"],
            "share_chars": round(e["copied_chars"] / e["chars"], 3) if e["chars"] else 0.0,
        }
        for e in by_section.values()
    ]
    return CopyResult(
        spans=spans,
        share_chars=round(copied_chars / total_chars, 3) if total_chars else 0.0,
        share_sentences=round(len(copied_units) / len(draft_units), 3) if draft_units else 0.0,
        sections=sections,
    )
