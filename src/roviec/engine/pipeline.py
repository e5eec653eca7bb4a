"""The whole analysis: normalise → segment → find (footnotes, citations, names, deadlines)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from roviec.engine import conclusions
from roviec.engine.calendar import WorkCalendar, make_date
from roviec.engine.citations import find_citations
from roviec.engine.deadlines import find_deadlines
from roviec.engine.footnotes import find_footnotes
from roviec.engine.models import Extraction
from roviec.engine.named_refs import find_named_references
from roviec.engine.normalise import normalise
from roviec.engine.reference import ReferenceData, load_reference
from roviec.engine.segment import segment
from roviec.engine.taskfind.vocab import as_organizations
from roviec.engine.taskfind.walk import find_tasks_in


def extract(
    text: str,
    *,
    document_date: date | None = None,
    reference: ReferenceData | None = None,
    calendar: WorkCalendar | None = None,
    organizations: Iterable[Any] = (),
) -> Extraction:
    """Analyse one document's text. Every offset in the result indexes `text`.

    `organizations`: the caller's units as (name, aliases) pairs (see roviec.engine.tasks).
    """
    reference = reference or load_reference()
    norm = normalise(text)
    parts = segment(norm, reference=reference)
    if document_date is None and parts.document_date is not None:
        document_date = make_date(*parts.document_date)
    footnotes, mark_spans = find_footnotes(norm)
    symbol_spans: list[tuple[int, int]] = []
    citations = find_citations(norm, reference=reference, symbol_spans=symbol_spans)
    named = find_named_references(norm, reference=reference)
    deadlines, schedules = find_deadlines(
        norm, document_date=document_date, calendar=calendar, exclude=symbol_spans
    )
    inspected = findings = members = None
    if conclusions.is_conclusion(parts.doc_type):
        inspected = conclusions.inspected_organizations(norm, footnotes, mark_spans)
        counted = {f.mark for f in footnotes if conclusions._COUNTED_LIST.match(f.text)}
        findings = conclusions.findings_by_unit(norm, footnotes, mark_spans, counted)
        members = conclusions.inspected_members(norm, footnotes, mark_spans)
    tasks = find_tasks_in(
        norm,
        organizations=as_organizations(organizations),
        document_date=document_date,
        calendar=calendar,
        deadlines=tuple(deadlines),
        inspected=inspected,
        conclusion=conclusions.is_conclusion(parts.doc_type),
    )
    return Extraction(
        text=text,
        doc_type=parts.doc_type,
        title=parts.title,
        issuer=parts.issuer,
        signature=parts.signature,
        recipients=parts.recipients,
        citations=tuple(citations),
        named_references=tuple(named),
        footnotes=tuple(footnotes),
        deadlines=tuple(deadlines),
        schedules=tuple(schedules),
        sections=parts.sections,
        inspected_organizations=inspected,
        findings_by_unit=findings,
        inspected_members=members,
        document_date=document_date,
        tasks=tuple(tasks),
    )
