"""Framework-free DOCX generation: `DocBuilder` (with real footnotes) and the Party layout."""

from .builder import DocBuilder, Inline, LineBreak, Note, Run
from .party_layout import (
    LAYOUT,
    Paragraph,
    PartyDocument,
    Section,
    Signature,
    build_party_document,
    place_and_date,
    save_party_document,
)

__all__ = [
    "LAYOUT",
    "DocBuilder",
    "Inline",
    "LineBreak",
    "Note",
    "Paragraph",
    "PartyDocument",
    "Run",
    "Section",
    "Signature",
    "build_party_document",
    "place_and_date",
    "save_party_document",
]
