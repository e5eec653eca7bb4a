"""Conclusion notices (thông báo kết luận): inspected organisations and findings per unit.

Inspection conclusions list the inspected organisations in a footnote ("30 Ban Thường vụ
Đảng ủy: A, B, …") and pin shortcomings on units in footnotes, either as numbered items
"(1) Unit, Unit: finding" or as a bare list of units whose finding is the clause carrying
the mark in the body.
"""

from __future__ import annotations

import re

from roviec.engine.models import Finding, Footnote
from roviec.engine.normalise import Normalised

_COUNTED_LIST = re.compile(r"^(?P<n>\d{1,4})\s+(?P<label>[^:]{1,80}):\s*(?P<items>.+)$")
_ITEM = re.compile(r"\((\d{1,2})\)\s*")
_ORG_CONTEXT = re.compile(r"(?:tổ chức đảng|đơn vị|cấp ủy|ban thường vụ|đảng ủy|chi bộ)\S*$", re.IGNORECASE)


def is_conclusion(doc_type: str | None) -> bool:
    return bool(doc_type) and "kết luận" in (doc_type or "").lower()


def inspected_organizations(
    norm: Normalised, footnotes: list[Footnote], mark_spans: dict[str, tuple[int, int]]
) -> tuple[str, ...] | None:
    """Organisations named in the footnote that counts them (its count must match the list)."""
    fallback = None
    for note in footnotes:
        m = _COUNTED_LIST.match(note.text)
        if not m:
            continue
        items = [i.strip().rstrip(".").strip() for i in re.split(r",\s*", m.group("items")) if i.strip()]
        if len(items) != int(m.group("n")):
            continue
        span = mark_spans.get(note.mark)
        context = norm.text[max(0, span[0] - 40) : span[0]] if span else ""
        if _ORG_CONTEXT.search(context) or "ban thường vụ" in m.group("label").lower():
            return tuple(items)
        fallback = fallback or tuple(items)
    return fallback


def _units(label: str) -> list[str]:
    return [u.strip().rstrip(".").strip() for u in re.split(r",\s*", label) if u.strip().rstrip(".").strip()]


def _is_unit_list(text: str) -> bool:
    units = _units(text.rstrip("."))
    return bool(units) and ":" not in text and all(u[:1].isupper() and len(u.split()) <= 5 for u in units)


def _clause_before_mark(norm: Normalised, span: tuple[int, int]) -> str:
    text = norm.text
    line_start = max(text.rfind("\n", max(0, span[0] - 1000), span[0]) + 1, span[0] - 1000, 0)
    left = line_start
    for m in re.finditer(r"[.;:](?:\s|$)", text[line_start : span[0]]):
        left = line_start + m.end()
    clause = text[left : span[0]].strip()
    clause = re.sub(r"^[-–+•]\s*", "", clause)
    return clause.strip(" *")


def findings_by_unit(
    norm: Normalised, footnotes: list[Footnote], mark_spans: dict[str, tuple[int, int]], skip: set[str]
) -> tuple[Finding, ...]:
    findings: list[Finding] = []
    for note in footnotes:
        if note.mark in skip or _COUNTED_LIST.match(note.text):
            continue
        body = note.text
        if _ITEM.search(body):
            pieces = _ITEM.split(body)[1:]
            for k in range(0, len(pieces) - 1, 2):
                item = pieces[k + 1].strip()
                label, sep, finding = item.partition(":")
                if not sep:
                    continue
                finding = finding.strip()
                if finding.endswith(";"):
                    finding = finding[:-1].rstrip()
                for unit in _units(label):
                    findings.append(Finding(unit, note.mark, finding))
        elif ":" in body:
            label, _sep, finding = body.partition(":")
            if len(label.split()) <= 10:
                findings.append(Finding(label.strip(), note.mark, finding.strip()))
        elif _is_unit_list(body) and note.mark in mark_spans:
            clause = _clause_before_mark(norm, mark_spans[note.mark])
            for unit in _units(body.rstrip(".").rstrip(".")):
                findings.append(Finding(unit.rstrip("."), note.mark, clause))
    return tuple(findings)
