"""DOCX: body text in document order, tables, real Word footnotes; headers/footers left out.

Text conventions (chosen to match the corpus .txt files, which were converted from Word):
- paragraphs are separated by a blank line ("\\n\\n"); a soft line break (w:br) is "\\n";
  empty paragraphs are dropped;
- a footnote or endnote reference becomes its number in Unicode superscript digits glued to
  the preceding text ("đảng viên²"); numbers follow reference order across both kinds;
- after the body, each note body is a paragraph "² <body>"; a multi-paragraph note keeps "\\n"
  between its paragraphs;
- superscript runs (w:vertAlign or a superscript character style) holding digits become
  Unicode superscripts (typed marks); other raised text is written "^{text}";
- tables: a data table gives one line per row with cells joined by " | " (a cell's
  paragraphs joined by a space); a layout table (at most 3 columns with a multi-paragraph
  cell or a nested table, like the header and signature blocks of Party documents) is read
  cell by cell as ordinary paragraphs;
- tracked deletions, field codes, headers, footers and comments are left out; text boxes are
  read after the paragraph that anchors them.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ._common import ReadLimits, Unreadable, mark_superscript, superscript

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_w = f"{{{W}}}".__add__

_RECURSE_INLINE = {
    _w(t) for t in ("hyperlink", "smartTag", "customXml", "ins", "moveTo", "fldSimple", "dir", "bdo")
}
_SKIP_INLINE = {_w(t) for t in ("del", "moveFrom", "pPr", "commentRangeStart", "commentRangeEnd", "proofErr")}
_NOTE_SKIP_TYPES = {"separator", "continuationSeparator", "continuationNotice"}
_LAYOUT_MAX_COLUMNS = 3


def read_docx(data: bytes, limits: ReadLimits) -> tuple[str, tuple[str, ...]]:
    package = _Package(data, limits)
    document = package.xml("word/document.xml")
    body = document.find(_w("body"))
    if body is None:
        raise Unreadable("Tệp DOCX không có phần thân văn bản — DOCX without w:body")
    rels = package.rels("word/document.xml")
    notes: dict[tuple[str, str], etree._Element] = {}
    for kind in ("footnote", "endnote"):
        target = rels.get(f"{kind}s")
        if target and package.has(target):
            for note in package.xml(target).iter(_w(kind)):
                if note.get(_w("type")) not in _NOTE_SKIP_TYPES:
                    notes[(kind, note.get(_w("id"), ""))] = note
    walker = _Walker(notes=notes, superscript_styles=_superscript_styles(package, rels.get("styles")))
    walker.counter = _footnote_start(package, rels.get("settings"), body)
    blocks = walker.blocks(body)
    note_blocks = []
    for number, element in walker.referenced:
        text = "\n".join(walker.blocks(element)).strip()
        note_blocks.append(f"{mark_superscript(number)} {text}" if number is not None else text)
    text = "\n\n".join(b for b in blocks + note_blocks if b.strip())
    if not text.strip():
        raise Unreadable("Tệp DOCX không có nội dung chữ — DOCX has no text")
    warnings = tuple(walker.warnings)
    return text, warnings


class _Package:
    """The zip package, read defensively: entry count, declared and actual sizes are capped."""

    def __init__(self, data: bytes, limits: ReadLimits):
        self.limits = limits
        self.budget = limits.max_unzipped_bytes
        try:
            self.zf = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zf.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise Unreadable("Tệp DOCX bị hỏng (không mở được gói zip) — corrupt DOCX package") from exc
        if len(infos) > limits.max_zip_entries:
            raise Unreadable(f"Tệp DOCX có quá nhiều thành phần ({len(infos)}) — too many zip entries")
        self.infos = {info.filename: info for info in infos}

    def has(self, name: str) -> bool:
        return name in self.infos

    def read(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise Unreadable(f"Tệp DOCX thiếu phần {name} — missing part {name}")
        if info.flag_bits & 0x1:
            raise Unreadable("Tệp DOCX bị mã hóa — encrypted DOCX package")
        if info.file_size > self.budget:
            raise Unreadable(_bomb_reason(self.limits))
        with self.zf.open(info) as stream:
            raw = stream.read(self.budget + 1)  # headers can lie about sizes; never read past the cap
        if len(raw) > self.budget:
            raise Unreadable(_bomb_reason(self.limits))
        self.budget -= len(raw)
        return raw

    def xml(self, name: str) -> etree._Element:
        raw = self.read(name)
        if b"<!DOCTYPE" in raw[:4096] or b"<!ENTITY" in raw:
            raise Unreadable(f"Phần {name} chứa khai báo DTD bị từ chối — DTD/entities in {name}")
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
        try:
            return etree.fromstring(raw, parser=parser)
        except etree.XMLSyntaxError as exc:
            raise Unreadable(f"Phần {name} của tệp DOCX bị hỏng — malformed XML in {name}") from exc

    def rels(self, part: str) -> dict[str, str]:
        """Relationship type suffix (e.g. 'footnotes') -> part name inside the package."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        found: dict[str, str] = {}
        if not self.has(rels_name):
            return {
                "footnotes": "word/footnotes.xml",
                "endnotes": "word/endnotes.xml",
                "styles": "word/styles.xml",
            }
        for rel in self.xml(rels_name).iter(f"{{{REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            found.setdefault(rel.get("Type", "").rsplit("/", 1)[-1], name)
        return found


def _bomb_reason(limits: ReadLimits) -> str:
    return (
        f"Tệp DOCX giải nén vượt quá {limits.max_unzipped_bytes / 1e6:.0f} MB (nghi là zip bomb) — "
        "uncompressed size over the limit"
    )


def _superscript_styles(package: _Package, target: str | None) -> frozenset[str]:
    if not target or not package.has(target):
        return frozenset()
    styles = package.xml(target)
    found = set()
    for style in styles.iter(_w("style")):
        align = style.find(f"{_w('rPr')}/{_w('vertAlign')}")
        if align is not None and align.get(_w("val")) == "superscript":
            found.add(style.get(_w("styleId"), ""))
    return frozenset(found)


def _footnote_start(package: _Package, settings: str | None, body: etree._Element) -> int:
    candidates = list(body.iter(_w("footnotePr")))
    if settings and package.has(settings):
        candidates += list(package.xml(settings).iter(_w("footnotePr")))
    for pr in candidates:
        start = pr.find(_w("numStart"))
        if start is not None and (start.get(_w("val")) or "").isdigit():
            return int(start.get(_w("val")))
    return 1


@dataclass
class _Walker:
    notes: dict[tuple[str, str], etree._Element]
    superscript_styles: frozenset[str]
    counter: int = 1
    referenced: list[tuple[int | None, etree._Element]] = field(default_factory=list)
    numbered: dict[tuple[str, str], int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    # -- blocks -------------------------------------------------------------------------
    def blocks(self, container: etree._Element) -> list[str]:
        out: list[str] = []
        for child in container:
            tag = child.tag
            if tag == _w("p"):
                text, extra = self.paragraph(child)
                if text.strip():
                    out.append(text.strip())
                out.extend(extra)
            elif tag == _w("tbl"):
                out.extend(self.table(child))
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    out.extend(self.blocks(content))
            elif tag in (_w("customXml"), _w("ins"), _w("moveTo"), _w("txbxContent")):
                out.extend(self.blocks(child))
        return out

    def table(self, tbl: etree._Element) -> list[str]:
        rows: list[list[list[str]]] = []
        nested = False
        for tr in _children(tbl, "tr"):
            cells = []
            for tc in _children(tr, "tc"):
                nested = nested or tc.find(_w("tbl")) is not None
                cells.append(self.blocks(tc))
            rows.append(cells)
        columns = max((len(r) for r in rows), default=0)
        multi = any(len(cell) > 1 for row in rows for cell in row)
        if columns <= 1 or (columns <= _LAYOUT_MAX_COLUMNS and (multi or nested)):
            return [block for row in rows for cell in row for block in cell]
        lines = []
        for row in rows:
            texts = [" ".join(" ".join(cell).split()) for cell in row]
            if any(texts):
                lines.append(" | ".join(texts))
        return ["\n".join(lines)] if lines else []

    # -- inline -------------------------------------------------------------------------
    def paragraph(self, p: etree._Element) -> tuple[str, list[str]]:
        pieces: list[tuple[str, bool]] = []  # (text, raised)
        extra: list[str] = []
        self.inline(p, pieces, extra)
        merged: list[tuple[str, bool]] = []
        for text, raised in pieces:
            if merged and merged[-1][1] == raised:
                merged[-1] = (merged[-1][0] + text, raised)
            else:
                merged.append((text, raised))
        return "".join(superscript(t) if raised else t for t, raised in merged), extra

    def inline(self, elem: etree._Element, pieces: list[tuple[str, bool]], extra: list[str]) -> None:
        for child in elem:
            tag = child.tag
            if tag == _w("r"):
                self.run(child, pieces, extra)
            elif tag in _RECURSE_INLINE:
                self.inline(child, pieces, extra)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.inline(content, pieces, extra)
            elif tag == f"{{{M}}}oMath" or tag == f"{{{M}}}oMathPara":
                pieces.append(("".join(child.itertext()), False))

    def run(self, r: etree._Element, pieces: list[tuple[str, bool]], extra: list[str]) -> None:
        raised = self._raised(r.find(_w("rPr")))
        for child in r:
            tag = child.tag
            if tag == _w("t"):
                pieces.append((child.text or "", raised))
            elif tag == _w("tab"):
                pieces.append(("\t", False))
            elif tag in (_w("br"), _w("cr")):
                pieces.append(("\n", False))
            elif tag == _w("noBreakHyphen"):
                pieces.append(("-", raised))
            elif tag == _w("sym"):
                pieces.append((_sym(child), raised))
            elif tag in (_w("footnoteReference"), _w("endnoteReference")):
                pieces.append((self._note_mark(child), False))
            elif tag in (_w("drawing"), _w("pict"), f"{{{MC}}}AlternateContent"):
                extra.extend(self._text_boxes(child))

    def _raised(self, rpr: etree._Element | None) -> bool:
        if rpr is None:
            return False
        align = rpr.find(_w("vertAlign"))
        if align is not None:
            return align.get(_w("val")) == "superscript"
        style = rpr.find(_w("rStyle"))
        return style is not None and style.get(_w("val")) in self.superscript_styles

    def _note_mark(self, ref: etree._Element) -> str:
        kind = "footnote" if ref.tag == _w("footnoteReference") else "endnote"
        key = (kind, ref.get(_w("id"), ""))
        note = self.notes.get(key)
        if note is None:
            self.warnings.append(
                f"Tham chiếu chú thích {key[1]} không có nội dung — dangling {kind} reference"
            )
            return ""
        if ref.get(_w("customMarkFollows")) in ("1", "true", "on"):
            self.referenced.append((None, note))  # the mark is typed in the following run
            return ""
        if key not in self.numbered:
            self.numbered[key] = self.counter
            self.counter += 1
            self.referenced.append((self.numbered[key], note))
        return mark_superscript(self.numbered[key])

    def _text_boxes(self, elem: etree._Element) -> list[str]:
        if elem.tag == f"{{{MC}}}AlternateContent":
            choice = elem.find(f"{{{MC}}}Choice")
            elem = choice if choice is not None else elem.find(f"{{{MC}}}Fallback")
            if elem is None:
                return []
        out: list[str] = []
        for box in elem.iter(_w("txbxContent")):
            if any(a.tag == _w("txbxContent") for a in box.iterancestors()):
                continue  # nested boxes are read with their outer box
            out.extend(self.blocks(box))
        return out


def _children(parent: etree._Element, name: str) -> list[etree._Element]:
    """Direct children called `name`, looking through content controls that wrap rows/cells."""
    found = []
    for child in parent:
        if child.tag == _w(name):
            found.append(child)
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                found.extend(_children(content, name))
    return found


def _sym(sym: etree._Element) -> str:
    """w:sym characters: symbol-font code points live at F0xx; keep the printable ASCII ones."""
    try:
        code = int(sym.get(_w("char"), ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        code -= 0xF000
    return chr(code) if 0x20 < code < 0x7F else ""
