"""Figure consistency in any document: percentages against the counts they summarise,
"a/b … đạt z%", parts listed after "gồm", ":" or in parentheses against their whole.

Vietnamese number formats: dots group thousands ("2.500"), a comma marks decimals ("46,2").
A percentage passes when it is within one unit of its last written decimal of the true
ratio, so both rounding and truncation ("46,28" written "46,2") are accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roviec.engine.review._text import Doc, clip, decimals, parse_number, sentences

_NUM = r"(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
_TIME_UNITS = r"(?:ngày|tháng|năm|quý|tuần|giờ|phút|lần thứ|nhiệm kỳ|khóa)"
_TOKEN = re.compile(
    rf"(?<![\w/.,-])(?P<a>{_NUM})\s?/\s?(?P<b>{_NUM})(?![\w/]|[.,]\d)"  # a fraction "33/33"
    rf"|(?<![\w/.,-])(?P<p>{_NUM})\s?%"  # a percentage
    rf"|(?<![\w/.,-])(?P<n>{_NUM})(?![\w/%]|[.,]\d|\s?%)"  # a count
)
_BEFORE_NOT_COUNT = re.compile(
    rf"(?:{_TIME_UNITS}|(?<![Tt]ổng )(?:số|Số)|thứ|điều|Điều|khoản|mục|giai đoạn|tăng|giảm|hơn|gần|trên|khoảng)\s*$"  # noqa: E501
)
_UNIT = re.compile(r"\s*([^\W\d][\wÀ-ỹ]*(?:\s[^\W\d][\wÀ-ỹ]*)?)")
_LIST_OPEN = re.compile(r"^\s*(?:\(|,?\s*(?:gồm|bao gồm)\s|:\s)")
_PCT_LEAD = re.compile(r"(?:chiếm|đạt|bằng|tỷ lệ|tỉ lệ|\()\s*(?:tỷ lệ\s*|tỉ lệ\s*)?$")
_PCT_REFERENCE_AFTER = re.compile(r"^\s*(?:so với\s)?(?:dự toán|kế hoạch|chỉ tiêu)")
_SHARE_ONLY = re.compile(r"chiếm\s*$")


@dataclass(frozen=True)
class FigureFinding:
    offset: int  # in the original text
    end: int
    text: str
    consistent: bool
    why: str
    kind: str  # percentage | ratio | sum


@dataclass
class _Tok:
    kind: str  # frac | pct | count
    start: int
    end: int
    value: float
    raw: str
    unit: str = ""
    b: float = 0.0


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    for m in _TOKEN.finditer(text):
        if m.group("a"):
            before = text[max(0, m.start() - 8) : m.start()]
            if re.search(r"(?:ngày|tháng)\s*$", before) or re.match(
                r"\s?/\s?\d", text[m.end() : m.end() + 3]
            ):
                continue  # a date, not a fraction
            out.append(
                _Tok(
                    "frac",
                    m.start(),
                    m.end(),
                    parse_number(m.group("a")),
                    m.group(),
                    b=parse_number(m.group("b")),
                )
            )
        elif m.group("p"):
            out.append(_Tok("pct", m.start(), m.end(), parse_number(m.group("p")), m.group("p")))
        else:
            raw = m.group("n")
            if _BEFORE_NOT_COUNT.search(text[max(0, m.start() - 14) : m.start()]):
                continue
            unit_m = _UNIT.match(text, m.end())
            unit = unit_m.group(1).lower() if unit_m else ""
            if re.match(_TIME_UNITS, unit) or (
                len(raw) == 4 and raw.startswith(("19", "20")) and "." not in raw
            ):
                continue
            out.append(_Tok("count", m.start(), m.end(), parse_number(raw), raw, unit=unit))
    return out


def _pct_ok(written: float, raw: str, true: float) -> bool:
    return abs(written - true) <= 10 ** -decimals(raw) + 1e-9


def _fmt(x: float) -> str:
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def _first_word(unit: str) -> str:
    return unit.split()[0] if unit else ""


def check_sentence(text: str) -> list[tuple[bool, str, str]]:
    """(consistent, why, kind) for each arithmetic check the sentence allows."""
    toks = _tokens(text)
    results: list[tuple[bool, str, str]] = []
    used_wholes: set[int] = set()
    for i, t in enumerate(toks):
        if t.kind == "frac":
            if t.b == 0:
                results.append((False, f"“{t.raw}” có mẫu số bằng 0.", "ratio"))
                continue
            nxt = next((u for u in toks[i + 1 :] if u.kind == "pct" and u.start - t.end < 90), None)
            if nxt is not None:
                true = 100 * t.value / t.b
                ok = _pct_ok(nxt.value, nxt.raw, true)
                why = (
                    f"{t.raw} tương ứng {_fmt(true)}%, khớp với {nxt.raw}%."
                    if ok
                    else f"{t.raw} tương ứng {_fmt(true)}%, không phải {nxt.raw}% như đã ghi."
                )
                results.append((ok, why, "ratio"))
                nxt.kind = "pct_used"
            elif t.value > t.b and re.search(r"đạt|hoàn thành", text[t.end : t.end + 60]):
                results.append((False, f"Tử số lớn hơn mẫu số trong “{t.raw}”.", "ratio"))
    for i, t in enumerate(toks):
        if t.kind != "pct":
            continue
        lead = text[max(0, t.start - 25) : t.start]
        if not _PCT_LEAD.search(lead):
            continue
        if _SHARE_ONLY.search(lead) and t.value > 100:
            results.append((False, f"Tỷ trọng “chiếm {t.raw}%” vượt quá 100%.", "percentage"))
            continue
        counts_before = [u for u in toks[:i] if u.kind == "count"]
        if not counts_before:
            continue
        part = counts_before[-1]
        over = re.search(r"trên\s(?:tổng\s)?(?:số\s)?$", text[max(0, part.start - 16) : part.start])
        if over and len(counts_before) >= 2:
            whole, part = part, counts_before[-2]
            if whole.value:
                true = 100 * part.value / whole.value
                ok = _pct_ok(t.value, t.raw, true)
                results.append(
                    (
                        ok,
                        (
                            f"{part.raw}/{whole.raw} = {_fmt(true)}%"
                            + (f", khớp với {t.raw}%." if ok else f", không phải {t.raw}% như đã ghi.")
                        ),
                        "percentage",
                    )
                )
            continue
        if _PCT_REFERENCE_AFTER.match(text[t.end : t.end + 30]):
            ref = next(
                (
                    u
                    for u in toks[i + 1 :]
                    if u.kind == "count" and _first_word(u.unit) == _first_word(part.unit)
                ),
                None,
            )
            if ref is None or ref.value == 0:
                continue
            true = 100 * part.value / ref.value
            ok = _pct_ok(t.value, t.raw, true)
            results.append(
                (
                    ok,
                    (
                        f"{part.raw} so với {ref.raw} là {_fmt(true)}%"
                        + (f", khớp với {t.raw}%." if ok else f", không phải {t.raw}% như đã ghi.")
                    ),
                    "percentage",
                )
            )
            continue
        wholes = [u for u in counts_before[:-1] if u.value > part.value]
        same = [u for u in wholes if _first_word(u.unit) == _first_word(part.unit)]
        whole = (same or wholes or [None])[0]
        if whole is None or whole.value == 0:
            continue
        used_wholes.add(whole.start)
        true = 100 * part.value / whole.value
        ok = _pct_ok(t.value, t.raw, true)
        results.append(
            (
                ok,
                (
                    f"{part.raw}/{whole.raw} = {_fmt(true)}%"
                    + (f", khớp với {t.raw}%." if ok else f", không phải {t.raw}% như đã ghi.")
                ),
                "percentage",
            )
        )
    results.extend(_sums(text, toks))
    return results


def _sums(text: str, toks: list[_Tok]) -> list[tuple[bool, str, str]]:
    out = []
    for _i, whole in enumerate(toks):
        if whole.kind != "count" or not whole.unit:
            continue
        unit_end = whole.end + len(_UNIT.match(text, whole.end).group(0))
        tail = text[unit_end:]
        # the whole's noun phrase may run a few words (and a footnote mark) before the list opens
        # (no other figure in between: "06 lớp … cho 180 học sinh, trong đó …" lists the pupils)
        opening = re.match(
            r"^(?:[^\S\n]|[^\W\d]|[⁰¹²³⁴⁵⁶⁷⁸⁹]){0,40}?(\(|,?\s*(?:gồm|bao gồm)\s|:\s|,\strong đó\s)", tail
        )
        if not opening:
            continue
        list_start = unit_end + opening.end()
        closer = ")" if opening.group(1) == "(" else None
        list_end = text.find(closer, list_start) if closer else len(text)
        if list_end < 0:
            continue
        segment = text[list_start:list_end]
        parts = []
        units = set()
        for piece in re.split(r",\s|;\s|\svà\s", segment):
            m = re.match(rf"\s*(?:[^\d\s,;]+\s){{0,4}}?({_NUM})(?![\w/%]|\s?%|[.,]\d)", piece)
            if m and not re.match(_TIME_UNITS, piece[m.end() :].strip()):
                parts.append((m.group(1), parse_number(m.group(1))))
                units.add(_first_word(piece[m.end() :].strip().lower()))
            elif parts and not re.search(r"\d", piece):
                continue  # a continuation of the previous item ("xã, phường")
            else:
                parts = []
                break
        if len(parts) < 2:
            continue
        # "trong đó" may list only some subsets ("104 nữ, 20 người dân tộc", "12 người … (32,4%)");
        # it divides the whole when every part counts the same thing and the list closes with
        # "và" ("104 em …, 66 em … và 10 em …"), with no share of its own given
        if "trong đó" in opening.group(1) and (
            len(units) != 1 or "" in units or " và " not in segment or "%" in segment
        ):
            continue
        total = sum(v for _, v in parts)
        listing = " + ".join(raw for raw, _ in parts)
        ok = abs(total - whole.value) < 1e-9
        why = (
            f"{listing} = {_fmt(total)}, khớp với tổng {whole.raw}."
            if ok
            else f"{listing} = {_fmt(total)}, không bằng tổng {whole.raw} {whole.unit}."
        )
        out.append((ok, why, "sum"))
    return out


def check_figures(doc: Doc) -> list[FigureFinding]:
    """Every figure statement of the document that can be checked arithmetically."""
    findings = []
    for para in doc.paragraphs:
        if not re.search(r"\d", para.text):
            continue
        for a, b in sentences(doc.text, para.start, para.end):
            sentence = doc.text[a:b]
            if "%" not in sentence and "/" not in sentence and not re.search(r"\(|gồm|:|trong đó", sentence):
                continue
            for ok, why, kind in check_sentence(sentence):
                start, end = doc.orig_span(a, b)
                findings.append(FigureFinding(start, end, clip(sentence, 400), ok, why, kind))
    return findings
