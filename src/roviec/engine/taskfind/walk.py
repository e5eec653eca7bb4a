"""Find the task items of a document: walk its headings, keep the parts that hold tasks
(requirement part of a conclusion notice, "nhiệm vụ và giải pháp", "tổ chức thực hiện", a
task table), split paragraphs into items and read each item's fields.

Works on the analysis text (one paragraph per line); offsets are mapped to the original
text at the end, so every TaskItem indexes the caller's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from roviec.engine.calendar import DEFAULT_CALENDAR, WorkCalendar
from roviec.engine.deadlines import _EXPRESSIONS, _LEAD
from roviec.engine.layout import MARKER
from roviec.engine.models import Deadline
from roviec.engine.normalise import Normalised
from roviec.engine.segment import heading_level
from roviec.engine.taskfind import fields as F
from roviec.engine.taskfind.models import Addressee, Organization, TaskItem
from roviec.engine.taskfind.units import UnitFinder, UnitSpan
from roviec.engine.taskfind.vocab import build_org_matcher, key, load_vocabulary

_BULLET = re.compile(r"^[-–+•·▪●○◦⁃]\s*")
_STOP_PARAGRAPH = re.compile(r"^(?:Nơi nhận|NƠI NHẬN|T/M|TM\.|K/T|KT\.|T/L|TL\.|TUQ)(?:\s|:|$)")
_ROMAN = re.compile(r"^[IVXLC]{1,6}\.?$")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+(?=[^\s])")
_TERMINAL = ".;!?…"
# groups that, in a conclusion notice, stand for the inspected organisations
_INSPECTED_ALIASES = frozenset(
    {
        "inspected_organizations",
        "all_party_organizations",
        "committee_heads",
        "related_collectives_individuals",
    }
)
_COLUMNS = (
    ("number", ("stt", "tt", "số tt")),
    ("lead", ("chủ trì", "cơ quan thực hiện", "đơn vị thực hiện", "cơ quan chủ trì")),
    ("coordinators", ("phối hợp",)),
    ("when", ("thời gian", "thời hạn", "tiến độ", "hoàn thành")),
    ("product", ("sản phẩm", "kết quả")),
    ("content", ("nội dung", "nhiệm vụ", "công việc", "tên nhiệm vụ")),
    ("note", ("ghi chú",)),
)


def _is_caps(text: str) -> bool:
    """At least two letters, all upper case (headings, header lines); called once per paragraph."""
    head = text[:300]
    if not head.isupper():  # C-speed: no lower-case letter and at least one cased one
        return False
    letters = 0
    for ch in head:
        if ch.isalpha():
            if not ch.isupper():
                return False  # an uncased letter
            letters += 1
            if letters >= 2:
                return True
    return False


@dataclass
class _Heading:
    level: int
    text: str
    status: str | None  # "task" | "skip" | None (inherits)
    units: tuple[UnitSpan, ...] = ()
    inherit: tuple[UnitSpan, ...] | None = None  # subject of an opening sentence ("… sau:")
    inherit_is_opening: bool = False


@dataclass
class _Draft:
    s: int  # analysis offsets
    e: int
    section: tuple[str, ...]
    subject: F.Subject | None = None
    inherited: tuple[UnitSpan, ...] | None = None
    opening: bool = False
    table: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Context:
    def __init__(
        self,
        norm: Normalised,
        organizations: tuple[Organization, ...],
        document_date: date | None,
        calendar: WorkCalendar | None,
        deadlines: tuple[Deadline, ...],
        inspected: tuple[str, ...] | None,
        conclusion: bool,
    ):
        self.norm = norm
        self.text = norm.text
        self.tkey = key(norm.text)
        self.vocab = load_vocabulary()
        self.orgs = build_org_matcher(organizations, self.vocab)
        self.finder = UnitFinder(self.vocab, self.orgs)
        self.document_date = document_date
        self.cal = calendar or DEFAULT_CALENDAR
        self.deadlines = sorted(deadlines, key=lambda d: d.offset)
        self.inspected = inspected
        self.conclusion = conclusion
        self.expanded: dict[str, list[Addressee]] = {}

    # ---------------------------------------------------------------- headings
    def status_of(self, heading: str) -> str | None:
        k = key(heading)
        if any(w in k for w in self.vocab.skip_words):
            return "skip"
        if any(w in k for w in self.vocab.task_words):
            return "task"
        return None

    def unit_heading(self, s: int, e: int) -> tuple[UnitSpan, ...]:
        while e > s and self.text[e - 1] in " :":
            e -= 1
        units, end = self.finder.unit_list(self.text, self.tkey, s, e)
        return tuple(units) if units and end >= e else ()


def _effective(stack: list[_Heading]) -> str | None:
    for h in reversed(stack):
        if h.status is not None:
            return h.status
    return None


def _inherited(stack: list[_Heading]) -> tuple[tuple[UnitSpan, ...] | None, bool]:
    for h in reversed(stack):
        if h.units:
            return h.units, False
        if h.inherit is not None:
            return h.inherit, h.inherit_is_opening
    return None, False


def _cells(line: str, start: int) -> list[tuple[int, int]]:
    """Analysis spans of the cells of a table row "a | b | c" (whitespace trimmed)."""
    spans = []
    pos = start
    for piece in line.split("|"):
        a = pos + len(piece) - len(piece.lstrip())
        b = pos + len(piece.rstrip())
        spans.append((a, max(a, b)))
        pos += len(piece) + 1
    return spans


def _header(ctx: _Context, cells: list[tuple[int, int]]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    for i, (a, b) in enumerate(cells):
        k = ctx.tkey[a:b]
        for name, words in _COLUMNS:
            if name not in columns and any(k == w or k.startswith(w) or f" {w}" in f" {k}" for w in words):
                columns[name] = i
                break
    if "content" in columns and ("lead" in columns or "when" in columns):
        return columns
    return None


def _drafts(ctx: _Context) -> list[_Draft]:
    text, tkey = ctx.text, ctx.tkey
    drafts: list[_Draft] = []
    stack: list[_Heading] = []
    header: dict[str, int] | None = None
    table_group: str | None = None
    for s, e in ctx.norm.paragraphs():
        if s >= ctx.norm.body_area:
            break
        line = text[s:e]
        if _STOP_PARAGRAPH.match(line):
            break
        if line.count("|") >= 2:
            cells = _cells(line, s)
            found = _header(ctx, cells)
            if found:
                header, table_group = found, None
                continue
            if header is None:
                continue
            col = {name: cells[i] for name, i in header.items() if i < len(cells)}
            content = col.get("content")
            others = [c for name, c in col.items() if name not in ("content", "number") and c[1] > c[0]]
            number = col.get("number")
            number_text = text[number[0] : number[1]] if number else ""
            if content and content[1] > content[0] and (not others or _ROMAN.match(number_text)):
                table_group = f"{number_text}. {text[content[0] : content[1]]}".lstrip(". ")
                continue
            if not content or content[1] <= content[0]:
                continue
            section = tuple(h.text for h in stack) + ((table_group,) if table_group else ())
            drafts.append(_Draft(content[0], content[1], section, table=col))
            continue
        header = None
        m = MARKER.match(line)
        bullet = _BULLET.match(line)
        if bullet:
            cs = s + bullet.end()
        elif m:
            cs = s + m.end()
        else:
            cs = s
        content = text[cs:e].rstrip()
        stripped = content.rstrip()
        ends_terminal = stripped[-1:] in _TERMINAL
        is_heading = False
        level = 0
        if m and not bullet:
            marker = m.group().strip()
            level = heading_level(marker)
            is_heading = (not ends_terminal and len(stripped) <= 200 and not stripped.endswith(":")) or (
                stripped.endswith(":") and len(stripped) <= 80
            )
        elif not m and _is_caps(line) and len(line) <= 200:
            is_heading, level = True, 0
        if is_heading and not m and ctx.status_of(line) is None:
            continue  # a title or header line in capitals ("THÔNG BÁO", "ĐẢNG BỘ TỈNH …")
        if is_heading:
            while stack and stack[-1].level >= level:
                stack.pop()
            status = ctx.status_of(line)
            if _effective([h for h in stack if h.level < level]) == "skip":
                status = "skip"  # "2. Yêu cầu" under "I. MỤC ĐÍCH, YÊU CẦU" holds no tasks
            units = ctx.unit_heading(cs, e) if status is None and not _is_caps(line) else ()
            stack.append(_Heading(level, " ".join(line.split()), status, units))
            continue
        status = _effective(stack)
        if status == "skip" or not content:
            continue
        if content.startswith("(") and content.endswith(")"):
            continue
        section = tuple(h.text for h in stack)
        for a, b in _sentences(text, cs, cs + len(content)):
            subject = F.subject_at(text, tkey, a, b, ctx.finder)
            strong = subject is not None and (
                subject.kind in ("assign", "request", "regarding")
                or F.coordinators(text, tkey, a, b, ctx.finder)
                or re.match(
                    r"chủ trì|tham mưu|chịu trách nhiệm|có trách nhiệm|là cơ quan", tkey[subject.end : b]
                )
            )
            if status != "task" and not strong:
                continue
            if drafts and a > cs and subject is None and drafts[-1].e >= cs and drafts[-1].s >= s:
                drafts[-1].e = b  # a further sentence of the same task
                continue
            if a > cs and subject is not None and drafts and drafts[-1].s >= s and not _starts_new(subject):
                drafts[-1].e = b
                continue
            draft = _Draft(a, b, section, subject=subject)
            if subject is None:
                draft.inherited, draft.opening = _inherited(stack)
            drafts.append(draft)
        last = drafts[-1] if drafts and drafts[-1].s >= s else None
        if last is not None and status == "task" and stripped.endswith(":") and last.subject is not None:
            holder = stack[-1] if stack else None
            if holder is not None:
                holder.inherit = last.subject.units
                holder.inherit_is_opening = True
                last.opening = True
    return drafts


def _starts_new(subject: F.Subject) -> bool:
    return subject.kind in ("assign", "request", "regarding", "subject")


def _sentences(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out = []
    pos = s
    for m in _SENTENCE_BREAK.finditer(text, s, e):
        nxt = m.end()
        if nxt < e and text[nxt].isupper():
            out.append((pos, m.start() + 1))
            pos = nxt
    if pos < e:
        out.append((pos, e))
    return out


def _strip_end(text: str, s: int, e: int) -> int:
    while e > s and text[e - 1] in " ;,:":
        e -= 1
    return e


def _addressee(ctx: _Context, u: UnitSpan) -> Addressee:
    a, _b = ctx.norm.span(u.start, u.end)
    return Addressee(name=u.text, unit=u.unit, generic=u.generic, group=u.group, offset=a)


def _expand(ctx: _Context, group: str) -> list[Addressee]:
    cached = ctx.expanded.get(group)
    if cached is None:  # the same group recurs on many tasks: expand it once per document
        cached = ctx.expanded[group] = [
            Addressee(
                name=name,
                unit=ctx.orgs.canonical(name) if ctx.orgs.pattern else None,
                generic=False,
                group=None,
                expanded_from=group,
            )
            for name in ctx.inspected or ()
        ]
    return cached


def _addressees(
    ctx: _Context, units: tuple[UnitSpan, ...], opening: bool, extra: list[UnitSpan]
) -> tuple[Addressee, ...]:
    out: list[Addressee] = []
    seen: set[str] = set()
    inspected = ctx.conclusion and bool(ctx.inspected)
    for u in (*units, *extra):
        if (inspected and u.group == "inspected_organizations") or (
            inspected and opening and u.group in _INSPECTED_ALIASES
        ):
            for a in _expand(ctx, u.group or "inspected_organizations"):
                if a.key not in seen:
                    seen.add(a.key)
                    out.append(a)
            continue
        a = _addressee(ctx, u)
        if a.key not in seen:
            seen.add(a.key)
            out.append(a)
    return tuple(out)


def _raw(ctx: _Context, a: int, b: int) -> str | None:
    if b <= a:
        return None
    x, y = ctx.norm.span(a, b)
    return ctx.norm.original[x:y]


def _deadline_from_stage(ctx: _Context, a: int, b: int) -> Deadline | None:
    x, y = ctx.norm.span(a, b)
    best = None
    for d in ctx.deadlines:
        if d.offset >= y:
            break
        if d.offset >= x and d.normalized and (best is None or d.normalized > best.normalized):
            best = d
    return best


def _expression_in(ctx: _Context, s: int, e: int, staged: Deadline) -> tuple[int, int] | None:
    """Analysis span of the time expression (with its lead word) the deadlines stage reported."""
    text = ctx.text
    for m in _EXPRESSIONS.finditer(text, s, e):
        if m.start() > s and text[m.start() - 1].isalnum():
            continue
        lead = _LEAD.search(text, max(s, m.start() - 24), m.start())
        a = lead.start("lead") if lead else m.start()
        x, y = ctx.norm.span(a, m.end())
        if x < staged.end and staged.offset < y:
            return a, m.end()
    return None


def _build(ctx: _Context, d: _Draft) -> TaskItem:
    text, tkey = ctx.text, ctx.tkey
    s, e = d.s, _strip_end(text, d.s, d.e)
    fields: dict[str, str | None] = {}
    due = None
    due_text = None
    rec = None
    rec_span = None
    product = None
    act: list[tuple[int, int]] = []
    lead_units: tuple[UnitSpan, ...] = ()
    coord_units: list[UnitSpan] = []
    inherited = False
    opening = d.opening
    if d.table:
        col = d.table
        if "lead" in col and col["lead"][1] > col["lead"][0]:
            units, _end = ctx.finder.unit_list(text, tkey, col["lead"][0], col["lead"][1], free=True)
            lead_units = tuple(units)
        if "coordinators" in col and col["coordinators"][1] > col["coordinators"][0]:
            a, b = col["coordinators"]
            units, _end = ctx.finder.unit_list(text, tkey, a, b, free=True)
            coord_units = units
        if "when" in col:
            a, b = col["when"]
            w = F.when_in_cell(text, a, b, ctx.document_date, ctx.cal)
            if w:
                due, due_text = w.due, _raw(ctx, a, b)
            rec, rec_span = F.recurrence(tkey, a, b)
            if rec and not due_text:
                due_text = _raw(ctx, a, b)
        if "product" in col and col["product"][1] > col["product"][0]:
            product = col["product"]
        act = F.action(text, tkey, s, e, ctx.vocab, ctx.finder, whole=True)
    else:
        subject = d.subject or F.leader_inside(text, tkey, s, e, ctx.finder)
        if subject is not None:
            lead_units = subject.units
            if subject is d.subject and d.opening:
                opening = True
        elif d.inherited:
            lead_units, inherited = d.inherited, True
        coord_units = F.coordinators(text, tkey, s, e, ctx.finder)
        staged = _deadline_from_stage(ctx, s, e)
        expression = None
        if staged is not None:
            due, due_text = staged.normalized, staged.text
            expression = _expression_in(ctx, s, e, staged)
        else:
            w = F.when_in_sentence(text, tkey, s, e, ctx.document_date, ctx.cal)
            if w:
                due, due_text = w.due, _raw(ctx, w.start, w.end)
                expression = (w.start, w.end)
        rec, rec_span = F.recurrence(tkey, s, e)
        skip = (lead_units[0].start, lead_units[-1].end) if lead_units and not inherited else None
        product = F.deliverable(text, tkey, s, e, ctx.vocab, ctx.finder, skip)
        cut = F.deadline_cut(tkey, s, *expression) if expression else None
        after = subject.end if subject is not None and subject is d.subject else None
        act = F.action(text, tkey, s, e, ctx.vocab, ctx.finder, after=after, cut=cut)
    lead = lead_units[0].text if lead_units else None
    acc = F.accountability(tkey, s, e)
    auth = F.authority(text, tkey, s, e, ctx.finder)
    deliverable_text = _raw(ctx, *product) if product else None
    if rec and not due_text and rec_span:
        due_text = _raw(ctx, *rec_span)
    fields = {
        "owner": lead,
        "action": " ".join(_raw(ctx, a, b) or "" for a, b in act) or None,
        "deadline": due_text,
        "accountability": _raw(ctx, *acc) if acc else None,
        "deliverable": deliverable_text,
        "authority": _raw(ctx, *auth) if auth else None,
    }
    addressees = _addressees(ctx, lead_units, opening, coord_units)
    x, y = ctx.norm.span(s, e)
    return TaskItem(
        offset=x,
        end=y,
        text=ctx.norm.original[x:y],
        action=fields["action"],
        lead=lead,
        coordinators=tuple(u.text for u in coord_units),
        deadline=due,
        deadline_text=due_text,
        recurrence=rec,
        deliverable=deliverable_text,
        addressees=addressees,
        section=d.section,
        clarity=fields,
        lead_inherited=inherited,
        source="table" if d.table else "text",
    )


def find_tasks_in(
    norm: Normalised,
    *,
    organizations: tuple[Organization, ...] = (),
    document_date: date | None = None,
    calendar: WorkCalendar | None = None,
    deadlines: tuple[Deadline, ...] = (),
    inspected: tuple[str, ...] | None = None,
    conclusion: bool = False,
) -> list[TaskItem]:
    ctx = _Context(norm, organizations, document_date, calendar, deadlines, inspected, conclusion)
    return [_build(ctx, d) for d in _drafts(ctx)]
