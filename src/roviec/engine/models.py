"""Frozen dataclasses produced by the analysis stages.

Every finding carries `offset` (and usually `end`) as Python str indices into the ORIGINAL
input text, so the UI can highlight it and the gold files can be checked by slicing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from roviec.engine.taskfind.models import TaskItem


@dataclass(frozen=True)
class SymbolParts:
    number: int | None
    year: int | None
    type_code: str | None
    issuer_code: str | None
    valid: bool
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class Citation:
    offset: int
    end: int
    text: str  # raw substring of the input
    type: str  # canonical type name ("Quyết định")
    symbol: str  # whitespace removed
    date: date | None
    issuer: str | None
    parts: SymbolParts
    resolved_date: date | None = None
    resolved_issuer: str | None = None
    in_footnote: str | None = None  # footnote mark when the mention sits in a footnote body


@dataclass(frozen=True)
class NamedReference:
    offset: int
    end: int
    text: str
    type: str


@dataclass(frozen=True)
class FootnoteMark:
    mark: str
    offset: int  # of the mark in the original text


@dataclass(frozen=True)
class Footnote:
    mark: str  # plain ASCII digits
    text: str  # whitespace-folded body, mark removed
    offset: int  # of the body in the original text
    end: int
    mark_offset: int | None  # of the mark in the body text, None when no mark was found


@dataclass(frozen=True)
class Deadline:
    offset: int
    end: int
    text: str
    normalized: date | None  # end date of the period
    start: date | None
    kind: str  # date | month | quarter | half_year | year | relative
    recurrence: str | None
    sentence: str


@dataclass(frozen=True)
class Schedule:
    """A recurring duty without a date of its own ("định kỳ hằng quý báo cáo")."""

    offset: int
    end: int
    text: str
    recurrence: str  # monthly | quarterly | yearly | periodic | weekly | half_yearly
    sentence: str


@dataclass(frozen=True)
class Signature:
    on_behalf: str | None  # "T/M Ban Thường vụ", "TM. Ủy ban nhân dân" (the form as written)
    signer_title: str | None
    signer_name: str | None
    offset: int | None = None
    signing_for: str | None = None  # "KT. Chủ tịch" under "TM. Ủy ban nhân dân"


@dataclass(frozen=True)
class Section:
    offset: int
    marker: str  # "I.", "1.", "1.1.", "a)", "-"
    level: int
    heading: str
    children: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Finding:
    unit: str
    footnote: str
    text: str


@dataclass(frozen=True)
class InspectedMember:
    """A Party member named as inspected ("đồng chí X, <title>, <post>"), as written.

    A collective remainder ("26 đồng chí bí thư đảng ủy các xã, phường được kiểm tra")
    has no name, its ``count`` and the description split into title and unit.
    """

    name: str
    title: str
    unit: str
    count: int = 1
    footnote: str = ""

    @property
    def collective(self) -> bool:
        return not self.name


@dataclass(frozen=True)
class Extraction:
    text: str  # the original input, which every offset indexes
    doc_type: str | None
    title: str | None
    issuer: str | None
    signature: Signature | None
    recipients: tuple[str, ...]
    citations: tuple[Citation, ...]
    named_references: tuple[NamedReference, ...]
    footnotes: tuple[Footnote, ...]
    deadlines: tuple[Deadline, ...]
    schedules: tuple[Schedule, ...] = ()
    sections: tuple[Section, ...] = ()
    inspected_organizations: tuple[str, ...] | None = None
    findings_by_unit: tuple[Finding, ...] | None = None
    inspected_members: tuple[InspectedMember, ...] | None = None
    document_date: date | None = None
    warnings: tuple[str, ...] = field(default=())
    tasks: tuple[TaskItem, ...] = ()
