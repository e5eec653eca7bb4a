"""Shared helpers of the review checks: the analysis text of a document, paragraphs with
original offsets, sentences, Vietnamese numbers and the pattern lists kept as data."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from roviec.engine.normalise import Normalised, normalise

_DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def phrases(name: str) -> tuple[str, ...]:
    """First column of data/review_<name>.csv (header skipped), longest first."""
    with open(_DATA / f"review_{name}.csv", encoding="utf-8", newline="") as handle:
        rows = [row[0].strip() for row in csv.reader(handle) if row and row[0].strip()]
    return tuple(sorted(rows[1:], key=len, reverse=True))


@cache
def table(name: str) -> tuple[tuple[str, str], ...]:
    """The first two columns of data/review_<name>.csv (header skipped)."""
    with open(_DATA / f"review_{name}.csv", encoding="utf-8", newline="") as handle:
        rows = [(row[0].strip(), row[1].strip()) for row in csv.reader(handle) if len(row) >= 2]
    return tuple(r for r in rows[1:] if r[0] and r[1])


def alternation(name: str) -> str:
    return "|".join(re.escape(p) for p in phrases(name))


@dataclass(frozen=True)
class Paragraph:
    start: int  # analysis-text offsets
    end: int
    text: str


class Doc:
    """A document's analysis text (one paragraph per line) and the way back to its own text.

    Checks work on ``norm.text`` and report offsets into ``original`` — the text
    ``roviec extract --text`` prints for the file.
    """

    def __init__(self, text: str):
        self.original = text
        self.norm: Normalised = normalise(text)
        self.text = self.norm.text

    def orig(self, start: int, end: int | None = None) -> int:
        return self.norm.span(start, end if end is not None else min(start + 1, len(self.text)))[0]

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        return self.norm.span(start, end)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Body paragraphs (footnote bodies appended by the layout stage left out)."""
        limit = self.norm.body_area if self.norm.body_area else len(self.text)
        out = []
        for a, b in self.norm.paragraphs():
            if a >= limit:
                break
            out.append(Paragraph(a, b, self.text[a:b]))
        return out


_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+(?=\S)|(?<=:)\s+(?=[A-ZÀ-Ỹ\-–+•])")


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans (clauses ended by . ! ? ; or a colon before a new item) within [start, end)."""
    end = len(text) if end is None else end
    out = []
    pos = start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def fold(text: str) -> str:
    """Lowercase without diacritics (đ → d), for matching tolerant of typing variants."""
    text = text.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


# Vietnamese numbers: dots group thousands ("2.500"), a comma marks decimals ("46,2").
NUMBER = r"(?<![\w/.,-])(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?![\w/]|[.,]\d)"
NUMBER_RE = re.compile(NUMBER)


def parse_number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def decimals(text: str) -> int:
    return len(text.split(",", 1)[1]) if "," in text else 0


def clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
