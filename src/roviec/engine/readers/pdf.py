"""PDF with a text layer: lines in reading order, page furniture dropped, footnotes recovered.

Text conventions (shared with readers/docx.py where possible):
- every PDF line is a line ("\\n"); a blank line marks a paragraph break guessed from the
  layout (a larger gap, a short line before, an indented first line);
- side-by-side blocks (the header and signature tables of Party documents) are read
  column by column, each column a paragraph;
- running headers/footers (the same line at the same place on most pages) and lone page
  numbers at the top or bottom of a page are dropped;
- characters clearly smaller and raised above their line are superscripts: digits become
  Unicode superscripts ("đảng viên²"), other raised text "^{...}";
- footnote bodies (below a short separator rule, or a run of smaller lines at the page
  bottom that starts with a mark) leave the page body and are written, after the whole body
  text, as one-line paragraphs "² <body>" (wrapped lines joined; a note continued on the
  next page too), the shape the DOCX reader gives. Putting them at the end (not after each
  page) keeps a sentence that runs over a page break whole; `footnotes_at="page"` keeps them
  after their page instead.
"""

from __future__ import annotations

import io
import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from ._common import ReadLimits, Unreadable, superscript

_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.IGNORECASE)
_SEPARATOR_TEXT = re.compile(r"^\s*[_\-–—.=]{5,}\s*$")
_NOTE_START_PLAIN = re.compile(r"^(\d{1,3})\s+\S")
_LIGATURES = re.compile("[\ufb00-\ufb06]")


@dataclass
class _Line:
    chars: list[dict]
    page: int
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0  # size of the line's main (largest) characters
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    note_mark: str | None = None  # set for the first line of a footnote body
    row: int = 0  # segments of one visual line share a row number

    def finish(self, space_gap: float = 0.22) -> None:
        self.chars.sort(key=lambda c: c["x0"])
        self.size = max(c["size"] for c in self.chars)
        main = [c for c in self.chars if c["size"] >= 0.85 * self.size]
        self.top = min(c["top"] for c in main)
        self.bottom = max(c["bottom"] for c in main)
        self.x0 = min(c["x0"] for c in self.chars if c["text"].strip() or c is self.chars[-1])
        self.x1 = max(c["x1"] for c in self.chars)
        baseline = statistics.median(c["bottom"] for c in main)
        pieces: list[tuple[str, bool]] = []
        previous = None
        for char in self.chars:
            raised = char["size"] <= 0.8 * self.size and char["bottom"] < baseline - 0.15 * self.size
            text = char["text"]
            if previous is not None and text != " " and previous["text"] != " ":
                if char["x0"] - previous["x1"] > space_gap * min(char["size"], previous["size"]):
                    pieces.append((" ", False))
            pieces.append((text, raised and bool(text.strip())))
            previous = char
        merged: list[tuple[str, bool]] = []
        for text, raised in pieces:
            if merged and merged[-1][1] == raised:
                merged[-1] = (merged[-1][0] + text, raised)
            else:
                merged.append((text, raised))
        text = "".join(superscript(t) if r else t for t, r in merged)
        text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
        self.text = re.sub(r"[ \t]+", " ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    rules: list[tuple[float, float, float]]  # short horizontal rules: (top, x0, x1)
    notes: list[_Line] = field(default_factory=list)


def read_pdf(data: bytes, limits: ReadLimits, *, footnotes_at: str = "end") -> tuple[str, tuple[str, ...]]:
    warnings: list[str] = []
    _check_encryption_and_size(data, limits, warnings)
    try:
        pages = _load_pages(data)
    except Unreadable:
        raise
    except Exception:  # pdfminer chokes on some damaged files that pypdf still reads
        warnings.append("Đọc PDF bằng pypdf (bố cục đơn giản) — pdfplumber failed, used pypdf fallback")
        return _pypdf_text(data), tuple(warnings)
    if not any(page.lines for page in pages):
        raise Unreadable(
            "PDF không có lớp chữ (bản scan), cần nhận dạng OCR trước — no text layer, needs OCR"
        )
    body_size = _body_size(pages)
    _drop_furniture(pages)
    for page in pages:
        _split_notes(page, body_size)
    text = _assemble(pages, body_size, footnotes_at)
    if not text.strip():
        raise Unreadable("PDF không có nội dung chữ — PDF has no text")
    return text, tuple(warnings)


def _check_encryption_and_size(data: bytes, limits: ReadLimits, warnings: list[str]) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            if not reader.decrypt(""):
                raise Unreadable("PDF được bảo vệ bằng mật khẩu — password-protected (encrypted) PDF")
            warnings.append(
                "PDF có mật khẩu chủ sở hữu (chỉ hạn chế quyền), vẫn đọc được — owner-password PDF"
            )
        count = len(reader.pages)
    except Unreadable:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, NotImplementedError) as exc:
        if "password" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise Unreadable("PDF được mã hóa, không đọc được — encrypted PDF") from exc
        raise Unreadable(f"Tệp PDF bị hỏng — corrupt PDF ({type(exc).__name__})") from exc
    if count == 0:
        raise Unreadable("PDF không có trang nào — PDF without pages")
    if count > limits.max_pdf_pages:
        raise Unreadable(f"PDF có {count} trang, vượt giới hạn {limits.max_pdf_pages} trang — too many pages")


