"""Stage 3a: footnotes — attach each body (appended by the normaliser) to its mark in the text.

Marks are Unicode superscripts glued to the previous character ("đảng¹", "⁽³⁾"); the
normaliser has already rewritten PDF plain-digit marks ("nhiệm vụ4.") into that form.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from roviec.engine.layout import SUPERSCRIPT_DIGITS, plain_mark
from roviec.engine.models import Footnote, FootnoteMark
from roviec.engine.normalise import Normalised

MARK_RE = re.compile(rf"(?<=\S)⁽?[{SUPERSCRIPT_DIGITS}]{{1,3}}⁾?")
# The same marks without the leading lookbehind, which would defeat the regex engine's
# character-class scan: find_marks checks the character before each hit itself.
_BARE_MARK = re.compile(rf"⁽?[{SUPERSCRIPT_DIGITS}]{{1,3}}⁾?")


def find_marks(norm: Normalised) -> list[tuple[int, int, str]]:
    """(analysis start, analysis end, plain mark) of every mark in the main text."""
    text, end = norm.text, norm.body_area
    out = []
    pos = 0
    while True:
        m = _BARE_MARK.search(text, pos, end)
        if m is None:
            return out
        if m.start() > 0 and not text[m.start() - 1].isspace():
            out.append((m.start(), m.end(), plain_mark(m.group())))
            pos = m.end()
        elif text[m.start()] == "⁽":
            pos = m.start() + 1  # " ⁽³⁾": the digits after the bracket are still glued to it
        else:
            pos = m.end()


def find_footnotes(norm: Normalised) -> tuple[list[Footnote], dict[str, tuple[int, int]]]:
    """Footnotes in order, and for each mark the analysis span of its mark in the main text."""
    marks = find_marks(norm)
    by_mark: dict[str, list[int]] = {}
    for k, (_s, _e, mark) in enumerate(marks):
        by_mark.setdefault(mark, []).append(k)
    taken: dict[str, int] = {}  # per mark, how many of its occurrences are used
    footnotes: list[Footnote] = []
    mark_spans: dict[str, tuple[int, int]] = {}
    cursor = 0
    for body in norm.bodies:
        options = by_mark.get(body.mark, [])
        first = taken.get(body.mark, 0)
        # the first unused occurrence after the previous mark, else the first unused one
        k = bisect_left(options, cursor, lo=first)
        if k >= len(options):
            k = first
        hit = options[k] if k < len(options) else None
        if hit is not None:
            taken[body.mark] = k + 1
        mark_offset = None
        if hit is not None:
            cursor = hit + 1
            mark_offset = norm.span(marks[hit][0], marks[hit][1])[0]
            mark_spans.setdefault(body.mark, (marks[hit][0], marks[hit][1]))
        start, end = norm.span(body.text_start, body.end)
        footnotes.append(
            Footnote(
                mark=body.mark,
                text=norm.text[body.text_start : body.end].strip(),
                offset=start,
                end=end,
                mark_offset=mark_offset,
            )
        )
    return footnotes, mark_spans


def orphan_marks(norm: Normalised, footnotes: list[Footnote]) -> list[FootnoteMark]:
    """Marks in the text with no body (a reader lost the footnote, or a typo)."""
    have = {f.mark for f in footnotes}
    return [FootnoteMark(mark, norm.span(s, e)[0]) for s, e, mark in find_marks(norm) if mark not in have]


def footnote_at(norm: Normalised, offset: int) -> str | None:
    """The mark of the footnote body containing analysis offset, if any."""
    if offset < norm.body_area or not norm.bodies:
        return None
    k = bisect_right([b.line_start for b in norm.bodies], offset) - 1
    if k >= 0 and offset < norm.bodies[k].end:
        return norm.bodies[k].mark
    return None
