"""Plain-text files: Unicode (UTF-8, UTF-8 with BOM, UTF-16/32) or legacy TCVN3/VNI.

The text is returned exactly as decoded, with newlines translated the way
`open(path, encoding="utf-8").read()` translates them (universal newlines), because gold
annotations index that string. A UTF-8 BOM is dropped, as the utf-8-sig codec does.
"""

from __future__ import annotations

import codecs

from . import legacy_vn
from ._common import Unreadable

MIN_LEGACY_SCORE = 0.80  # share of valid syllables a legacy decoding needs to be trusted
MIN_LEGACY_MARGIN = 0.15  # ... and its lead over the runner-up
_UTF8_DAMAGE_TOLERANCE = 0.002  # invalid UTF-8 sequences per non-ASCII byte accepted (with a warning)
_BINARY_CONTROLS = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}


def universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_txt(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    """(text, encoding label, warnings) for a text file's bytes."""
    text, encoding, warnings = _decode(data)
    text = universal_newlines(text)
    if not text.strip():
        raise Unreadable("Tệp văn bản không có nội dung chữ — text file has no text")
    return text, encoding, warnings


def _decode(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    for bom, codec, label in (
        (codecs.BOM_UTF32_LE, "utf-32", "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32", "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), label, ()
            except UnicodeDecodeError as exc:
                raise Unreadable(f"Tệp có dấu BOM {label} nhưng nội dung hỏng — invalid {label}") from exc
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16, "utf-16", ("Tệp UTF-16 không có BOM — UTF-16 without BOM, guessed from NUL bytes",)
    if _looks_binary(data):
        raise Unreadable("Tệp nhị phân không phải văn bản — binary data, not a text file")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        pass
    return _decode_damaged_or_legacy(data)


def _bomless_utf16(data: bytes) -> str | None:
    """Notepad-era 'Unicode' files without BOM: every other byte is NUL for Latin text."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    codec = (
        "utf-16-le"
        if odd_nul > 0.3 and even_nul < 0.05
        else "utf-16-be"
        if even_nul > 0.3 and odd_nul < 0.05
        else None
    )
    if codec is None:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    return None if any(ord(ch) in _BINARY_CONTROLS for ch in text[:4096]) else text


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _BINARY_CONTROLS)
    return b"\x00" in sample or controls > max(2, len(sample) // 200)


def _decode_damaged_or_legacy(data: bytes) -> tuple[str, str, tuple[str, ...]]:
    non_ascii = sum(1 for b in data if b >= 0x80)
    repaired = data.decode("utf-8", errors="replace")
    damage = repaired.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if damage and damage <= max(3, non_ascii * _UTF8_DAMAGE_TOLERANCE):
        warning = f"Có {damage} chuỗi byte UTF-8 hỏng đã được thay bằng � — {damage} invalid UTF-8 sequences"
        return repaired, "utf-8", (warning,)
    ranked = legacy_vn.candidates(data)
    best, runner_up = ranked[0], ranked[1]
    if best.words and best.score >= MIN_LEGACY_SCORE and best.score - runner_up.score >= MIN_LEGACY_MARGIN:
        label = best.encoding.upper()
        return (
            best.text,
            best.encoding,
            (f"Đã chuyển mã {label} sang Unicode — converted from {label} (score {best.score:.2f})",),
        )
    raise Unreadable(
        "Không nhận diện được bảng mã của tệp văn bản (không phải UTF-8, TCVN3 hay VNI) — "
        f"unknown text encoding (best guess {best.encoding}, {best.score:.0%} valid syllables)"
    )
