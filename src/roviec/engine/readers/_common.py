"""Pieces shared by the format readers: the internal failure type, limits and superscripts."""

from __future__ import annotations

from dataclasses import dataclass

SUPERSCRIPT = str.maketrans("0123456789+-=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾")
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPTABLE = frozenset("0123456789+-=()")


class Unreadable(Exception):
    """A reader gives up; `reason` is the one-line message shown to the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ReadLimits:
    """Caps that keep hostile or huge files from exhausting memory or time."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_unzipped_bytes: int = 200 * 1024 * 1024  # all DOCX parts we read, together
    max_zip_entries: int = 5_000
    max_pdf_pages: int = 500
    max_text_chars: int = 20_000_000


def superscript(text: str) -> str:
    """Typed or real note marks as Unicode superscripts; other raised text as ^{...}.

    The ^{...} form is what the corpus conversions already use (e.g. "PCVP^{Huy}"), so every
    reader hands the analysis stages one convention.
    """
    stripped = text.strip()
    if not stripped:
        return text
    if all(ch in _SUPERSCRIPTABLE for ch in stripped):
        return text.translate(SUPERSCRIPT)
    start = text.index(stripped)
    return text[:start] + "^{" + stripped + "}" + text[start + len(stripped) :]


def mark_superscript(number: int | str) -> str:
    return str(number).translate(SUPERSCRIPT)
