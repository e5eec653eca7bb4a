"""Stage 3b: citations — every mention of a numbered document.

Found symbol first (symbols are rarer than type words), then the type word is looked for
just before it ("Quyết định số 418-QĐ/TU", "Nghị định 29/2023/NĐ-CP", "Kế hoạch: số …"),
then an optional date and "của <body>" after it. A symbol right after a previous mention
(", số 10-KH/ĐU", "và 177/2024/NĐ-CP") inherits that mention's type. Works on the analysis
text; offsets are mapped back to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from roviec.engine.calendar import DATE, date_from_match
from roviec.engine.footnotes import footnote_at
from roviec.engine.models import Citation, SymbolParts
from roviec.engine.normalise import Normalised
from roviec.engine.orgnames import scan_org
from roviec.engine.reference import ReferenceData, load_reference
from roviec.engine.symbols import SymbolError, canonical_symbol, parse_symbol

_NUM = r"\d{1,5}[a-z]?"
_CODE = r"[A-ZĐÐ][A-Za-zĐđÐ]{0,6}"
_ISS = r"[A-ZĐÐ0-9][A-Za-zĐđÐ0-9]*(?:-[A-ZĐÐ0-9][A-Za-zĐđÐ0-9]*)*"
SYMBOL = (
    rf"(?<![\w/.\-])(?:"
    rf"{_NUM} ?- ?{_CODE} ?/ ?{_ISS}"  # Party 418-QĐ/TU
    rf"|{_NUM} ?/ ?(?:\d{{4}} ?/ ?)?{_CODE} ?- ?{_ISS}"  # State 1419/KH-UBND, 143/2020/NĐ-CP, 4872/UBND-KTN
    rf"|{_NUM}/\d{{4}}/[A-ZĐ]{{2,8}}\d{{1,3}}"  # laws 25/2004/QH11
    rf")(?![\w/])"
)
SYMBOL_RE = re.compile(SYMBOL)
_SO = r"(?:[Ss]ố|SỐ)"
_DATE_AFTER = re.compile(rf"\s?,?\s?(?:ban hành\s)?(?:[Nn]gày|NGÀY)\s?{DATE}")
_OF = re.compile(r"\s(?:của|CỦA)\s")
_LIST_GLUE = re.compile(rf"^\s?(?:[,;]\s?(?:và\s|hoặc\s)?|và\s|hoặc\s)(?:(?P<so>{_SO})\s?:?\s?)?$")
# A later item of a list introduced by one type word, after the previous item's own words:
# "Kế hoạch: số 04-KH/ĐU, ngày … về học tập; số 10-KH/ĐU" (its type code must fit the type).
_LIST_FAR = re.compile(rf"^[^;\n“”\"]{{0,120}}?[;,]\s?(?:và\s)?(?P<so>{_SO})\s?:?\s?$")


@dataclass(frozen=True)
class _TypeHit:
    start: int
    end: int
    canonical: str


@cache
def _type_regex(reference: ReferenceData) -> tuple[re.Pattern[str], dict[str, str]]:
    words = sorted(reference.type_words, key=lambda w: -len(w.written))
    canonical = {w.written.lower(): w.canonical for w in words}
    alternation = "|".join(re.escape(w.written) for w in words)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE), canonical


def type_regex(reference: ReferenceData | None = None) -> re.Pattern[str]:
    return _type_regex(reference or load_reference())[0]


def _type_before(
    text: str, sym_start: int, floor: int, reference: ReferenceData, code: str | None
) -> tuple[_TypeHit, int] | None:
    """The type word introducing the symbol at sym_start, and where the mention starts."""
    pattern, canonical = _type_regex(reference)
    window_start = max(floor, sym_start - 160)
    window = text[window_start:sym_start]
    hits = list(pattern.finditer(window))
    if not hits:
        return None
    hit = hits[-1]
    between = window[hit.end() :]
    type_name = canonical.get(hit.group().lower(), hit.group())
    # Direct: "Quyết định số 418-…", "Nghị định 29/…", "Kế hoạch: số …"
    if re.fullmatch(rf"\s?:?\s?(?:{_SO}\s?:?\s?)?", between):
        return _TypeHit(
            window_start + hit.start(), window_start + hit.end(), type_name
        ), window_start + hit.start()
    # Far: "Quyết định thành lập Đoàn kiểm tra số 12-QĐ/TU" — up to 8 words, then "số"; the
    # symbol's type code must fit the type word.
    far = re.fullmatch(rf"((?:\s[^\s.;:!?“”\"()]+){{1,8}}?)\s{_SO}\s?:?\s?", between)
    if far and code and type_name in reference.types_for_code(code.replace("Ð", "Đ")):
        return _TypeHit(
            window_start + hit.start(), window_start + hit.end(), type_name
        ), window_start + hit.start()
    return None


def _symbols(text: str) -> list[re.Match[str]]:
    """Matches of SYMBOL_RE, searched only around "/" (every symbol has one; prose has few)."""
    found = []
    reach = 0
    slash = text.find("/")
    while slash >= 0:
        if slash >= reach:
            m = SYMBOL_RE.search(text, max(reach, slash - 14), min(len(text), slash + 80))
            if m is not None and m.start() <= slash:
                found.append(m)
                reach = m.end()
        slash = text.find("/", max(slash + 1, reach))
    return found


def _symbol_parts(symbol: str, reference: ReferenceData) -> tuple[SymbolParts, str | None]:
    try:
        parsed = parse_symbol(symbol, reference=reference)
    except SymbolError as exc:
        code = _loose_type_code(symbol)
        return SymbolParts(None, None, code, None, False, tuple(p.message for p in exc.problems)), code
    return (
        SymbolParts(parsed.number, parsed.year, parsed.type_code, parsed.issuer_code, True),
        parsed.type_code,
    )


def _loose_type_code(symbol: str) -> str | None:
    m = re.match(r"\d+[a-z]?-([^/]+)/", symbol) or re.match(r"\d+[a-z]?/(?:\d{4}/)?([^-]+)-", symbol)
    return m.group(1) if m else None


def find_citations(
    norm: Normalised,
    *,
    reference: ReferenceData | None = None,
    symbol_spans: list[tuple[int, int]] | None = None,
) -> list[Citation]:
    """Citations in document order; `symbol_spans` (if given) collects every symbol's analysis span."""
    reference = reference or load_reference()
    text = norm.text
    type_pattern = type_regex(reference)
    found: list[tuple[int, int, str, str, date | None, str | None, SymbolParts]] = []
    prev_end = -1
    prev_type: str | None = None
    paragraph_start = 0
    next_newline = -1
    for m in _symbols(text):
        sym_start, sym_end = m.start(), m.end()
        if symbol_spans is not None:
            symbol_spans.append((sym_start, sym_end + 40))
        if next_newline < sym_start:  # walk paragraph starts forward: linear overall
            while True:
                nl = text.find("\n", max(next_newline, paragraph_start - 1) + 1, sym_start)
                if nl < 0:
                    break
                paragraph_start = nl + 1
                next_newline = nl
            nxt = text.find("\n", sym_start)
            next_newline = nxt if nxt >= 0 else len(text)
        symbol = canonical_symbol(m.group())
        parts, code = _symbol_parts(symbol, reference)
        start = None
        type_name = None
        if prev_type is not None and prev_end >= paragraph_start:
            between = text[prev_end:sym_start]
            glue = _LIST_GLUE.match(between)
            if glue is None and len(between) <= 140:
                far = _LIST_FAR.match(between)
                if far and code and prev_type in reference.types_for_code(code.replace("Ð", "Đ")):
                    glue = far
            if glue:
                type_name = prev_type
                start = prev_end + glue.start("so") if glue.group("so") else sym_start
        if type_name is None:
            floor = max(paragraph_start, prev_end if prev_end > 0 else 0)
            hit = _type_before(text, sym_start, floor, reference, code)
            if hit is None:
                prev_type = None
                continue
            type_name, start = hit[0].canonical, hit[1]
        end = sym_end
        when = None
        d = _DATE_AFTER.match(text, end)
        if d:
            when = date_from_match(d)
            if when is not None:
                end = d.end()
        issuer = None
        of = _OF.match(text, end)
        if of:
            org_end = scan_org(text, of.end(), min(len(text), of.end() + 300), type_pattern)
            if org_end is not None:
                issuer = text[of.end() : org_end]
                end = org_end
        found.append((start or 0, end, type_name, symbol, when, issuer, parts))
        prev_end, prev_type = end, type_name
    return _resolve(norm, found)


def _resolve(norm: Normalised, found: list) -> list[Citation]:
    """Fill `resolved` from the first mention of the same symbol that states a date / issuer."""
    first_date: dict[str, date] = {}
    first_issuer: dict[str, str] = {}
    by_original = sorted(found, key=lambda f: norm.span(f[0], f[1])[0])
    for _s, _e, _t, symbol, when, issuer, _p in by_original:
        if when is not None:
            first_date.setdefault(symbol, when)
        if issuer:
            first_issuer.setdefault(symbol, issuer)
    citations = []
    for start, end, type_name, symbol, when, issuer, parts in by_original:
        a, b = norm.span(start, end)
        citations.append(
            Citation(
                offset=a,
                end=b,
                text=norm.original[a:b],
                type=type_name,
                symbol=symbol,
                date=when,
                issuer=issuer,
                parts=parts,
                resolved_date=first_date.get(symbol),
                resolved_issuer=first_issuer.get(symbol),
                in_footnote=footnote_at(norm, start),
            )
        )
    return citations
