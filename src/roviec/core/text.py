"""Vietnamese text helpers shared by search and sorting.

Search must find "Kết luận" from "ket luan" on SQLite and PostgreSQL alike, so
each searchable record keeps a folded copy of its text (no diacritics, lower
case, đ→d) and the query is folded the same way.
"""

import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse whitespace."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _WHITESPACE.sub(" ", stripped.lower()).strip()


# Vietnamese alphabet order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_BASE_ORDER = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE_RANK = {ch: i for i, ch in enumerate(_BASE_ORDER)}
# Tone order used in Vietnamese dictionaries: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"": 0, "\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SHAPE_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn


def _letter_key(ch: str) -> tuple[int, int]:
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONE_RANK:
            tone = _TONE_RANK[mark]
        elif mark in _SHAPE_MARKS:
            shaped = {"a\u0306": "ă", "a\u0302": "â", "e\u0302": "ê", "o\u0302": "ô",
                      "o\u031b": "ơ", "u\u031b": "ư"}.get(base + mark)
            if shaped:
                base = shaped
    if base == "đ" or ch in "đĐ":
        base = "đ"
    rank = _BASE_RANK.get(base)
    if rank is None:
        return (len(_BASE_ORDER) + ord(base), tone)
    return (rank, tone)


def vietnamese_sort_key(text: str) -> tuple:
    """Sort key following Vietnamese collation: letters first, tones second."""
    letters = [_letter_key(ch) for ch in (text or "").strip()]
    return (tuple(rank for rank, _ in letters), tuple(tone for _, tone in letters))
