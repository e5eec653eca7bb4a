"""Stage 1: turn the input text into the analysis text, keeping a map back to the input.

The analysis text is NFC, one paragraph per line, whitespace folded, markdown emphasis
removed, footnote marks as Unicode superscripts and footnote bodies appended at the end.
Later stages search it; every offset they report goes through `Normalised.span()` so that it
indexes the ORIGINAL text (the gold files and the UI use raw offsets).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from roviec.engine.layout import FootnoteBody, reflow
from roviec.engine.textmap import ChainMap, MapBuilder, OffsetMap

# A base character followed by combining marks: the unit NFC may compose.
_DECOMPOSED = re.compile(r".[\u0300-\u036f\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+", re.DOTALL)


@dataclass(frozen=True)
class Normalised:
    original: str
    text: str
    map: ChainMap
    bodies: tuple[FootnoteBody, ...]
    body_area: int  # analysis offset where the appended footnote bodies begin
    hard_wrapped: bool

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span of analysis span [start, end)."""
        return self.map.span(start, end)

    def raw(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]

    def paragraphs(self) -> list[tuple[int, int]]:
        """Analysis-text spans of the lines (paragraphs), footnote bodies included."""
        spans = []
        pos = 0
        text = self.text
        while pos <= len(text):
            nl = text.find("\n", pos)
            if nl < 0:
                nl = len(text)
            if nl > pos:
                spans.append((pos, nl))
            pos = nl + 1
        return spans


def _nfc(text: str) -> tuple[str, OffsetMap | None]:
    if unicodedata.is_normalized("NFC", text):
        return text, None
    builder = MapBuilder(text)
    pos = 0
    for m in _DECOMPOSED.finditer(text):
        builder.copy(pos, m.start())
        composed = unicodedata.normalize("NFC", m.group())
        if composed == m.group():
            builder.copy(m.start(), m.end())
        else:
            builder.emit(composed, m.start(), m.end())
        pos = m.end()
    builder.copy(pos, len(text))
    return builder.build()


def normalise(text: str) -> Normalised:
    nfc_text, nfc_map = _nfc(text)
    layout = reflow(nfc_text)
    maps = (nfc_map, layout.map) if nfc_map is not None else (layout.map,)
    return Normalised(
        original=text,
        text=layout.text,
        map=ChainMap(maps),
        bodies=layout.bodies,
        body_area=layout.body_area,
        hard_wrapped=layout.hard_wrapped,
    )