def _pypdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    text = "\n\n".join((page.extract_text() or "").strip() for page in reader.pages)
    if not text.strip():
        raise Unreadable(
            "PDF không có lớp chữ (bản scan), cần nhận dạng OCR trước — no text layer, needs OCR"
        )
    return unicodedata.normalize("NFC", text)


def _load_pages(data: bytes) -> list[_Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(io.BytesIO(data), password="") as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = _dedupe([c for c in page.chars if c.get("upright", True) and c.get("text")])
            rules = [
                (edge["top"], edge["x0"], edge["x1"])
                for edge in page.horizontal_edges
                if 20 < edge["x1"] - edge["x0"] < 0.5 * page.width and edge["top"] > 0.4 * page.height
            ]
            pages.append(_Page(number, page.width, page.height, _cluster_lines(chars, number), rules))
            page.flush_cache()
    return pages


def _dedupe(chars: list[dict]) -> list[dict]:
    """Drop glyphs drawn twice at (nearly) the same spot, the fake-bold trick of some PDF
    writers; linear after a sort, unlike pdfplumber's dedupe_chars on large pages."""
    kept: list[dict] = []
    last: dict[str, dict] = {}
    for char in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        twin = last.get(char["text"])
        if twin is not None and abs(twin["x0"] - char["x0"]) <= 1 and abs(twin["top"] - char["top"]) <= 1:
            continue
        last[char["text"]] = char
        kept.append(char)
    return kept


def _cluster_lines(chars: list[dict], page: int) -> list[_Line]:
    """Group characters into lines by vertical overlap with the line's main characters, so a
    raised footnote mark stays on its line; then split lines at wide gaps (table columns)."""
    chars = [c for c in chars if c["bottom"] > c["top"]]
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    groups: list[list[dict]] = []
    bands: list[list[float]] = []  # [top, bottom, max size]
    for char in chars:
        height = char["bottom"] - char["top"]
        for index in range(len(groups) - 1, max(-1, len(groups) - 5), -1):
            top, bottom, size = bands[index]
            overlap = min(char["bottom"], bottom) - max(char["top"], top)
            if overlap >= 0.5 * min(height, bottom - top):
                groups[index].append(char)
                if char["size"] > size / 0.85:
                    bands[index] = [char["top"], char["bottom"], char["size"]]
                elif char["size"] >= 0.85 * size:
                    bands[index] = [
                        min(top, char["top"]),
                        max(bottom, char["bottom"]),
                        max(size, char["size"]),
                    ]
                break
        else:
            groups.append([char])
            bands.append([char["top"], char["bottom"], char["size"]])
    lines = []
    order = sorted(range(len(groups)), key=lambda i: bands[i][0])
    for row, group_index in enumerate(order):
        for segment in _split_wide_gaps(groups[group_index]):
            if any(c["text"].strip() for c in segment):
                line = _Line(segment, page, row=row)
                line.finish()
                if line.text:
                    lines.append(line)
    lines.sort(key=lambda line: (line.row, line.x0))
    return lines


def _split_wide_gaps(chars: list[dict]) -> list[list[dict]]:
    """Split a visual line where a gap wider than two ems holds no space character: table
    columns. A stretched justified space (a line ending in a manual break) stays one line."""
    chars = sorted(chars, key=lambda c: c["x0"])
    size = max(c["size"] for c in chars)
    segments: list[list[dict]] = []
    current: list[dict] = []
    last_x1, spaced = None, False
    for char in chars:
        if not char["text"].strip():
            spaced = spaced or last_x1 is not None
        else:
            if last_x1 is not None and char["x0"] - last_x1 > 2.0 * size and not spaced:
                segments.append(current)
                current = []
            last_x1, spaced = char["x1"], False
        current.append(char)
    segments.append(current)
    return segments


def _body_size(pages: list[_Page]) -> float:
    sizes = Counter(
        round(c["size"], 1) for p in pages for line in p.lines for c in line.chars if c["text"].strip()
    )
    return sizes.most_common(1)[0][0] if sizes else 12.0


def _drop_furniture(pages: list[_Page]) -> None:
    """Running headers/footers repeat at one place on most pages; page numbers stand alone."""
    signature = {}
    counts: Counter = Counter()
    for page in pages:
        edge_lines = {id(line): line for line in page.lines[:2] + page.lines[-2:]}
        for line in edge_lines.values():
            folded = " ".join(line.text.lower().split())
            key = (
                re.sub(r"\d+", "#", folded) if len(folded) < 60 else folded,  # "Trang 2/10" repeats
                round(line.top / 4),
                round(line.x0 / 8),
            )
            signature[id(line)] = key
            counts[key] += 1
    threshold = max(2, (len(pages) + 1) // 2)
    for page in pages:
        kept = []
        for index, line in enumerate(page.lines):
            repeated = len(pages) > 1 and counts.get(signature.get(id(line)), 0) >= threshold
            at_edge = index in (0, len(page.lines) - 1)
            in_margin = line.top < 0.12 * page.height or line.bottom > 0.88 * page.height
            if repeated or (at_edge and in_margin and _PAGE_NUMBER.match(line.text)):
                continue
            kept.append(line)
        page.lines = kept


def _split_notes(page: _Page, body_size: float) -> None:
    """Move the footnote area of the page (below a separator rule, or a trailing run of
    smaller lines that starts with a note mark) from `page.lines` to `page.notes`."""
    lines = page.lines
    start = None
    end = len(lines)
    for top, x0, x1 in sorted(page.rules, reverse=True):
        touches_text = any(
            line.top - 2 <= top <= line.bottom + 2 and line.x0 < x1 and line.x1 > x0 for line in lines
        )
        below = [i for i, line in enumerate(lines) if line.top > top]
        if not touches_text and below and lines[below[0]].size <= 0.95 * body_size:
            start = below[0]
            end = next((i for i in below if lines[i].size > 0.95 * body_size), len(lines))
    for index, line in enumerate(lines):
        if start is None and _SEPARATOR_TEXT.match(line.text) and line.top > 0.4 * page.height:
            if index + 1 < len(lines) and all(x.size <= 0.95 * body_size for x in lines[index + 1 :]):
                start = index
    if start is None:
        index = len(lines)
        while (
            index > 0
            and lines[index - 1].size <= 0.9 * body_size
            and lines[index - 1].top > 0.5 * page.height
        ):
            index -= 1
        while index < len(lines) and _note_mark(lines[index]) is None:
            index += 1
        if index < len(lines):
            start = index
    if start is None:
        return
    page.notes = [line for line in lines[start:end] if not _SEPARATOR_TEXT.match(line.text)]
    page.lines = lines[:start] + lines[end:]


_SUPERSCRIPT_MARK = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*")
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _note_mark(line: _Line) -> str | None:
    """A raised mark, or plain digits followed by text (PDFs whose marks are not raised)."""
    match = _SUPERSCRIPT_MARK.match(line.text) or _NOTE_START_PLAIN.match(line.text)
    return match.group(1).translate(_TO_SUPERSCRIPT) if match else None


def _mark_notes(notes: list[_Line], expected: int | None) -> int | None:
    """Decide which note-area lines start a note. Plain-digit marks count only on pages
    without raised marks and only when they continue the numbering, so a wrapped line that
    starts with a number ("2025 ...") stays a continuation."""
    raised = any(_SUPERSCRIPT_MARK.match(line.text) for line in notes)
    for line in notes:
        match = _SUPERSCRIPT_MARK.match(line.text)
        if match:
            line.note_mark = match.group(1)
            line.text = line.text[match.end() :]
        elif not raised and (plain := _NOTE_START_PLAIN.match(line.text)):
            number = int(plain.group(1))
            if expected is None or number == expected:
                line.note_mark = plain.group(1).translate(_TO_SUPERSCRIPT)
                line.text = line.text[len(plain.group(1)) :].lstrip()
        if line.note_mark:
            expected = int(line.note_mark.translate(_FROM_SUPERSCRIPT)) + 1
    return expected


def _assemble(pages: list[_Page], body_size: float, footnotes_at: str) -> str:
    body_parts: list[str] = []
    notes: list[list[str]] = []  # [mark + first line, more lines...]
    expected: int | None = None
    for page in pages:
        page_text = _page_body(page.lines, body_size)
        if page_text:
            joiner = "\n" if body_parts and not _starts_paragraph(page.lines, body_size) else "\n\n"
            body_parts.append((joiner if body_parts else "") + page_text)
        page_notes: list[list[str]] = []
        expected = _mark_notes(page.notes, expected)
        for line in page.notes:
            if line.note_mark:
                page_notes.append([f"{line.note_mark} {line.text}"])
            elif page_notes:
                page_notes[-1].append(line.text)
            elif notes:
                notes[-1].append(line.text)  # a note continued from the previous page
            else:
                page_notes.append([line.text])
        if footnotes_at == "page" and page_notes:
            body_parts.append("\n\n" + "\n\n".join(_one_line(n) for n in page_notes) + "\n\n")
        else:
            notes.extend(page_notes)
    text = "".join(body_parts).strip()
    if notes:
        text += "\n\n" + "\n\n".join(_one_line(n) for n in notes)
    return text


def _one_line(lines: list[str]) -> str:
    """A note body on one line, as the DOCX reader writes it: wrapped lines joined by a space,
    or glued after a hyphen or slash inside a token ("2025-" + "2030", "05-" + "CT/TW")."""
    text = lines[0]
    for line in lines[1:]:
        text += line if re.search(r"\w[-/]$", text) else " " + line
    return text


def _starts_paragraph(lines: list[_Line], body_size: float) -> bool:
    return bool(lines) and lines[0].x0 > _left_margin(lines) + 0.8 * body_size


def _left_margin(lines: list[_Line]) -> float:
    return Counter(round(line.x0) for line in lines).most_common(1)[0][0] if lines else 0.0


@dataclass
class _Row:
    """The segments of one visual line (more than one when table columns sit side by side)."""

    segments: list[_Line]

    @property
    def top(self) -> float:
        return min(line.top for line in self.segments)

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " | ".join(line.text for line in self.segments)


def _rows(lines: list[_Line]) -> list[_Row]:
    rows: list[_Row] = []
    for line in lines:
        if rows and rows[-1].segments[-1].row == line.row:
            rows[-1].segments.append(line)
        else:
            rows.append(_Row([line]))
    return rows


def _page_body(lines: list[_Line], body_size: float) -> str:
    if not lines:
        return ""
    rows = _rows(lines)
    left = _left_margin(lines)
    right = max(row.x1 for row in rows)
    pitches = [b.top - a.top for a, b in itertools.pairwise(rows) if b.top > a.top]
    pitch = statistics.median(pitches) if pitches else body_size * 1.2
    out: list[str] = []
    index = 0
    previous: _Row | None = None
    while index < len(rows):
        block_end, columns = _column_block(rows, index, body_size, pitch)
        if columns:
            out.append("\n\n" if out else "")
            out.append("\n\n".join("\n".join(line.text for line in column) for column in columns))
            previous = None
            index = block_end
            continue
        row = rows[index]
        if previous is not None:
            out.append("\n\n" if _paragraph_break(previous, row, left, right, pitch, body_size) else "\n")
        elif out:
            out.append("\n\n")
        out.append(row.text)
        previous = row
        index += 1
    return "".join(out)


def _paragraph_break(prev: _Row, row: _Row, left: float, right: float, pitch: float, size: float) -> bool:
    if row.top - prev.top > 1.15 * pitch:  # line pitch is uniform inside a paragraph
        return True
    centered = abs((row.x0 + row.x1) / 2 - (left + right) / 2) < size and row.x0 > left + size
    prev_centered = abs((prev.x0 + prev.x1) / 2 - (left + right) / 2) < size and prev.x0 > left + size
    if centered and prev_centered:
        return False
    if prev.x1 < right - 3 * size:
        return True
    return row.x0 > left + 0.8 * size and prev.x0 <= left + 0.8 * size


def _column_block(rows: list[_Row], start: int, size: float, pitch: float) -> tuple[int, list[list[_Line]]]:
    """Two side-by-side columns (the header and signature tables): consecutive rows whose
    segments leave one common vertical gutter, at least one row using both columns."""
    covered = _merge([(line.x0, line.x1) for line in rows[start].segments], 2 * size)
    if len(covered) > 2:
        return start, []
    end = start + 1
    while end < len(rows) and rows[end].top - rows[end - 1].top <= 3 * pitch:
        trial = _merge(covered + [(line.x0, line.x1) for line in rows[end].segments], 2 * size)
        if len(trial) != 2:
            break
        covered = trial
        end += 1
    if len(covered) != 2 or end - start < 2 or not any(len(r.segments) == 2 for r in rows[start:end]):
        return start, []
    columns: list[list[_Line]] = [[], []]
    for row in rows[start:end]:
        for line in row.segments:
            columns[0 if line.x1 <= covered[0][1] + 1 else 1].append(line)
    return end, [column for column in columns if column]


def _merge(intervals: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for x0, x1 in sorted(intervals):
        if merged and x0 - merged[-1][1] < gap:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]
