"""Stage 3d: named references — a specific document named without a number.

"Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", "Luật Tiếp công dân",
"Điều lệ Đảng", "Quy chế làm việc". The type word must be capitalised mid-sentence (a capital
at the start of a sentence says nothing) and followed by a name; the name runs to punctuation
or to a word that cannot belong to a title. These are borderline by nature (see gold notes).
"""

from __future__ import annotations

import re
from functools import cache

from roviec.engine.citations import SYMBOL_RE
from roviec.engine.models import NamedReference
from roviec.engine.normalise import Normalised
from roviec.engine.reference import ReferenceData, load_reference

# Words that end a name: verbs and function words of the sentence around it.
_STOP = frozenset(
    "và hoặc đề được đã để nhằm trên theo tại với do cho trong này đó các những là có không chưa từ sau khi "
    "nên thì mà bảo gắn phát đạt ở lên xuống vào ra sẽ đang cũng như về".split()
)
_KEEP_WITH_NEXT = frozenset({"về", "ở"})  # "Quy định về trách nhiệm nêu gương", "dân chủ ở cơ sở"
_STANDALONE = frozenset({"hiến pháp", "cương lĩnh"})
_TERM = re.compile(r"^,\s(?:nhiệm kỳ|khóa|khoá)\s\d{4}\s?[-–]\s?\d{4}")
_GENERIC_TAIL = re.compile(r"^\s(?:các cấp|cấp mình|cấp trên|cấp dưới)")
_INCOMPLETE = frozenset({"đại hội", "hội nghị", "của", "thực hiện", "lần", "thứ", "nhiệm kỳ"})


_NUMBERED = re.compile(r"\s?:?\s?(?:[Ss]ố|SỐ)\b")


@cache
def _capitalised_regex(reference: ReferenceData) -> re.Pattern[str]:
    """Named type words as written capitalised ("Luật", "Nghị quyết"): case-sensitive, so fast."""
    words = sorted((w.written for w in reference.type_words if w.named), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w[0].upper() + w[1:]) for w in words) + r")(?!\w)")


def _inside_quote(text: str, pos: int) -> int | None:
    """Offset of the opening quote if pos sits inside a quotation (same line, 600 characters back)."""
    floor = max(text.rfind("\n", max(0, pos - 600), pos) + 1, 0)
    opened = text.rfind("“", floor, pos)
    if opened >= 0 and text.rfind("”", opened, pos) < 0:
        return opened
    straight = text.count('"', floor, pos)
    if straight % 2 == 1:
        return text.rfind('"', floor, pos)
    return None


def _sentence_initial(text: str, pos: int) -> bool:
    k = pos - 1
    while k >= 0 and text[k] == " ":
        k -= 1
    if k < 0 or text[k] == "\n":
        return True
    if text[k] in ".!?":
        return True
    if text[k] in "-–+•" and (k == 0 or text[k - 1] in "\n "):
        return True
    return bool(re.search(r"(?:^|\n)\s?\(\d{1,2}\)$", text[max(0, k - 5) : k + 1]))


def find_named_references(
    norm: Normalised, *, reference: ReferenceData | None = None, citation_spans: list[tuple[int, int]] = ()
) -> list[NamedReference]:
    reference = reference or load_reference()
    named = {w.written.lower(): w for w in reference.type_words if w.named}
    text = norm.text
    pattern = _capitalised_regex(reference)
    found: list[NamedReference] = []
    for m in pattern.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        word = named.get(m.group().lower())
        if word is None:
            continue
        if any(a <= m.start() < b for a, b in citation_spans):
            continue
        if _sentence_initial(text, m.start()) or _NUMBERED.match(text, m.end()):
            continue
        quote = _inside_quote(text, m.start())
        if quote is not None and quote != m.start() - 1:
            continue  # part of a quoted title of another document
        end = _name_end(text, m.end())
        if end is None:
            continue
        if end == m.end() and m.group().lower() not in _STANDALONE:
            continue
        name = text[m.start() : end]
        if name.lower().rsplit(" ", 1)[-1] in _INCOMPLETE or _GENERIC_TAIL.match(text[end : end + 12]):
            continue
        a, b = norm.span(m.start(), end)
        found.append(NamedReference(a, b, norm.original[a:b], word.canonical))
    return sorted(found, key=lambda r: r.offset)


def _name_end(text: str, pos: int) -> int | None:
    """End of the name after a type word (pos = just after the type word)."""
    line_end = text.find("\n", pos, pos + 600)
    limit = line_end if line_end >= 0 else min(len(text), pos + 600)
    end = pos
    count = 0
    k = pos
    while k < limit and count < 25:
        if text[k] != " ":
            break
        m = re.match(r"[^\s,;.:!?()“”\"]+", text[k + 1 : limit])
        if not m:
            break
        token = m.group()
        low = token.lower()
        symbol = SYMBOL_RE.match(text, k + 1)
        if symbol:
            end = symbol.end()
            break
        if low in _STOP and low not in _KEEP_WITH_NEXT:
            break
        if token[0] in "⁰¹²³⁴⁵⁶⁷⁸⁹":
            break
        k = k + 1 + len(token)
        end = k
        count += 1
    term = _TERM.match(text[end:limit])
    if term and count:
        end += term.end()
    return end
