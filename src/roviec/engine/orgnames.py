"""Names of Party and State bodies in running text: where they end, and their capitalisation.

Names mix capitalised syllables with lowercase ones that belong to the name only after a
particular syllable ("Ban Chấp hành", "Ủy ban nhân dân tỉnh"); the table below says which
lowercase syllable may follow which. Anything else ends the name ("… Tỉnh ủy ban hành …").
"""

from __future__ import annotations

import re

# lowercase syllable → syllables (lowercased) it may follow; "*" = may follow anything
_FOLLOWS: dict[str, frozenset[str]] = {
    "hành": frozenset({"chấp"}),
    "chấp": frozenset({"ban"}),
    "thường": frozenset({"ban"}),
    "vụ": frozenset({"thường"}),
    "trực": frozenset({"thường"}),
    "ủy": frozenset({"tỉnh", "thành", "huyện", "quận", "thị", "đảng", "khu", "đặc"}),
    "uỷ": frozenset({"tỉnh", "thành", "huyện", "quận", "thị", "đảng", "khu", "đặc"}),
    "ban": frozenset({"ủy", "uỷ"}),
    "bộ": frozenset({"đảng"}),
    "trị": frozenset({"chính"}),
    "chính": frozenset({"bộ"}),
    "phủ": frozenset({"chính"}),
    "ương": frozenset({"trung"}),
    "nhân": frozenset({"ban", "đồng"}),
    "dân": frozenset({"nhân"}),
    "đồng": frozenset({"hội"}),
    "nghị": frozenset({"hội"}),
    "thư": frozenset({"bí"}),
    "kiểm": frozenset({"ban"}),
    "tra": frozenset({"kiểm"}),
    "giáo": frozenset({"tuyên"}),
    "và": frozenset({"giáo"}),
    "vận": frozenset({"dân"}),
    "chức": frozenset({"tổ"}),
    "tổ": frozenset({"ban"}),
    "thứ": frozenset({"lần"}),
    "lần": frozenset({"*"}),
    "khóa": frozenset({"*"}),
    "khoá": frozenset({"*"}),
    "nhiệm": frozenset({"*"}),
    "kỳ": frozenset({"nhiệm"}),
    "tỉnh": frozenset({"*"}),
    "xã": frozenset({"*"}),
    "phường": frozenset({"*"}),
    "huyện": frozenset({"*"}),
    "quận": frozenset({"*"}),
    "thành": frozenset({"*"}),
    "phố": frozenset({"thành"}),
    "thị": frozenset({"*"}),
    "trấn": frozenset({"thị"}),
    # State bodies named after their field ("Bộ Nội vụ", "Sở Khoa học và Công nghệ").
    "an": frozenset({"công"}),
    "binh": frozenset({"thương"}),
    "dựng": frozenset({"xây"}),
    "dục": frozenset({"giáo"}),
    "giao": frozenset({"ngoại"}),
    "hoạch": frozenset({"kế"}),
    "hóa": frozenset({"văn"}),
    "hoá": frozenset({"văn"}),
    "học": frozenset({"khoa"}),
    "hội": frozenset({"xã"}),
    "lịch": frozenset({"du"}),
    "nghệ": frozenset({"công"}),
    "nghiệp": frozenset({"nông"}),
    "nguyên": frozenset({"tài"}),
    "pháp": frozenset({"tư"}),
    "phòng": frozenset({"quốc"}),
    "tạo": frozenset({"đào"}),
    "tế": frozenset({"y"}),
    "thao": frozenset({"thể"}),
    "thôn": frozenset({"nông"}),
    "tin": frozenset({"thông"}),
    "tộc": frozenset({"dân"}),
    "trường": frozenset({"môi"}),
    "tư": frozenset({"đầu"}),
    "tải": frozenset({"vận"}),
    "triển": frozenset({"phát"}),
}
# Lowercase syllables of the Party table that State names also use after other syllables.
for _syllable, _after in {
    "vụ": {"nội"},
    "chính": {"tài"},
    "giáo": {"tôn"},
    "thông": {"truyền", "giao"},
    "vận": {"giao"},
    "động": {"lao"},
    "và": {"dục", "học", "nghiệp", "tin", "nguyên", "hoạch", "tộc", "thao"},
}.items():
    _FOLLOWS[_syllable] = _FOLLOWS.get(_syllable, frozenset()) | frozenset(_after)
