"""Unit names as people write them: abbreviations, aliases, near misses.

A document addresses "UBND tỉnh", "BTV Tỉnh ủy" or "xã Ân Thi"; the tree holds
"Ủy ban nhân dân tỉnh", "Ban Thường vụ Tỉnh ủy", "Đảng ủy xã Ân Thi". This module
maps one onto the other in four steps, most certain first: the folded name or
an alias, the same after expanding abbreviations, the name without its Party
prefix ("Đảng ủy", "Đảng bộ", ...), then rapidfuzz for typos. The abbreviation
table is data (``data/abbreviations.csv``) so it can grow without code changes.

Nothing here touches the database: callers pass the units they may see.
"""

import csv
import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz

from roviec.core.text import fold, vietnamese_sort_key

DATA_DIR = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"[\w&]+")
_NON_WORD = re.compile(r"[^\w]+")

# Prefixes naming the Party body of a place; "xã Ân Thi" means "Đảng ủy xã Ân Thi"
# in a Party document. Folded, longest first.
_PARTY_PREFIXES = (
    "ban chap hanh dang bo",
    "ban thuong vu dang uy",
    "dang uy",
    "dang bo",
    "chi bo",
    "ban chap hanh",
)

SCORE_EXACT = 100.0
SCORE_CORE = 95.0
# A fuzzy score never ties with a certain match.
SCORE_FUZZY_MAX = 94.0


@dataclass(frozen=True)
class Abbreviation:
    short: str
    expansion: str
    # Only expand when written in capitals: "TU" is Tỉnh ủy, "tu" is a word.
    capitals_only: bool


@lru_cache(maxsize=1)
def abbreviations() -> tuple[Abbreviation, ...]:
    with (DATA_DIR / "abbreviations.csv").open(encoding="utf-8", newline="") as handle:
        rows = [
            Abbreviation(row["abbreviation"].strip(), row["expansion"].strip(),
                         row["capitals_only"].strip() == "1")
            for row in csv.DictReader(handle)
            if row["abbreviation"].strip()
        ]
    return tuple(rows)


@lru_cache(maxsize=1)
def _abbreviation_index() -> tuple[dict[str, Abbreviation], dict[str, Abbreviation]]:
    by_exact = {a.short: a for a in abbreviations()}
    by_folded = {fold(a.short): a for a in abbreviations() if not a.capitals_only}
    return by_exact, by_folded


def expand_abbreviations(text: str) -> str:
    """Replace each abbreviation in ``text`` by its expansion ("UBND tỉnh" → "Ủy ban nhân dân tỉnh")."""
    by_exact, by_folded = _abbreviation_index()
    # In a heading written all in capitals every word looks like an abbreviation;
    # a long capitalised word that is no abbreviation ("ĐẢNG", "TỈNH") gives it away.
    shouting = (text or "").isupper() and any(
        len(token) > 3 and token not in by_exact for token in _TOKEN.findall(text)
    )

    def replace(match: re.Match) -> str:
        token = match.group(0)
        found = by_exact.get(token)
        if found is not None and found.capitals_only and shouting:
            found = None
        if found is None:
            found = by_folded.get(fold(token))
        return found.expansion if found is not None else token

    return _TOKEN.sub(replace, text or "")


@lru_cache(maxsize=1)
def _contractions() -> tuple[tuple[re.Pattern, str], ...]:
    pairs: dict[str, str] = {}
    for abbreviation in abbreviations():
        if abbreviation.capitals_only:
            continue
        pairs.setdefault(normalise(abbreviation.expansion), normalise(abbreviation.short))
    ordered = sorted(pairs.items(), key=lambda item: -len(item[0]))
    return tuple((re.compile(rf"\b{re.escape(long)}\b"), short) for long, short in ordered)


def contract_abbreviations(folded: str) -> str:
    """The reverse of expansion on folded text ("uy ban nhan dan tinh" → "ubnd tinh")."""
    for pattern, short in _contractions():
        folded = pattern.sub(short, folded)
    return folded


