"""Offset maps from an analysis text back to the text it was derived from.

A map is a sorted list of pieces; a piece is either a verbatim copy of a source span (offsets
map one to one) or a replacement (its characters map to the whole replaced span). Pieces may
come from anywhere in the source (footnote bodies are moved to the end), so the map is searched
by output offset only. Lookups are a bisect: cheap enough for millions of findings.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True)
class OffsetMap:
    out_starts: tuple[int, ...]
    src_starts: tuple[int, ...]
    src_ends: tuple[int, ...]
    linear: tuple[bool, ...]
    out_len: int
    src_len: int

    def _piece(self, i: int) -> int:
        k = bisect_right(self.out_starts, i) - 1
        return max(k, 0)

    def start(self, i: int) -> int:
        """Source offset of output character i."""
        if not self.out_starts:
            return 0
        if i >= self.out_len:
            return self.end(self.out_len)
        k = self._piece(i)
        if self.linear[k]:
            return min(self.src_starts[k] + (i - self.out_starts[k]), self.src_ends[k])
        return self.src_starts[k]

    def end(self, j: int) -> int:
        """Source offset just after output character j-1 (an exclusive end)."""
        if not self.out_starts:
            return 0
        if j <= 0:
            return self.start(0)
        j = min(j, self.out_len)
        k = self._piece(j - 1)
        if self.linear[k]:
            return min(self.src_starts[k] + (j - self.out_starts[k]), self.src_ends[k])
        return self.src_ends[k]


class MapBuilder:
    """Builds an output string from pieces of `source`, recording where each piece came from."""

    def __init__(self, source: str):
        self.source = source
        self._parts: list[str] = []
        self._out_starts: list[int] = []
        self._src_starts: list[int] = []
        self._src_ends: list[int] = []
        self._linear: list[bool] = []
        self.out_len = 0

    def copy(self, start: int, end: int) -> None:
        if end <= start:
            return
        # Merge with the previous piece when contiguous (keeps the map small).
        if self._linear and self._linear[-1] and self._src_ends[-1] == start and self._parts:
            self._src_ends[-1] = end
        else:
            self._out_starts.append(self.out_len)
            self._src_starts.append(start)
            self._src_ends.append(end)
            self._linear.append(True)
        self._parts.append(self.source[start:end])
        self.out_len += end - start

    def emit(self, text: str, start: int, end: int) -> None:
        """Append `text` standing for source[start:end] (may be empty or differ in length)."""
        if not text:
            return
        self._out_starts.append(self.out_len)
        self._src_starts.append(start)
        self._src_ends.append(end)
        self._linear.append(False)
        self._parts.append(text)
        self.out_len += len(text)

    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def build(self) -> tuple[str, OffsetMap]:
        text = "".join(self._parts)
        return text, OffsetMap(
            tuple(self._out_starts),
            tuple(self._src_starts),
            tuple(self._src_ends),
            tuple(self._linear),
            len(text),
            len(self.source),
        )


@dataclass(frozen=True)
class ChainMap:
    """Maps through several stages, last stage first."""

    maps: tuple[OffsetMap, ...]

    def start(self, i: int) -> int:
        for m in reversed(self.maps):
            i = m.start(i)
        return i

    def end(self, j: int) -> int:
        for m in reversed(self.maps):
            j = m.end(j)
        return j

    def span(self, i: int, j: int) -> tuple[int, int]:
        start = self.start(i)
        return start, max(start, self.end(j))


def identity_map(text: str) -> OffsetMap:
    return OffsetMap((0,), (0,), (len(text),), (True,), len(text), len(text))
