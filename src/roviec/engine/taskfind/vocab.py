"""The task vocabulary (engine/data/tasks/*.txt) and matchers built from it.

Matching works on a "key" copy of the text: lower case, NFC, old-style tone placement
("uỷ", "hoà") rewritten to the new style, so that a key index equals a text index
(every rewrite keeps the length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from roviec.engine.taskfind.models import Organization

# Old-style tone placement → new style; same length, so offsets survive.
_PAIRS = (
    ("uỷ", "ủy"),
    ("uý", "úy"),
    ("uỳ", "ùy"),
    ("uỹ", "ũy"),
    ("uỵ", "ụy"),
    ("oà", "òa"),
    ("oá", "óa"),
    ("oả", "ỏa"),
    ("oã", "õa"),
    ("oạ", "ọa"),
    ("oè", "òe"),
    ("oé", "óe"),
    ("oẻ", "ỏe"),
    ("oẽ", "õe"),
    ("oẹ", "ọe"),
)
# after "q" the "u" belongs to the consonant ("quý" is already new style)
# and only an open syllable differs between the styles ("hoà"/"hòa" but "hoàn").
# The pattern starts with the (rarer) toned vowel and checks the letter before it in a
# lookbehind: the scan over a whole document stays a C-speed character-class search.
_U_TONES = "".join(a[1] for a, _b in _PAIRS if a[0] == "u")
_O_TONES = "".join(a[1] for a, _b in _PAIRS if a[0] == "o")
_OLD_STYLE = re.compile(
    rf"[{_U_TONES}{_O_TONES}](?<=(?:o[{_O_TONES}]|(?<!q)u[{_U_TONES}]))(?![\wÀ-ỹ])"
)
_NEW = dict(_PAIRS)


def key(text: str) -> str:
    """Lower case with new-style tone placement; same length as `text`."""
    low = text.lower()
    if len(low) != len(text):  # a few characters change length when lowered (İ): keep offsets
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    parts: list[str] = []
    last = 0
    for m in _OLD_STYLE.finditer(low):
        i = m.start() - 1  # the "u"/"o" before the toned vowel
        parts.append(low[last:i])
        parts.append(_NEW[low[i : i + 2]])
        last = i + 2
    if not parts:
        return low
    parts.append(low[last:])
    return "".join(parts)


def _lines(name: str) -> list[str]:
    raw = resources.files("roviec.engine.data").joinpath("tasks").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in raw.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def _pairs(name: str) -> list[tuple[str, str]]:
    out = []
    for line in _lines(name):
        left, sep, right = line.rpartition("=")
        if sep:
            out.append((left.strip(), right.strip()))
    return out


def _alternation(phrases: list[str]) -> str:
    unique = sorted({key(p) for p in phrases}, key=len, reverse=True)
    return "|".join(re.escape(p) for p in unique)


@dataclass(frozen=True)
class Vocabulary:
    generic: dict[str, str]  # key phrase → group
    generic_re: re.Pattern[str]
    verbs_re: re.Pattern[str]  # a predicate opener at a position
    verb_anywhere: re.Pattern[str]
    deliverable_re: re.Pattern[str]
    producing_re: re.Pattern[str]  # producing verb ending right before a position
    abbreviations: tuple[tuple[str, str], ...]
    task_words: tuple[str, ...]
    skip_words: tuple[str, ...]
    unit_head_re: re.Pattern[str]  # first words of a capitalised unit name


_END = r"(?![\wÀ-ỹ])"


@cache
def load_vocabulary() -> Vocabulary:
    generic = {key(p): g for p, g in _pairs("generic_addressees.txt")}
    verbs = _lines("action_verbs.txt")
    deliverables = _lines("deliverables.txt")
    producing = _lines("producing_verbs.txt")
    headings = [line.split(":", 1) for line in _lines("section_headings.txt")]
    return Vocabulary(
        generic=generic,
        generic_re=re.compile(f"(?:{_alternation(list(generic))}){_END}"),
        verbs_re=re.compile(f"(?:{_alternation(verbs)}){_END}"),
        verb_anywhere=re.compile(rf"(?<![\wÀ-ỹ])(?:{_alternation(verbs)}){_END}"),
        deliverable_re=re.compile(rf"(?<![\wÀ-ỹ])(?:{_alternation(deliverables)}){_END}"),
        producing_re=re.compile(
            rf"(?<![\wÀ-ỹ])(?:{_alternation(producing)})\s(?:(?:các|những|một số|đầy đủ|mới)\s)?$"
        ),
        abbreviations=tuple(_pairs("abbreviations.txt")),
        task_words=tuple(key(w.strip()) for k, w in headings if k.strip() == "task"),
        skip_words=tuple(key(w.strip()) for k, w in headings if k.strip() == "skip"),
        unit_head_re=re.compile(f"(?:{_alternation(_lines('unit_heads.txt'))}){_END}"),
    )


# ------------------------------------------------------------------ organisations


@dataclass(frozen=True, eq=False)
class OrgMatcher:
    """Finds the supplied organisations' names, aliases and derived abbreviations."""

    forms: dict[str, str]  # key form → canonical name
    pattern: re.Pattern[str] | None

    def match(self, text_key: str, pos: int) -> tuple[int, str] | None:
        """(end, canonical name) of the longest organisation name starting at `pos`."""
        if self.pattern is None:
            return None
        m = self.pattern.match(text_key, pos)
        if not m:
            return None
        return m.end(), self.forms[m.group()]

    def canonical(self, name: str) -> str | None:
        return self.forms.get(key(" ".join(name.split())).strip(" .,;:"))


def _derived(name: str, abbreviations: tuple[tuple[str, str], ...]) -> set[str]:
    out = {name}
    for full, short in abbreviations:
        for form in list(out):
            if full in form:
                out.add(form.replace(full, short))
    return out


def build_org_matcher(organizations: tuple[Organization, ...], vocab: Vocabulary) -> OrgMatcher:
    forms: dict[str, str] = {}
    for org in organizations:
        for written in (org.name, *org.aliases):
            written = " ".join(written.split())
            if not written:
                continue
            for form in _derived(written, vocab.abbreviations):
                forms.setdefault(key(form), org.name)
    if not forms:
        return OrgMatcher({}, None)
    return OrgMatcher(forms, re.compile(f"(?:{_alternation(list(forms))}){_END}"))


def as_organizations(value) -> tuple[Organization, ...]:
    """Accept Organization objects, (name, aliases) pairs, dicts or bare names."""
    out = []
    for item in value or ():
        if isinstance(item, Organization):
            out.append(item)
        elif isinstance(item, str):
            out.append(Organization(item))
        elif isinstance(item, dict):
            out.append(Organization(item["name"], tuple(item.get("aliases") or ())))
        else:
            name, aliases = item
            out.append(Organization(name, tuple(aliases or ())))
    return tuple(out)