_ORDINALS = frozenset({"nhất", "hai", "ba", "tư", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười"})
# Syllables that may not end a name (the name continues only if something follows them).
_OPEN_ENDED = frozenset({"lần", "thứ", "khóa", "khoá", "nhiệm", "kỳ", "và", "thành", "thị", "chấp", "ban"})
_TOKEN = re.compile(r"[^\s]+")
_TRAILING = ',.;:!?)]}…”’"*'
_LEADING = '“‘"([{'
_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾"


def scan_org(text: str, pos: int, limit: int, stop: re.Pattern[str] | None = None) -> int | None:
    """End offset of the body name starting at `pos`, or None if no name starts there."""
    end = None
    last_end_ok = None
    prev = ""
    count = 0
    for m in _TOKEN.finditer(text, pos, limit):
        if m.start() != pos and text[pos : m.start()].strip():
            break
        raw = m.group()
        if raw[0] in _LEADING:
            break
        word = raw.rstrip(_TRAILING)
        cut = next((k for k, ch in enumerate(word) if ch in _SUPERSCRIPTS), None)
        if cut is not None:
            word = word[:cut]
        if not word:
            break
        if stop is not None and word[0].isupper() and stop.match(text, m.start()):
            break
        low = word.lower()
        ok = False
        if word[0].isupper():
            ok = True
        elif word.isdigit() and prev in {"ương", "khóa", "khoá", "thứ", "lần"}:
            ok = True
        elif low in _ORDINALS and prev == "thứ":
            ok = True
        else:
            follows = _FOLLOWS.get(low)
            ok = follows is not None and ("*" in follows or prev in follows)
        if not ok or low == "số":
            break
        count += 1
        end = m.start() + len(word)
        if low not in _OPEN_ENDED:
            last_end_ok = end
        prev = low
        if len(word) != len(raw) or count >= 18:
            break  # punctuation or a mark ends the name
        pos = m.end()
    return last_end_ok if end is not None else None


# Canonical capitalisation of multi-syllable terms, applied to ALL-CAPS headings.
_CASING = (
    "Ban Chấp hành",
    "Ban Thường vụ",
    "Ban Bí thư",
    "Bộ Chính trị",
    "Thường trực",
    "Trung ương",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Đảng ủy",
    "Đảng bộ",
    "Đảng đoàn",
    "Ban cán sự đảng",
    "Chi bộ",
    "Phó Bí thư",
    "Bí thư",
    "Ủy ban Kiểm tra",
    "Ủy ban nhân dân",
    "Hội đồng nhân dân",
    "Văn phòng",
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Chủ nhiệm",
    "Phó Chủ nhiệm",
    "Giám đốc",
    "Phó Giám đốc",
    "Chính phủ",
    "Thủ tướng",
    "Quốc hội",
    "Mặt trận Tổ quốc",
    "Ban Tổ chức",
    "Ban Tuyên giáo và Dân vận",
    "Ban Nội chính",
    "UBND",
    "HĐND",
    "MTTQ",
    "Đảng",
)
_CASING_SORTED = sorted(((t.split(), t) for t in _CASING), key=lambda p: -len(p[0]))


def restore_case(text: str) -> str:
    """Capitalise an ALL-CAPS name the way the rules write it ("BAN THƯỜNG VỤ TỈNH ỦY")."""
    words = text.split()
    lowered = [w.lower() for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for parts, canonical in _CASING_SORTED:
            n = len(parts)
            if [p.lower() for p in parts] == lowered[i : i + n]:
                out.extend(canonical.split())
                i += n
                break
        else:
            word = words[i]
            if "/" in word or any(ch.isdigit() for ch in word):
                out.append(word)
            elif re.fullmatch(r"[IVXLC]+", word):
                out.append(word)
            else:
                out.append(lowered[i])
            i += 1
    if out and out[0][0].islower():
        out[0] = out[0][0].upper() + out[0][1:]
    return " ".join(out)
