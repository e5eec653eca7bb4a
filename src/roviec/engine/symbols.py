"""Parse and validate "số và ký hiệu" (document symbols) of Party and State documents.

Formats (see reference/README.md):
  Party                  <number>-<type>/<issuer>            418-QĐ/TU, 05-QC/BTCTU-BDVTU
  State                  <number>/<type>-<issuer>            1419/KH-UBND, 134a/QĐ-UBND
  State legal normative  <number>/<year>/<type>-<issuer>     143/2020/NĐ-CP (laws: 25/2004/QH11)
  State công văn         <number>/<issuer>-<unit>            4872/UBND-KTN

The parser splits on the two separators only (no backtracking regex), so it runs in linear
time, and it keeps going after the first fault so that a clerk sees every problem at once.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from roviec.engine.reference import PARTY, STATE, ReferenceData, load_reference

YEAR_MIN = 1930
YEAR_MAX = 2100
_DASHES = "‐‑‒–—−"  # lookalikes of "-" produced by word processors
_CODE_LETTERS_EXTRA = "ĐÐ"  # Đ and its Icelandic lookalike Ð


@dataclass(frozen=True)
class Symbol:
    text: str  # canonical: whitespace removed, as written otherwise
    system: str  # "party" | "state"
    number: int
    number_suffix: str  # "a" in 134a/QĐ-UBND, else ""
    year: int | None  # 2020 in 143/2020/NĐ-CP
    type_code: str | None  # "QĐ", "KH", "NĐ"...; None for a State công văn (4872/UBND-KTN)
    issuer_code: str  # "TU", "TW", "UBND", "CP", "BTCTU-BDVTU"
    drafting_unit: str | None  # "KTN" in 4872/UBND-KTN


@dataclass(frozen=True)
class SymbolProblem:
    part: str  # "number" | "type_code" | "issuer_code" | "year" | "separator" | "whole"
    message: str  # one Vietnamese sentence naming the faulty part and what is expected


class SymbolError(ValueError):
    """Raised by parse_symbol; `.problems` lists every malformed part."""

    def __init__(self, text: str, problems: tuple[SymbolProblem, ...]):
        self.text = text
        self.problems = problems
        super().__init__(" ".join(p.message for p in problems))


def canonical_symbol(text: str) -> str:
    """Remove all whitespace (PDF line breaks split symbols); keep everything else as written."""
    return "".join(text.split())


def _fold_code(code: str) -> str:
    return code.replace("Ð", "Đ")


def _is_code(code: str, *, allow_lower: bool = False) -> bool:
    if not code:
        return False
    for ch in code:
        if ch.isdigit() and ch.isascii():
            continue
        if ch in _CODE_LETTERS_EXTRA:
            continue
        if ch.isalpha() and (allow_lower or ch.isupper()):
            continue
        return False
    return True


class _Parser:
    def __init__(self, text: str, reference: ReferenceData):
        self.original = text
        self.text = canonical_symbol(text)
        self.ref = reference
        self.problems: list[SymbolProblem] = []

    def problem(self, part: str, message: str) -> None:
        self.problems.append(SymbolProblem(part, message))

    # -- parts -----------------------------------------------------------------------------------

    def number(self, token: str) -> tuple[int, str]:
        if not token:
            self.problem("number", "Thiếu số văn bản: ký hiệu phải bắt đầu bằng số (ví dụ 418-QĐ/TU).")
            return 0, ""
        digits_end = 0
        while digits_end < len(token) and token[digits_end].isascii() and token[digits_end].isdigit():
            digits_end += 1
        digits, suffix = token[:digits_end], token[digits_end:]
        if not digits or (suffix and not (len(suffix) <= 2 and suffix.isascii() and suffix.isalpha())):
            self.problem(
                "number",
                f"Số văn bản “{token}” không hợp lệ: phải là số nguyên dương, có thể kèm một chữ cái "
                "(ví dụ 418 hoặc 134a).",
            )
            return 0, ""
        if len(digits) > 9:
            self.problem("number", f"Số văn bản “{token[:12]}…” quá dài: số văn bản có tối đa vài chữ số.")
            return 0, suffix
        value = int(digits)
        if value <= 0:
            self.problem("number", f"Số văn bản “{token}” phải là số nguyên dương (từ 01 trở lên).")
        return value, suffix

    def year(self, token: str) -> int | None:
        if not (token.isascii() and token.isdigit() and len(token) == 4):
            self.problem(
                "year",
                f"Năm ban hành “{token}” trong ký hiệu không hợp lệ: phải có đủ 4 chữ số "
                "(ví dụ 143/2020/NĐ-CP).",
            )
            return None
        value = int(token)
        if not YEAR_MIN <= value <= YEAR_MAX:
            self.problem(
                "year", f"Năm ban hành {value} không hợp lý: phải trong khoảng {YEAR_MIN}–{YEAR_MAX}."
            )
        return value

    def type_code(self, token: str, system: str) -> str | None:
        if not token:
            self.problem("type_code", "Thiếu mã loại văn bản (ví dụ QĐ, KH, NQ).")
            return None
        folded = _fold_code(token)
        valid = self.ref.type_codes_for(system)
        if folded in valid:
            return token
        other = STATE if system == PARTY else PARTY
        label = "Đảng" if system == PARTY else "Nhà nước"
        if folded in self.ref.type_codes_for(other):
            self.problem(
                "type_code",
                f"Mã loại văn bản “{token}” không dùng cho văn bản {label}; "
                f"mã hợp lệ gần nhất: {', '.join(self._close(folded, valid)) or 'không có'}.",
            )
            return token
        close = self._close(folded, valid)
        hint = f"; có phải là {', '.join(close)}?" if close else "."
        self.problem("type_code", f"Mã loại văn bản “{token}” không có trong danh mục{hint}")
        return token

    def _close(self, code: str, valid: frozenset[str]) -> list[str]:
        """Valid codes that look like `code` (case and Đ/D folded: "CD" suggests "CĐ")."""

        def key(c: str) -> str:
            return c.upper().replace("Đ", "D")

        by_key: dict[str, list[str]] = {}
        for v in sorted(valid):
            by_key.setdefault(key(v), []).append(v)
        exact = by_key.get(key(code), [])
        hits = difflib.get_close_matches(key(code), list(by_key), n=3, cutoff=0.5)
        return exact + [v for h in hits for v in by_key[h] if v not in exact][: 3 - len(exact)]

    def issuer(self, token: str, *, what: str = "mã cơ quan ban hành") -> str:
        if not token:
            self.problem("issuer_code", f"Thiếu {what} sau dấu phân cách (ví dụ TU, TW, UBND).")
            return ""
        for piece in token.split("-"):
            if piece in self.ref.issuers:  # known codes keep their case (TTg, ThU)
                continue
            if not _is_code(piece):
                self.problem(
                    "issuer_code",
                    f"{what[0].upper()}{what[1:]} “{token}” không hợp lệ: chỉ gồm chữ in hoa "
                    "(kể cả Đ) và chữ số, các cơ quan liên tịch nối bằng dấu “-”.",
                )
                break
        return token

    # -- whole -----------------------------------------------------------------------------------

    def parse(self) -> Symbol:
        text = self.text
        if not text:
            empty = SymbolProblem("whole", "Số và ký hiệu văn bản đang để trống.")
            raise SymbolError(self.original, (empty,))
        if any(ch in _DASHES for ch in text):
            self.problem("separator", "Ký hiệu dùng dấu gạch dài; phải dùng dấu gạch nối “-”.")
            text = "".join("-" if ch in _DASHES else ch for ch in text)
        bad = sorted({ch for ch in text if not (ch.isalnum() or ch in "-/")})
        if bad:
            self.problem(
                "whole",
                f"Ký hiệu chứa ký tự không hợp lệ “{''.join(bad)}”: chỉ dùng chữ, số, “-” và “/”.",
            )
            text = "".join(ch for ch in text if ch not in bad)  # report each fault once
        i = 0
        while i < len(text) and text[i] not in "-/":
            i += 1
        number, suffix = self.number(text[:i])
        if i >= len(text):
            self.problem(
                "separator",
                f"“{text}” thiếu phần ký hiệu: văn bản Đảng viết 418-QĐ/TU, "
                "văn bản Nhà nước viết 1419/KH-UBND.",
            )
            raise SymbolError(self.original, tuple(self.problems))
        if text[i] == "-":
            symbol = self._party(text, number, suffix, text[i + 1 :])
        else:
            symbol = self._state(text, number, suffix, text[i + 1 :])
        if self.problems:
            raise SymbolError(self.original, tuple(self.problems))
        return symbol

    def _party(self, text: str, number: int, suffix: str, rest: str) -> Symbol:
        if "/" in rest:
            type_token, issuer_token = rest.split("/", 1)
            if "/" in issuer_token:
                self.problem(
                    "separator",
                    "Ký hiệu văn bản Đảng chỉ có một dấu “/” giữa mã loại và mã cơ quan (ví dụ 418-QĐ/TU).",
                )
                issuer_token = issuer_token.replace("/", "-")
        elif "-" in rest:
            type_token, issuer_token = rest.split("-", 1)
            self.problem(
                "separator",
                f"Giữa mã loại “{type_token}” và mã cơ quan “{issuer_token}” phải là dấu “/” "
                f"(văn bản Đảng viết dạng {number or 'số'}-{type_token}/{issuer_token}).",
            )
        else:
            type_token, issuer_token = rest, ""
            if rest:
                self.problem(
                    "issuer_code",
                    f"Thiếu mã cơ quan ban hành sau mã loại “{rest}” (văn bản Đảng viết dạng 418-QĐ/TU).",
                )
            else:
                self.problem("type_code", "Thiếu mã loại văn bản và mã cơ quan ban hành sau dấu “-”.")
        type_code = self.type_code(type_token, PARTY) if (type_token or issuer_token) else None
        issuer = self.issuer(issuer_token) if (issuer_token or "/" in rest) else issuer_token
        return Symbol(text, PARTY, number, suffix, None, type_code, issuer, None)

    def _state(self, text: str, number: int, suffix: str, rest: str) -> Symbol:
        parts = rest.split("/")
        year: int | None = None
        year_given = False
        if len(parts) >= 3:
            self.problem(
                "separator",
                "Ký hiệu có quá nhiều dấu “/”: văn bản Nhà nước viết 1419/KH-UBND hoặc 143/2020/NĐ-CP.",
            )
            parts = [parts[0], "-".join(parts[1:])]
        if len(parts) == 2:
            first, rest = parts
            if first.isascii() and first.isdigit():
                year_given = True
                year = self.year(first)
            elif first and _is_code(first, allow_lower=True):
                # 418/QĐ/TU: a Party-looking symbol written with "/" twice.
                self.problem(
                    "separator",
                    f"Sau mã loại “{first}” phải là dấu “-” "
                    f"(văn bản Nhà nước: {number or 'số'}/{first}-{rest}) "
                    f"hoặc dùng dạng văn bản Đảng {number or 'số'}-{first}/{rest}.",
                )
                rest = f"{first}-{rest}"
            else:
                year_given = True
                self.year(first)
        if "-" not in rest:
            if year_given and rest and _is_code(rest):
                # Laws and resolutions of the National Assembly: 25/2004/QH11.
                return Symbol(text, STATE, number, suffix, year, None, self.issuer(rest), None)
            if rest and _fold_code(rest) in self.ref.type_codes:
                self.problem(
                    "issuer_code",
                    f"Thiếu mã cơ quan ban hành sau mã loại “{rest}” "
                    "(văn bản Nhà nước viết dạng 1419/KH-UBND).",
                )
                return Symbol(text, STATE, number, suffix, year, rest, "", None)
            self.problem(
                "separator",
                f"“{rest or text}” thiếu dấu “-” giữa mã loại và mã cơ quan ban hành "
                "(văn bản Nhà nước viết dạng 1419/KH-UBND hoặc 4872/UBND-KTN).",
            )
            return Symbol(text, STATE, number, suffix, year, None, self.issuer(rest), None)
        head, tail = rest.split("-", 1)
        folded = _fold_code(head)
        if folded in self.ref.type_codes:
            type_code = self.type_code(head, STATE)
            return Symbol(text, STATE, number, suffix, year, type_code, self.issuer(tail), None)
        tail_first = tail.split("-", 1)[0]
        looks_typed = (
            year_given or (tail_first in self.ref.issuers and head not in self.ref.issuers) or not head
        )
        if looks_typed:
            type_code = self.type_code(head, STATE)
            return Symbol(text, STATE, number, suffix, year, type_code, self.issuer(tail), None)
        # Công văn: <number>/<issuer>-<drafting unit>
        issuer = self.issuer(head)
        unit = self.issuer(tail, what="mã đơn vị soạn thảo")
        return Symbol(text, STATE, number, suffix, None, None, issuer, unit)


def parse_symbol(text: str, *, reference: ReferenceData | None = None) -> Symbol:
    """Parse a symbol; raise SymbolError listing every malformed part."""
    return _Parser(text, reference or load_reference()).parse()


def symbol_problems(text: str, *, reference: ReferenceData | None = None) -> tuple[SymbolProblem, ...]:
    """The problems of a symbol, empty when it is valid (for forms that show all faults)."""
    try:
        parse_symbol(text, reference=reference)
    except SymbolError as exc:
        return exc.problems
    return ()
