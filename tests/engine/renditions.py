"""Render the corpus samples to DOCX (real Word footnotes) and PDF (LibreOffice), for accuracy
checks of the readers against the hand-made gold files.

A sample .txt carries footnotes inline: a mark glued to a word ("đảng viên²", or a plain
digit "thuận lợi1" in PDF-extracted text) and the body elsewhere ("² 29 đồng chí ...").
The gold file tells which marks are notes and what their bodies say; the rendition turns
each into a real footnote and drops the inline body. PDF-extracted samples (hard line
breaks, page numbers) are rejoined into paragraphs, as the author's Word file would have had.
Markdown-like markup of the converted samples (**bold**, *italic*, ^{raised}) becomes
formatting.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from roviec.docgen import DocBuilder, Inline, LineBreak, Note, Run

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
CACHE = Path(tempfile.gettempdir()) / "roviec-renditions"
SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
_PAGE_NUMBER_LINE = re.compile(r"^\s*\d{1,4}\s*$")
_HEADING = re.compile(r"^(?:[IVX]+[-.]|\d+(?:\.\d+)*\.\s|Phần thứ|[a-zđ]\)\s|-\s|\+\s|Nơi nhận)")


@dataclass(frozen=True)
class Sample:
    name: str
    path: Path
    text: str
    gold: dict


def samples() -> list[Sample]:
    found = []
    for path in sorted(CORPUS.glob("*.txt")):
        gold_path = path.with_name(path.name + ".gold.json")
        if gold_path.exists():
            text = path.read_text(encoding="utf-8")
            found.append(Sample(path.stem, path, text, json.loads(gold_path.read_text(encoding="utf-8"))))
    return found


def fold(text: str) -> str:
    return " ".join(text.split())


def join_broken_symbols(text: str) -> str:
    """PDF lines broken after a hyphen or slash inside a token ("2025-" / "2030") rejoined."""
    return re.sub(r"(?<=\w[-/])\n", "", text)


# -- from sample text to paragraphs of inline items ----------------------------------------
def paragraphs(sample: Sample) -> list[list[Inline]]:
    """The sample as paragraphs ready for DocBuilder, footnote marks replaced by `Note`s."""
    notes = [(str(n["mark"]), fold(n["text"])) for n in sample.gold.get("footnotes", [])]
    text = _drop_note_bodies(sample.text, notes)
    text = _place_marks(text, notes)
    blocks = _rejoin_pdf_lines(text) if _pdf_like(sample.text) else re.split(r"\n[ \t]*\n+", text)
    bodies = [body for _, body in notes]
    return [items for block in _mend_breaks(blocks) if (items := _inlines(block, bodies))]


def _mend_breaks(blocks: list[str]) -> list[str]:
    """A sentence cut by a page break or a note body ("... đồng" / "thuận trong ...") is one paragraph."""
    mended: list[str] = []
    for block in (b.strip() for b in blocks):
        if not block:
            continue
        previous = mended[-1] if mended else ""
        cut = len(previous) > 80 and not previous.isupper() and not re.search(r"[.:;!?…)*]$", previous)
        if cut and block[:1].islower():
            mended[-1] += " " + block
        else:
            mended.append(block)
    return mended


def _drop_note_bodies(text: str, notes: list[tuple[str, str]]) -> str:
    spans = []
    for mark, body in notes:
        span = _find_body(text, mark, body)
        if span is None:
            raise ValueError(f"footnote {mark} body not found in sample")
        spans.append(span)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + "\n" + text[end:]
    return text


def _find_body(text: str, mark: str, body: str) -> tuple[int, int] | None:
    marks = f"(?:{re.escape(mark)}|{re.escape(mark.translate(SUP))})"
    for match in re.finditer(rf"(?m)^[ \t]*{marks}[ \t]+", text):
        pos = match.end()
        for word in body.split():
            pos += len(text[pos:]) - len(text[pos:].lstrip())
            if not text.startswith(word, pos):
                break
            pos += len(word)
        else:
            return match.start(), pos
    return None


def _place_marks(text: str, notes: list[tuple[str, str]]) -> str:
    """Replace each note's mark in the running text by a placeholder, in order."""
    cursor = 0
    for index, (mark, _) in enumerate(notes):
        sup = mark.translate(SUP)
        pattern = rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){re.escape(sup)}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])|(?<=[^\W\d_]){re.escape(mark)}(?!\d)"
        match = re.compile(pattern).search(text, cursor)
        if match is None:
            raise ValueError(f"footnote mark {mark} not found in sample")
        placeholder = f"\ue000{index}\ue001"
        text = text[: match.start()] + placeholder + text[match.end() :]
        cursor = match.start() + len(placeholder)
    return text


