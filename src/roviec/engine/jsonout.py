"""The extraction as JSON in the schema of tests/fixtures/corpus/SCHEMA.md (plus extra keys)."""

from __future__ import annotations

from datetime import date
from typing import Any

from roviec.engine.models import Extraction, Section
from roviec.engine.tasks import task_to_dict


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _section(s: Section) -> dict[str, Any]:
    return {
        "offset": s.offset,
        "marker": s.marker,
        "level": s.level,
        "heading": s.heading,
        "children": [_section(c) for c in s.children],
    }


def extraction_to_dict(extraction: Extraction, source: str) -> dict[str, Any]:
    e = extraction
    out: dict[str, Any] = {
        "source": source,
        "doc_type": e.doc_type,
        "title": e.title,
        "issuer": e.issuer,
        "signature": (
            {
                "on_behalf": e.signature.on_behalf,
                "signer_title": e.signature.signer_title,
                "signer_name": e.signature.signer_name,
                "signing_for": e.signature.signing_for,
            }
            if e.signature
            else None
        ),
        "recipients": list(e.recipients),
        "citations": [
            {
                "offset": c.offset,
                "text": c.text,
                "type": c.type,
                "symbol": c.symbol,
                "date": _iso(c.date),
                "issuer": c.issuer,
                "parts": {
                    "number": c.parts.number,
                    "year": c.parts.year,
                    "type_code": c.parts.type_code,
                    "issuer_code": c.parts.issuer_code,
                    "valid": c.parts.valid,
                    "problems": list(c.parts.problems),
                },
                "resolved": {"date": _iso(c.resolved_date), "issuer": c.resolved_issuer},
                "footnote": c.in_footnote,
            }
            for c in e.citations
        ],
        "named_references": [
            {"offset": r.offset, "text": r.text, "type": r.type} for r in e.named_references
        ],
        "footnotes": [{"mark": f.mark, "text": f.text, "offset": f.offset} for f in e.footnotes],
        "deadlines": [
            {
                "offset": d.offset,
                "text": d.text,
                "normalized": _iso(d.normalized),
                "start": _iso(d.start),
                "kind": d.kind,
                "recurrence": d.recurrence,
                "sentence": d.sentence,
            }
            for d in e.deadlines
        ],
        "schedules": [
            {"offset": s.offset, "text": s.text, "recurrence": s.recurrence, "sentence": s.sentence}
            for s in e.schedules
        ],
        "sections": [_section(s) for s in e.sections],
        "document_date": _iso(e.document_date),
    }
    out["tasks"] = [task_to_dict(t) for t in e.tasks]
    if e.inspected_organizations is not None:
        out["inspected_organizations"] = list(e.inspected_organizations)
    if e.findings_by_unit is not None:
        by_unit: dict[str, list[dict[str, str]]] = {}
        for f in e.findings_by_unit:
            by_unit.setdefault(f.unit, []).append({"footnote": f.footnote, "text": f.text})
        out["findings_by_unit"] = by_unit
    if e.inspected_members is not None:
        out["inspected_members"] = [
            {"name": m.name, "title": m.title, "unit": m.unit, "count": m.count, "footnote": m.footnote}
            for m in e.inspected_members
        ]
    return out