def normalise(text: str) -> str:
    """Folded, with punctuation and list markers ("- ", "+ ", ",") turned into spaces."""
    return " ".join(_NON_WORD.sub(" ", fold(text).replace("&", " va ")).split())


def strip_party_prefix(normalised: str) -> str:
    for prefix in _PARTY_PREFIXES:
        if normalised.startswith(prefix + " "):
            return normalised[len(prefix) + 1:]
    return normalised


def search_variants(query: str) -> list[str]:
    """Folded forms of a search query: as typed, abbreviations expanded, phrases abbreviated."""
    variants = [normalise(query), normalise(expand_abbreviations(query))]
    variants.append(contract_abbreviations(variants[0]))
    unique = []
    for variant in variants:
        if variant and variant not in unique:
            unique.append(variant)
    return unique


def unit_is_current(unit, on: datetime.date | None = None) -> bool:
    on = on or datetime.date.today()
    started = unit.valid_from is None or unit.valid_from <= on
    return started and (unit.valid_to is None or unit.valid_to >= on)


@dataclass(frozen=True)
class UnitMatch:
    unit: object
    score: float
    # "exact", "abbreviation", "core" (name without its Party prefix) or "fuzzy".
    method: str

    @property
    def certain(self) -> bool:
        return self.method != "fuzzy"


@dataclass(frozen=True)
class _Keys:
    exact: frozenset[str]
    expanded: frozenset[str]
    core: frozenset[str]


class UnitMatcher:
    """Matches names against a fixed set of units; build once, match many recipients."""

    def __init__(self, units: Iterable, *, on: datetime.date | None = None) -> None:
        self.units = list(units)
        self.on = on
        self._keys = [self.unit_keys(unit) for unit in self.units]

    @staticmethod
    def unit_keys(unit) -> _Keys:
        """The normalised forms a unit is known by."""
        names = [n for n in [unit.name, unit.short_name, *(unit.aliases or [])] if n and n.strip()]
        exact = {normalise(n) for n in names}
        expanded = {normalise(expand_abbreviations(n)) for n in names}
        core = {strip_party_prefix(k) for k in expanded} - expanded
        return _Keys(frozenset(exact - {""}), frozenset(expanded - {""}), frozenset(core - {""}))

    def match(self, name: str, *, limit: int = 5, score_cutoff: float = 80.0) -> list[UnitMatch]:
        """Candidates for ``name``, best first; certain matches (score ≥ 95) before fuzzy ones."""
        query = normalise(name)
        if not query:
            return []
        expanded = normalise(expand_abbreviations(name))
        core = strip_party_prefix(expanded)
        found: dict[int, UnitMatch] = {}
        for index, keys in enumerate(self._keys):
            if query in keys.exact:
                found[index] = UnitMatch(self.units[index], SCORE_EXACT, "exact")
            elif expanded in keys.expanded or expanded in keys.exact:
                found[index] = UnitMatch(self.units[index], SCORE_EXACT, "abbreviation")
            elif core in keys.core or core in keys.expanded:
                found[index] = UnitMatch(self.units[index], SCORE_CORE, "core")
        if not found:
            for index, keys in enumerate(self._keys):
                # Compare without the Party prefix: "Đảng ủy xã Ân Thi" and "Đảng ủy xã
                # Yên Mỹ" share half their letters and nothing that matters.
                score = max((fuzz.WRatio(core, strip_party_prefix(key)) for key in keys.expanded),
                            default=0.0)
                if score >= score_cutoff:
                    found[index] = UnitMatch(self.units[index], min(round(score, 1), SCORE_FUZZY_MAX),
                                             "fuzzy")
        ranked = sorted(
            found.values(),
            key=lambda m: (-m.score, not unit_is_current(m.unit, self.on), vietnamese_sort_key(m.unit.name)),
        )
        return ranked[:limit]


def match_unit_name(name: str, units: Sequence | Iterable, *, limit: int = 5, score_cutoff: float = 80.0,
                    on: datetime.date | None = None) -> list[UnitMatch]:
    """Map a unit name as written in a document onto ``units``; see ``UnitMatcher``."""
    return UnitMatcher(units, on=on).match(name, limit=limit, score_cutoff=score_cutoff)
