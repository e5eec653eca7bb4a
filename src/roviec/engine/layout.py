"""Rebuild paragraphs from line-based text and move footnote bodies to the end.

Input comes in two shapes. Word/DOCX text has one paragraph per line. PDF-extracted text is
hard-wrapped (a line every ~80 characters, often a blank line between lines), with page numbers
on their own lines and footnote bodies at the bottom of each page after a line of spaces, their
marks being plain digits glued to the previous word ("nhiệm vụ4."). Both are turned into the
same analysis text: one paragraph per line, whitespace folded, markdown emphasis removed,
footnote marks written as Unicode superscripts, and footnote bodies appended at the end as
lines "¹ body" (the shape the DOCX reader produces). Every character keeps a source offset.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from roviec.engine.textmap import MapBuilder, OffsetMap

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPER = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPER = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

_WS = r" \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"  # a regex class body
_ZERO_WIDTH = r"\u200b\u200c\u200d\ufeff\u00ad"
_STRIP = _WS + _ZERO_WIDTH
_STRIP_CHARS = frozenset(" \t\r\f\v\u00a0\u1680\u202f\u205f\u3000\u200b\u200c\u200d\ufeff\u00ad") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)

# Emphasis markup left by DOCX→markdown converters, folded whitespace, invisible characters.
# The pattern opens with one character class (the regex engine then skips ahead quickly);
# which case matched is decided in _emit_line.
_WS_RUN = r"[ \t\r\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_INLINE = re.compile(
    rf"[\t\r\f\v\u00a0\u1680\u2000-\u200d\u202f\u205f\u3000\ufeff\u00ad* ]"
    rf"(?:(?<=\*)\**|(?<= ){_WS_RUN}+|(?<=[^ *]){_WS_RUN}*)"
)
# A bold run glued between two paragraphs by the converter ("ƯU ĐIỂM**1. Đối với").
_STARS = re.compile(r"\*{2,}")

MARKER = re.compile(
    r"^(?:"
    r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+(?:thứ\s+|THỨ\s+)?[\wÀ-ỹ]+"
    r"|[IVXLC]{1,6}\s*[.\-–)]\s"
    r"|\d{1,2}(?:\.\d{1,2}){0,4}\s*[.)\-–]\s"
    r"|\d{1,2}(?:\.\d{1,2}){1,4}\s"
    r"|[a-zđ]\s*\)\s"
    r"|\(\d{1,2}\)\s"
    r"|[-–+•·▪●○◦⁃](?![-–])\s*\S"
    r")"
)
_BODY_MARK = re.compile(rf"[{_STRIP}]*(?P<mark>\d{{1,3}}|⁽?[{SUPERSCRIPT_DIGITS}]{{1,3}}⁾?)[{_WS}]+(?=\S)")
_SUPER_BODY = re.compile(rf"[{_STRIP}]*(?P<mark>⁽?[{SUPERSCRIPT_DIGITS}]{{1,3}}⁾?)[{_WS}]*(?=\S)")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:[Tt]rang\s+)?\d{1,4}(?:\s*-)?(?:\s*/\s*\d{1,4})?$")
_SEPARATOR = re.compile(r"^(?:_{5,}|-{10,}|—{5,})$")
_SYMBOL_HEAD = re.compile(r"[0-9A-Za-zĐđ][-/]$")
_SYMBOL_TAIL = re.compile(r"^(?:[A-ZĐ][A-Za-zĐđ]{0,5}[/\-]|\d{4}/)")
_GLUED_MARK = re.compile(r"\d{1,3}(?=[\s.,;:!?)\]”’\"…]|$)")  # the character before is checked in code
_MARK_HOST = frozenset(')]”’"')
_TERMINAL = ".!?:;…"


@dataclass
class Line:
    start: int  # content span in the source, whitespace stripped
    end: int
    indent: int
    raw_len: int
    kind: str = "text"  # text | blank | rule | page | separator | pagebreak
    mark: str | None = None  # footnote body mark (ASCII digits)
    body_start: int = 0  # where the body text starts, after the mark
    blank_before: bool = False  # an empty line separates it from the line before


@dataclass(frozen=True)
class FootnoteBody:
    mark: str
    line_start: int  # offsets in the analysis text: the "¹ body" line
    text_start: int
    end: int


@dataclass(frozen=True)
class Layout:
    text: str
    map: OffsetMap
    bodies: tuple[FootnoteBody, ...]
    body_area: int  # analysis-text offset where appended footnote bodies begin
    hard_wrapped: bool


def superscript(mark: str) -> str:
    return mark.translate(_TO_SUPER)


def plain_mark(mark: str) -> str:
    return mark.strip("⁽⁾()").translate(_FROM_SUPER)


def _split_lines(src: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    skipped_blank = False
    for raw in src.split("\n"):
        end = pos + len(raw)
        if not raw or (len(raw) < 10 and raw.isspace()):
            # Empty lines are not kept as lines (a long run of spaces may be a separator);
            # whether one stood here is kept on the next line.
            pos = end + 1
            skipped_blank = True
            continue
        first_new = len(lines)
        segment_starts = [pos]
        segment_ends = []
        if "**" in raw:
            for m in _STARS.finditer(src, pos, end):
                # a bold run glued between two paragraphs by the converter ("ƯU ĐIỂM**1. Đối với")
                glued = m.start() > pos and not src[m.start() - 1].isspace()
                if glued and m.end() < end and (src[m.end()].isdigit() or src[m.end()].isupper()):
                    segment_ends.append(m.start())
                    segment_starts.append(m.end())
        segment_ends.append(end)
        for s, e in zip(segment_starts, segment_ends, strict=True):
            if "\f" in raw and src.find("\f", s, e) >= 0:
                # A form feed marks a page boundary: keep it as its own line.
                ff = src.index("\f", s, e)
                lines.extend(_make_lines(src, s, ff))
                lines.append(Line(ff, ff + 1, 0, 1, kind="pagebreak"))
                lines.extend(_make_lines(src, ff + 1, e))
            else:
                lines.extend(_make_lines(src, s, e))
        if skipped_blank and len(lines) > first_new:
            lines[first_new].blank_before = True
        skipped_blank = False
        pos = end + 1
    return lines


_STRIP_STR = "".join(sorted(_STRIP_CHARS))


def _make_lines(src: str, s: int, e: int) -> list[Line]:
    segment = src[s:e]
    content = segment.strip(_STRIP_STR)
    if content:
        a = s + (len(segment) - len(segment.lstrip(_STRIP_STR)))
        b = a + len(content)
    else:
        a = b = e
    line = Line(a, b, a - s, e - s)
    if not content.strip("*"):
        line.kind = "blank"
    elif not any(ch.isalnum() for ch in content[:200]) and not any(ch.isalnum() for ch in content):
        line.kind = "separator" if _SEPARATOR.match(content) else "rule"
    elif len(content) <= 12 and _PAGE_NUMBER.match(content):
        line.kind = "page"
    return [line]


def _is_caps(text: str) -> bool:
    """All letters uppercase (headings, signature blocks); cheap: called once per line."""
    return len(text) > 1 and text == text.upper() and text != text.lower()


def _detect_hard_wrap(src: str, lines: list[Line]) -> bool:
    text_lines = [ln for ln in lines if ln.kind == "text"]
    if len(text_lines) < 8:
        return False
    lengths = sorted(ln.end - ln.start for ln in text_lines)
    p90 = lengths[int(len(lengths) * 0.9)]
    if p90 > 140:
        return False
    wraps = 0
    for a, b in pairwise(text_lines):
        first = src[b.start]
        if first.isalpha() and first.islower() and src[a.end - 1] not in _TERMINAL:
            wraps += 1
    return wraps >= 0.3 * len(text_lines)


def _blank_lines_mark_paragraphs(lines: list[Line]) -> bool:
    """Whether a blank line in hard-wrapped text ends a paragraph.

    Some PDF extractors put a blank line after every line (then blanks mean nothing);
    others only where the page shows a paragraph break (then they are the best evidence).
    """
    text_lines = [line for line in lines if line.kind == "text"]
    pairs = len(text_lines) - 1
    blanks = sum(line.blank_before for line in text_lines[1:])
    return pairs > 0 and blanks < 0.5 * pairs


def _find_regions(src: str, lines: list[Line]) -> None:
    """Mark footnote bodies: after a separator line (PDF) or lines opening with a superscript."""
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        is_sep = line.kind == "separator" or (
            line.kind == "blank" and line.raw_len >= 10 and line.indent >= 10
        )
        if is_sep:
            j = i + 1
            while j < n and lines[j].kind == "blank":
                j += 1
            if j < n and lines[j].kind == "text" and _BODY_MARK.match(src, lines[j].start - lines[j].indent):
                i = _consume_region(src, lines, j)
                continue
        if line.kind == "text":
            m = _SUPER_BODY.match(src, line.start)
            if m and m.end() <= line.end:
                line.kind = "body"
                line.mark = plain_mark(m.group("mark"))
                line.body_start = m.end()
        i += 1


def _consume_region(src: str, lines: list[Line], j: int) -> int:
    last: int | None = None
    current: Line | None = None
    n = len(lines)
    while j < n:
        line = lines[j]
        if line.kind == "blank":
            j += 1
            continue
        if line.kind in ("page", "pagebreak", "separator"):
            return j
        m = _BODY_MARK.match(src, line.start)
        if m and m.end() <= line.end:
            number = int(plain_mark(m.group("mark")))
            if last is None or number == last + 1:
                line.kind = "body"
                line.mark = str(number)
                line.body_start = m.end()
                current, last = line, number
                j += 1
                continue
        if line.indent > 0 or current is None:
            return j  # the main text picks up again (it starts indented)
        line.kind = "body_cont"
        j += 1
    return j


def _assign_glued_marks(src: str, lines: list[Line]) -> dict[int, list[tuple[int, str]]]:
    """Find plain-digit marks glued to words for PDF bodies; returns line index → [(offset, mark)].

    One regex pass collects candidates per number; each body then takes the first candidate
    after the previous mark and before its own footnote block (bisect: linear overall).
    """
    bodies = [(idx, ln) for idx, ln in enumerate(lines) if ln.kind == "body" and src[ln.start].isdigit()]
    if not bodies:
        return {}
    candidates: dict[str, list[tuple[int, int]]] = {}
    wanted = {ln.mark for _i, ln in bodies}
    for idx, line in enumerate(lines):
        if line.kind != "text":
            continue
        for m in _GLUED_MARK.finditer(src, line.start, line.end):
            prev = src[m.start() - 1] if m.start() > line.start else " "
            if m.group() in wanted and ((prev.isalpha()) or prev in _MARK_HOST):
                candidates.setdefault(m.group(), []).append((m.start(), idx))
    found: dict[int, list[tuple[int, str]]] = {}
    cursor = -1
    for body_idx, body in bodies:
        options = candidates.get(body.mark or "", [])
        k = bisect_right(options, (cursor, len(lines)))
        if k >= len(options):
            continue
        offset, line_idx = options[k]
        if line_idx > body_idx and k + 1 < len(options) and options[k + 1][1] < body_idx:
            continue
        found.setdefault(line_idx, []).append((offset, body.mark or ""))
        cursor = offset
    return found


def _join(src: str, prev: Line, nxt: Line, hard_wrapped: bool, width: int = 80) -> str | None:
    """How two consecutive lines of the main flow meet: "" glue, " " join, None new paragraph."""
    p = src[prev.start : prev.end].rstrip("*")
    q = src[nxt.start : nxt.end].lstrip("*")
    if not p or not q or prev.kind == "rule" or nxt.kind == "rule":
        return None
    if _SYMBOL_HEAD.search(p) and _SYMBOL_TAIL.match(q):
        return ""  # a symbol split at the line end: "05-" / "CT/TW"
    if MARKER.match(q) or _is_caps(p):
        return None
    first = q[0]
    if first.isalpha() and first.islower():
        return " "
    if hard_wrapped and p[-1] not in _TERMINAL and not _is_caps(q):
        if MARKER.match(p) and len(p) < 0.8 * width:
            return None  # a numbered heading shorter than the wrapped lines
        return " "
    return None


_INVISIBLE = frozenset("\u200b\u200c\u200d\ufeff\u00ad")


def _is_emphasis(src: str, k: int, start: int, end: int) -> bool:
    """A single "*" opening or closing markdown emphasis (not a bullet or a lone star)."""
    before = src[k - 1] if k > start else " "
    after = src[k + 1] if k + 1 < end else " "
    opening = not (before.isalnum() or before == "_") and not after.isspace()
    closing = not before.isspace() and not (after.isalnum() or after == "_")
    return opening or closing


def _emit_line(builder: MapBuilder, src: str, start: int, end: int, marks: list[tuple[int, str]]) -> None:
    cuts: list[tuple[int, int, str]] = [(o, o + len(m), superscript(m)) for o, m in marks]
    for m in _INLINE.finditer(src, start, end):
        first = src[m.start()]
        if first == "*":
            if m.end() - m.start() == 1 and not _is_emphasis(src, m.start(), start, end):
                continue
            cuts.append((m.start(), m.end(), ""))
        elif first in _INVISIBLE:
            cuts.append((m.start(), m.start() + 1, ""))
            if m.end() > m.start() + 1:
                cuts.append((m.start() + 1, m.end(), " "))
        else:
            cuts.append((m.start(), m.end(), " "))
    cuts.sort()
    pos = start
    for s, e, repl in cuts:
        if s < pos:
            continue
        builder.copy(pos, s)
        if repl == " " and builder.last_char() == " ":
            repl = ""
        builder.emit(repl, s, e)
        pos = e
    builder.copy(pos, end)


def reflow(src: str) -> Layout:
    lines = _split_lines(src)
    hard_wrapped = _detect_hard_wrap(src, lines)
    _find_regions(src, lines)
    marks = _assign_glued_marks(src, lines)
    skip = {"blank", "separator", "pagebreak", "body", "body_cont"}
    if hard_wrapped:
        skip.add("page")
    lengths = sorted(ln.end - ln.start for ln in lines if ln.kind == "text")
    width = lengths[len(lengths) // 2] if lengths else 80
    blank_breaks = hard_wrapped and _blank_lines_mark_paragraphs(lines)
    builder = MapBuilder(src)
    prev: Line | None = None
    blank_since_prev = False
    for idx, line in enumerate(lines):
        if line.kind == "blank" or line.blank_before:
            blank_since_prev = True
        if line.kind in skip:
            continue
        if prev is not None:
            sep = _join(src, prev, line, hard_wrapped, width)
            if blank_since_prev and blank_breaks and sep == " ":
                sep = None
            builder.emit("\n" if sep is None else sep, prev.end, line.start)
        _emit_line(builder, src, line.start, line.end, marks.get(idx, []))
        prev = line
        blank_since_prev = False
    body_area = builder.out_len
    bodies: list[FootnoteBody] = []
    open_body: tuple[str, int, int] | None = None  # mark, line start, text start
    last: Line | None = None
    for line in lines:
        if line.kind == "body":
            if open_body is not None:
                bodies.append(FootnoteBody(*open_body, builder.out_len))
            line_start = builder.out_len
            builder.emit("\n", line.start, line.start)
            builder.emit(superscript(line.mark or "") + " ", line.start, line.body_start)
            open_body = (line.mark or "", line_start + 1, builder.out_len)
            _emit_line(builder, src, line.body_start, line.end, [])
            last = line
        elif line.kind == "body_cont" and last is not None:
            sep = _join(src, last, line, True)
            builder.emit("" if sep == "" else " ", last.end, line.start)
            _emit_line(builder, src, line.start, line.end, [])
            last = line
    if open_body is not None:
        bodies.append(FootnoteBody(*open_body, builder.out_len))
    text, offset_map = builder.build()
    return Layout(text, offset_map, tuple(bodies), body_area, hard_wrapped)
