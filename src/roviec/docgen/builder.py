"""A small DOCX writer on top of python-docx that also writes real Word footnotes.

python-docx has no footnote API, so `DocBuilder` adds the pieces Word expects itself: the
word/footnotes.xml part (with the separator notes -1 and 0), its relationship from
document.xml (the content-type override follows from the part), the "footnote text" and
"footnote reference" styles, <w:footnotePr> in settings.xml, and <w:footnoteReference> runs
in the body. Framework-free: no Django here.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Union
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt
from docx.text.paragraph import Paragraph


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    superscript: bool = False
    size: float | None = None  # points


@dataclass(frozen=True)
class Note:
    """A footnote reference at this spot of the paragraph; `text` is the note body."""

    text: str


@dataclass(frozen=True)
class LineBreak:
    """A soft line break (w:br) inside a paragraph."""


Inline = Union[str, Run, Note, LineBreak]  # noqa: UP007 - a runtime alias
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

_STYLES_XML = f"""
<w:styles {nsdecls("w")}>
  <w:style w:type="paragraph" w:styleId="FootnoteText">
    <w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
    <w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:jc w:val="both"/></w:pPr>
    <w:rPr><w:sz w:val="{{note_size}}"/><w:szCs w:val="{{note_size}}"/></w:rPr>
  </w:style>
  <w:style w:type="character" w:styleId="FootnoteReference">
    <w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>
    <w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>
  </w:style>
</w:styles>"""


class _FootnotesPart(Part):
    """word/footnotes.xml, rendered from the builder's notes whenever the package is saved."""

    def __init__(self, package, notes: list[str]):
        super().__init__(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, b"", package)
        self._notes = notes

    @property
    def blob(self) -> bytes:
        separator = (
            '<w:footnote w:type="{kind}" w:id="{id}"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
            'w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
        )
        parts = [
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w", "r")}>',
            separator.format(kind="separator", id=-1),
            separator.format(kind="continuationSeparator", id=0),
        ]
        for number, text in enumerate(self._notes, start=1):
            parts.append(
                f'<w:footnote w:id="{number}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
            )
        parts.append("</w:footnotes>")
        return "".join(parts).encode("utf-8")


class DocBuilder:
    """Build a DOCX paragraph by paragraph; `Note` items and `add_footnote` make real footnotes."""

    def __init__(
        self,
        *,
        font: str = "Times New Roman",
        size: float = 14,
        note_size: float = 12,
        margins_mm: tuple[float, float, float, float] = (20, 20, 30, 15),  # top, bottom, left, right
    ):
        self.document = Document()
        self.notes: list[str] = []
        self._notes_part: _FootnotesPart | None = None
        self._filled: set = set()  # table cells whose first (template) paragraph is in use
        section = self.document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = (
            Mm(m) for m in margins_mm
        )
        normal = self.document.styles["Normal"]
        normal.font.name = font
        normal.font.size = Pt(size)
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), font)
        styles = parse_xml(_STYLES_XML.replace("{note_size}", str(int(note_size * 2))))
        for style in list(styles):
            self.document.styles.element.append(style)

    # -- content ------------------------------------------------------------------------
    def add_paragraph(
        self,
        content: str | Sequence[Inline] = "",
        *,
        style: str | None = None,
        align: str | None = None,
        bold: bool = False,
        italic: bool = False,
        size: float | None = None,
        first_line_indent_cm: float | None = None,
        space_after_pt: float | None = None,
        container=None,
    ) -> Paragraph:
        """Append a paragraph to the body (or to `container`, e.g. a table cell)."""
        if container is not None and container._element not in self._filled:
            self._filled.add(container._element)
            paragraph = container.paragraphs[0]  # a new table cell already holds one empty paragraph
            if style:
                paragraph.style = style
        else:
            paragraph = (container if container is not None else self.document).add_paragraph(style=style)
        items = [content] if isinstance(content, str) else list(content)
        for item in items:
            self.add_inline(paragraph, item, bold=bold, italic=italic, size=size)
        fmt = paragraph.paragraph_format
        if align:
            fmt.alignment = ALIGN[align]
        if first_line_indent_cm is not None:
            fmt.first_line_indent = Cm(first_line_indent_cm)
        if space_after_pt is not None:
            fmt.space_after = Pt(space_after_pt)
        return paragraph

    def add_inline(self, paragraph: Paragraph, item: Inline, *, bold=False, italic=False, size=None) -> None:
        if isinstance(item, Note):
            self.add_footnote(paragraph, item.text)
            return
        if isinstance(item, LineBreak):
            paragraph.add_run().add_break()
            return
        run_spec = item if isinstance(item, Run) else Run(item)
        if not run_spec.text:
            return
        run = paragraph.add_run(run_spec.text)
        run.bold = run_spec.bold or bold or None
        run.italic = run_spec.italic or italic or None
        run.underline = run_spec.underline or None
        if run_spec.superscript:
            run.font.superscript = True
        if run_spec.size or size:
            run.font.size = Pt(run_spec.size or size)

    def add_footnote(self, paragraph: Paragraph, text: str) -> int:
        """Append a footnote reference at the end of `paragraph`; returns the note's number."""
        self.notes.append(text)
        number = len(self.notes)
        run = paragraph.add_run()
        rpr = run._r.get_or_add_rPr()
        rpr.append(parse_xml(f'<w:rStyle {nsdecls("w")} w:val="FootnoteReference"/>'))
        run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{number}"/>'))
        self._ensure_notes_part()
        return number

    # -- output -------------------------------------------------------------------------
    def save(self, target: str | os.PathLike[str] | IO[bytes]) -> None:
        self.document.save(target)

    def _ensure_notes_part(self) -> None:
        if self._notes_part is not None:
            return
        document_part = self.document.part
        self._notes_part = _FootnotesPart(document_part.package, self.notes)
        document_part.relate_to(self._notes_part, RT.FOOTNOTES)
        settings = self.document.settings.element
        pr = parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        )
        anchor = settings.find(qn("w:compat"))
        if anchor is not None:
            anchor.addprevious(pr)
        else:
            settings.append(pr)
