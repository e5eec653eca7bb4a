"""A Party document laid out after Hướng dẫn 36-HD/VPTW (2018): header table, type name,
trích yếu, body with headings and footnotes, signature block and "Nơi nhận".

Used for status reports and inspection conclusion notices. Sizes and margins are kept in
`LAYOUT` (data, not scattered literals) so a committee's house variant is one dict away.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm

from .builder import DocBuilder, Inline, LineBreak, Note, Run

LAYOUT = {
    "font": "Times New Roman",
    "margins_mm": (20, 20, 30, 15),  # top, bottom, left, right (HD 36: 20-25, 20-25, 30-35, 15-20)
    "body_size": 14,
    "note_size": 12,
    "party_title_size": 15,  # "ĐẢNG CỘNG SẢN VIỆT NAM": capitals, bold, underlined
    "issuer_size": 14,
    "type_name_size": 15,  # tên loại: capitals, bold, centred
    "title_size": 14,  # trích yếu: bold, centred
    "recipients_size": 12,
    "first_line_indent_cm": 1.0,
    "header_columns_cm": (7.0, 9.0),
    "signature_columns_cm": (7.5, 8.5),
}
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"


@dataclass(frozen=True)
class Paragraph:
    text: str | Sequence[Inline]  # plain text, or inline items (Run, Note, LineBreak)
    footnotes: Sequence[str] = ()  # notes referenced at the end of the paragraph


@dataclass(frozen=True)
class Section:
    heading: str | None
    paragraphs: Sequence[Paragraph] = ()


@dataclass(frozen=True)
class Signature:
    on_behalf: str  # "T/M BAN THƯỜNG VỤ", "K/T BÍ THƯ", ...
    title: str  # "PHÓ BÍ THƯ THƯỜNG TRỰC"
    name: str


@dataclass(frozen=True)
class PartyDocument:
    superior: str  # "TỈNH ỦY HƯNG YÊN"
    issuer: str  # "BAN THƯỜNG VỤ"
    symbol: str  # "571-TB/TU"
    place: str  # "Hưng Yên"
    date: dt.date
    type_name: str  # "THÔNG BÁO KẾT LUẬN"
    title: str  # trích yếu
    sections: Sequence[Section] = ()
    signature: Signature | None = None
    recipients: Sequence[str] = field(default_factory=list)


def place_and_date(place: str, date: dt.date) -> str:
    """HD 36 writes day and month below 10 with a leading zero."""
    return f"{place}, ngày {date.day:02d} tháng {date.month:02d} năm {date.year}"


def build_party_document(document: PartyDocument, layout: dict | None = None) -> DocBuilder:
    layout = {**LAYOUT, **(layout or {})}
    builder = DocBuilder(
        font=layout["font"],
        size=layout["body_size"],
        note_size=layout["note_size"],
        margins_mm=layout["margins_mm"],
    )
    _header(builder, document, layout)
    builder.add_paragraph(
        [Run(document.type_name.upper(), bold=True, size=layout["type_name_size"])], align="center"
    )
    builder.add_paragraph(
        [Run(document.title, bold=True, size=layout["title_size"])], align="center", space_after_pt=6
    )
    builder.add_paragraph("-----", align="center", space_after_pt=6)
    for section in document.sections:
        if section.heading:
            builder.add_paragraph([Run(section.heading, bold=True)], align="justify", space_after_pt=3)
        for paragraph in section.paragraphs:
            items: list[Inline] = (
                [paragraph.text] if isinstance(paragraph.text, str) else list(paragraph.text)
            )
            items += [Note(text) for text in paragraph.footnotes]
            builder.add_paragraph(
                items,
                align="justify",
                first_line_indent_cm=layout["first_line_indent_cm"],
                space_after_pt=3,
            )
    _signature_and_recipients(builder, document, layout)
    return builder


def save_party_document(
    document: PartyDocument, target: str | os.PathLike[str] | IO[bytes], layout: dict | None = None
) -> None:
    build_party_document(document, layout).save(target)


def _borderless_table(builder: DocBuilder, widths_cm: Sequence[float]):
    table = builder.document.add_table(rows=1, cols=len(widths_cm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = "".join(
        f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    table._tbl.tblPr.append(parse_xml(f"<w:tblBorders {nsdecls('w')}>{borders}</w:tblBorders>"))
    for cell, width in zip(table.rows[0].cells, widths_cm, strict=True):
        cell.width = Cm(width)
    return table.rows[0].cells


def _header(builder: DocBuilder, document: PartyDocument, layout: dict) -> None:
    left, right = _borderless_table(builder, layout["header_columns_cm"])
    size = layout["issuer_size"]
    builder.add_paragraph([Run(document.superior.upper(), size=size)], align="center", container=left)
    builder.add_paragraph(
        [Run(document.issuer.upper(), bold=True, size=size)], align="center", container=left
    )
    builder.add_paragraph("*", align="center", container=left)
    builder.add_paragraph(f"Số {document.symbol}", align="center", size=size, container=left)
    builder.add_paragraph(
        [Run(PARTY_TITLE, bold=True, underline=True, size=layout["party_title_size"])],
        align="center",
        container=right,
    )
    builder.add_paragraph(
        [Run(place_and_date(document.place, document.date), italic=True, size=size)],
        align="center",
        container=right,
    )
    builder.add_paragraph("")


def _signature_and_recipients(builder: DocBuilder, document: PartyDocument, layout: dict) -> None:
    if not document.recipients and document.signature is None:
        return
    builder.add_paragraph("")
    left, right = _borderless_table(builder, layout["signature_columns_cm"])
    if document.recipients:
        builder.add_paragraph([Run("Nơi nhận:", underline=True)], container=left)
        for recipient in document.recipients:
            builder.add_paragraph(f"- {recipient}", size=layout["recipients_size"], container=left)
    signature = document.signature
    if signature is not None:
        builder.add_paragraph(
            [
                Run(signature.on_behalf.upper(), bold=True),
                LineBreak(),
                Run(signature.title.upper(), bold=True),
            ],
            align="center",
            container=right,
        )
        for _ in range(3):  # room for the signature and seal
            builder.add_paragraph(" ", container=right)
        builder.add_paragraph([Run(signature.name, bold=True)], align="center", container=right)