def _pdf_like(text: str) -> bool:
    lengths = [len(line) for line in text.splitlines() if line.strip()]
    return bool(lengths) and statistics.median(lengths) < 110 and max(lengths) < 200


def _rejoin_pdf_lines(text: str) -> list[str]:
    """Join hard-broken PDF lines into paragraphs; drop page numbers and blank separators."""
    blocks: list[str] = []
    current = ""
    for raw in text.split("\n"):
        if not raw.strip() or _PAGE_NUMBER_LINE.match(raw):
            continue
        line = raw.strip()
        rule = re.fullmatch(r"[-_*=]{3,}", line)
        starts = raw[:1].isspace() or _HEADING.match(line) or line.isupper() or rule
        ends = (
            current.rstrip().endswith((".", ":", ";"))
            or current.isupper()
            or re.fullmatch(r"[-_*=]{3,}", current)
        )
        if not current or starts or ends:
            if current:
                blocks.append(current)
            current = line
        elif re.search(r"\S[-/]$", current):
            current += line  # a symbol split at a line end: "05-" + "CT/TW"
        else:
            current += " " + line
    if current:
        blocks.append(current)
    return blocks


def _inlines(block: str, bodies: list[str]) -> list[Inline]:
    items: list[Inline] = []
    parts = block.split("**")
    for index, part in enumerate(parts):
        bold = index % 2 == 1
        glued = 0 < index and "".join(parts[:index])[-1:].strip() and part[:1].strip()
        if glued and items and not isinstance(items[-1], LineBreak):
            items.append(LineBreak())  # "THÔNG BÁO**KẾT LUẬN": a line break the conversion lost
        for line_index, line in enumerate(part.split("\n")):
            if line_index:
                items.append(LineBreak())
            items.extend(_styled(line, bold, bodies))
    return items


def _styled(text: str, bold: bool, bodies: list[str]) -> list[Inline]:
    items: list[Inline] = []
    pattern = re.compile(r"(?<![*\w])\*(?=\S)(.+?)(?<=\S)\*(?![*\w])|\^\{([^}]*)\}|\ue000(\d+)\ue001")
    cursor = 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            items.append(Run(text[cursor : match.start()], bold=bold))
        if match.group(1) is not None:
            items.extend(_notes_in(match.group(1), bold, bodies, italic=True))
        elif match.group(2) is not None:
            items.append(Run(match.group(2), bold=bold, superscript=True))
        else:
            items.append(Note(bodies[int(match.group(3))]))
        cursor = match.end()
    if cursor < len(text):
        items.append(Run(text[cursor:], bold=bold))
    return items


def _notes_in(text: str, bold: bool, bodies: list[str], italic: bool) -> list[Inline]:
    items: list[Inline] = []
    for index, piece in enumerate(_PLACEHOLDER.split(text)):
        if index % 2:
            items.append(Note(bodies[int(piece)]))
        elif piece:
            items.append(Run(piece, bold=bold, italic=italic))
    return items


# -- files ---------------------------------------------------------------------------------
def _cache_key(sample: Sample) -> str:
    """Same sample, same rendering code: same files (DOCX bytes differ run to run by timestamps)."""
    from roviec.docgen import builder

    digest = hashlib.sha256()
    for part in (sample.text, json.dumps(sample.gold, sort_keys=True), Path(__file__).read_text("utf-8")):
        digest.update(part.encode("utf-8"))
    digest.update(Path(builder.__file__).read_bytes())
    return digest.hexdigest()[:12]


def render_docx(sample: Sample) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    target = CACHE / f"{sample.name}-{_cache_key(sample)}.docx"
    if target.exists():
        return target
    builder = DocBuilder()
    for items in paragraphs(sample):
        builder.add_paragraph(items, align="justify", space_after_pt=4)
    tmp = CACHE / f"{sample.name}.{os.getpid()}.tmp.docx"
    builder.save(tmp)
    tmp.replace(target)
    return target


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_pdf(sample: Sample) -> Path:
    docx = render_docx(sample)
    pdf = docx.with_suffix(".pdf")
    if pdf.exists():
        return pdf
    binary = soffice()
    if binary is None:
        raise FileNotFoundError("soffice not installed")
    with tempfile.TemporaryDirectory(prefix="roviec-lo-") as profile, tempfile.TemporaryDirectory() as out:
        subprocess.run(  # noqa: S603 - fixed arguments, our own files
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                out,
                str(docx),
            ],
            check=True,
            capture_output=True,
            timeout=240,
        )
        shutil.move(str(Path(out) / (docx.stem + ".pdf")), pdf)
    return pdf
