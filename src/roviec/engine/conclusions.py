"""Conclusion notices (thông báo kết luận): inspected organisations, members, findings per unit.

Inspection conclusions list the inspected organisations in a footnote ("30 Ban Thường vụ
Đảng ủy: A, B, …") and pin shortcomings on units in footnotes, either as numbered items
"(1) Unit, Unit: finding" or as a bare list of units whose finding is the clause carrying
the mark in the body. The inspected members are listed in a footnote too ("29 đồng chí
đảng viên: đồng chí X, <title>, <post>; …; và 26 đồng chí bí thư đảng ủy các xã, phường
được kiểm tra"): named members with their title and unit as written, and collective
remainders kept with their count.
"""

from __future__ import annotations

import re

from roviec.engine.models import Finding, Footnote, InspectedMember
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


# --- inspected members -----------------------------------------------------------------

_MEMBER_LIST = re.compile(
    r"^(?P<n>\d{1,4})\s+(?:đồng chí|đảng viên)[^:]{0,60}:\s*(?P<items>.+)$", re.IGNORECASE | re.DOTALL
)
_MEMBER_CONTEXT = re.compile(r"(?:đảng viên|đồng chí|cá nhân)\S*\s*$", re.IGNORECASE)
# "đồng chí" (or "đ/c") introducing a name: the next word starts with a capital.
_COMRADE = re.compile(r"(?:\b[Đđ]ồng chí|\b[Đđ]/c)\s+(?=[^\W\d_])")
# A collective remainder: a count, "đồng chí", then a lowercase description.
_COLLECTIVE = re.compile(
    r"(?:^|[,;]\s*|\s+và\s+)(?P<n>\d{1,4})\s+(?:đồng chí|đ/c)\s+(?P<desc>[^;]+?)\s*(?=;|\.?\s*$)",
    re.IGNORECASE,
)
# Where the unit starts in a post ("Phó Bí thư chuyên trách | Đảng ủy UBND tỉnh"). Case matters:
# "Ban Thường vụ" and "Tỉnh ủy viên" belong to the title.
_UNIT_START = re.compile(
    r"\b(?:Đảng ủy|Đảng bộ|Chi bộ|Ủy ban|UBND|HĐND|Hội đồng|Sở|Công an|Bộ Chỉ huy|Văn phòng|"
    r"Ban (?:Tổ chức|Tuyên giáo|Dân vận|Nội chính|Kiểm tra)|Ủy ban Kiểm tra|"
    r"(?:Tỉnh|Huyện|Thành|Thị) ủy(?! viên)|xã|phường|thị trấn)\b"
)
_COLLECTIVE_UNIT = re.compile(
    r"\b(?:đảng ủy|đảng bộ|chi bộ|cấp ủy|ban thường vụ|tổ chức đảng)\b", re.IGNORECASE
)
_TITLE_WORDS = re.compile(
    r"\s(?:Phó Bí thư|Bí thư|Ủy viên|Tỉnh ủy viên|Huyện ủy viên|Chủ tịch|Phó Chủ tịch|Chủ nhiệm|"
    r"Phó Chủ nhiệm|Trưởng ban|Phó Trưởng ban|Giám đốc|Phó Giám đốc|Chánh|Phó Chánh)\b"
)
_INSPECTED_TAIL = re.compile(r"\s*(?:được|đã được|thuộc diện)\s+kiểm tra\s*$", re.IGNORECASE)


def _split_post(parts: list[str]) -> tuple[str, str]:
    """(title, unit) from the comma-separated parts after a name: the unit ends the last part."""
    if not parts:
        return "", ""
    *titles, post = parts
    m = _UNIT_START.search(post)
    if m is None:
        return ", ".join(parts), ""
    head = post[: m.start()].strip()
    unit = _INSPECTED_TAIL.sub("", post[m.start() :]).strip()
    return ", ".join([*titles, head] if head else titles), unit


def _named_member(item: str, mark: str) -> InspectedMember | None:
    item = re.sub(r"(?:\s+và)?[\s;,.]*$", "", item).strip()
    if not item:
        return None
    parts = [p.strip() for p in re.split(r"\s*(?:,|\s[-–]\s|\()\s*", item.replace(")", "")) if p.strip()]
    name, rest = parts[0], parts[1:]
    if len(name.split()) > 5:
        # "Nguyễn Văn A Bí thư Đảng ủy xã B": the name ends where a title begins.
        m = _TITLE_WORDS.search(name)
        if m is not None:
            rest = [name[m.start() :].strip(), *rest]
            name = name[: m.start()].strip()
    title, unit = _split_post(rest)
    return InspectedMember(name=name, title=title, unit=unit, footnote=mark)


def _collective_member(count: str, desc: str, mark: str) -> InspectedMember:
    desc = _INSPECTED_TAIL.sub("", desc.strip().rstrip(".").strip())
    m = _COLLECTIVE_UNIT.search(desc)
    if m is None or m.start() == 0:
        return InspectedMember(name="", title=desc, unit="", count=int(count), footnote=mark)
    return InspectedMember(
        name="",
        title=desc[: m.start()].strip(),
        unit=desc[m.start() :].strip(),
        count=int(count),
        footnote=mark,
    )


def members_in_footnote(text: str, mark: str = "") -> tuple[InspectedMember, ...]:
    """Members named in one footnote body, in order; collective remainders last."""
    m = _MEMBER_LIST.match(text)
    body = m.group("items") if m else text
    collective = []
    kept, cursor = [], 0
    for c in _COLLECTIVE.finditer(body):
        if not c.group("desc")[:1].islower():
            continue
        collective.append(_collective_member(c.group("n"), c.group("desc"), mark))
        kept.append(body[cursor : c.start()])
        cursor = c.end()
    kept.append(body[cursor:])
    body = " ".join(kept)
    starts = [s.end() for s in _COMRADE.finditer(body) if body[s.end() : s.end() + 1].isupper()]
    named = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(body)
        chunk = body[start:end]
        if index + 1 < len(starts):
            # Drop the "đồng chí" that opens the next item.
            chunk = re.sub(r"(?:[Đđ]ồng chí|[Đđ]/c)\s*$", "", chunk)
        member = _named_member(chunk, mark)
        if member is not None:
            named.append(member)
    return tuple(named + collective)


def inspected_members(
    norm: Normalised, footnotes: list[Footnote], mark_spans: dict[str, tuple[int, int]]
) -> tuple[InspectedMember, ...]:
    """Members named in the footnote(s) listing the inspected Party members."""
    members: list[InspectedMember] = []
    for note in footnotes:
        counted = _MEMBER_LIST.match(note.text)
        if counted is None:
            span = mark_spans.get(note.mark)
            context = norm.text[max(0, span[0] - 40) : span[0]] if span else ""
            if not (_MEMBER_CONTEXT.search(context) and _COMRADE.search(note.text)):
                continue
        found = members_in_footnote(note.text, note.mark)
        if counted is not None and not found:
            continue
        members.extend(found)
    return tuple(members)
