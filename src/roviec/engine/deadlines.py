"""Stage 3c: deadlines this document imposes, and recurring duties.

A time expression becomes a deadline only when its clause sets a task ("hoàn thành trong
tháng 8/2026", "trước ngày 31/8/2025 báo cáo", "năm 2030 tổng kết"). Past facts ("đã",
"Đến hết tháng 6/2025, …"), forecasts ("Dự kiến"), targets ("đạt …"), periods ("giai đoạn",
"nhiệm kỳ", "định hướng đến năm …") and durations ("không quá 01 ngày") are not deadlines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

from roviec.engine.calendar import (
    DATE,
    DEFAULT_CALENDAR,
    ROMAN,
    WorkCalendar,
    date_from_match,
    month_end,
    quarter_end,
)
from roviec.engine.models import Deadline, Schedule
from roviec.engine.normalise import Normalised

_TASK_VERBS = (
    "hoàn thành|hoàn tất|xong|trở thành|ban hành|trình|báo cáo|gửi|nộp|tổ chức|triển khai|xây dựng|"
    "tổng kết|sơ kết|kiểm tra|rà soát|khắc phục|thực hiện|đưa vào sử dụng|kết thúc|đánh giá|"
    "trả lời|góp ý|xử lý|giải quyết|tham mưu|đề xuất|hoàn thiện|phê duyệt|cập nhật|bổ sung"
)
_COMPLETION = re.compile(r"(?<!\w)(?:hoàn thành|hoàn tất|xong|trở thành|kết thúc)(?!\w)", re.IGNORECASE)
_TASK = re.compile(rf"(?<!\w)(?:{_TASK_VERBS})(?!\w)", re.IGNORECASE)
_PAST = re.compile(r"(?<!\w)(?:đã|dự kiến|ước|ước tính|đạt|đạt được|vừa qua|trước đây)(?!\w)", re.IGNORECASE)
_FACT_OPENING = re.compile(r"^\W*(?:Đến hết|Tính đến|Đến nay|Tính từ|Trong năm|Năm qua)\b", re.IGNORECASE)
_NOT_AFTER = re.compile(
    r"(?:giai đoạn|nhiệm kỳ|định hướng(?: đến)?|tầm nhìn(?: đến)?|so với|của|từ|sau|đến)\s$", re.IGNORECASE
)
_STRONG_LEAD = r"trước|chậm nhất(?: là| vào)?|không muộn hơn|hạn chót(?: là)?|hạn cuối(?: là)?"
_LEAD = re.compile(
    rf"(?:^|\s)(?P<lead>(?:{_STRONG_LEAD}|trong|vào|cuối|hết|đến hết|ngay trong))\s$", re.IGNORECASE
)
# Starts with a required keyword (no optional prefix) so the scan stays fast; the lead word
# before it is read separately with _LEAD.
_EXPRESSIONS = re.compile(
    rf"(?=[NnTtQqSsVv0-9])(?:"  # a cheap first-character test keeps the scan fast
    rf"(?:[Nn]gày\s{DATE})"
    rf"|(?:[Tt]háng\s(?P<mo>\d{{1,2}})\s?(?:/|-|năm\s)\s?(?P<my>\d{{4}}))"
    rf"|(?:[Qq]uý\s(?P<q>IV|I{{1,3}}|[1-4])\s?(?:/|năm\s|-)\s?(?P<qy>\d{{4}}))"
    rf"|(?:(?P<half>6|[Ss]áu)\stháng\s(?P<hw>đầu|cuối)\snăm\s(?P<hy>\d{{4}}))"
    rf"|(?:[Nn]ăm\s(?P<yr>\d{{4}}))"
    rf"|(?:(?:[Tt]hời hạn|[Vv]òng)\s)?(?P<n>\d{{1,3}})\sngày(?P<wd>\slàm việc)?"
    rf"(?:\s?,?\s?(?:kể từ|tính từ)\sngày\s(?P<from>ký|ban hành|nhận)[\w\s]{{0,20}}?)?"
    rf")(?!\w)"
)
_RECURRENCE = re.compile(
    r"(?=[HhĐđMm6Ss])(?P<r>[Hh][ằà]ng (?:tháng|quý|năm|tuần)|"
    r"(?:[Đđ]ịnh kỳ|[Hh]ằng|[Mm]ỗi) (?:6|sáu) tháng|(?:6|[Ss]áu) tháng (?:một|1) lần|[Đđ]ịnh kỳ)(?!\w)"
)
_RECURRENCE_KIND = (
    ("6 tháng", "half_yearly"),
    ("sáu tháng", "half_yearly"),
    ("tháng", "monthly"),
    ("quý", "quarterly"),
    ("năm", "yearly"),
    ("tuần", "weekly"),
    ("định kỳ", "periodic"),
)
_QUOTED = re.compile(r"[“\"][^”\"\n]*[”\"]")
_CLAUSE_END = re.compile(r"[.;!?](?:\s|$)|\n")


def _recurrence_of(text: str) -> str | None:
    m = _RECURRENCE.search(text)
    if not m:
        return None
    word = m.group("r").lower()
    return next((kind for key, kind in _RECURRENCE_KIND if key in word), None)


def _clause(text: str, start: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    left = floor
    for m in _CLAUSE_END.finditer(text, floor, start):
        left = m.end()
    m = _CLAUSE_END.search(text, end, ceiling)
    right = m.start() + 1 if m and text[m.start()] in ".;!?" else (m.start() if m else ceiling)
    return left, right


def _resolve(
    m: re.Match[str], lead: str, document_date: date | None, cal: WorkCalendar
) -> tuple[str, date | None, date | None]:
    g = m.groupdict()
    before = lead.startswith("trước")
    if g.get("d") or g.get("d2"):
        day = date_from_match(m)
        if day and before:
            day -= timedelta(days=1)
        return "date", day, None
    if g.get("mo"):
        month, year = int(g["mo"]), int(g["my"])
        if before:
            end = month_end(year, month - 1) if month > 1 else date(year - 1, 12, 31)
            return "month", end, None
        end = month_end(year, month)
        return "month", end, date(year, month, 1) if end else None
    if g.get("q"):
        quarter = ROMAN.get(g["q"].upper()) or int(g["q"])
        year = int(g["qy"])
        if before:
            quarter -= 1
            if quarter == 0:
                return "quarter", date(year - 1, 12, 31), None
        end = quarter_end(year, quarter)
        return "quarter", end, date(year, quarter * 3 - 2, 1) if end else None
    if g.get("half"):
        year = int(g["hy"])
        first = g["hw"].lower() == "đầu"
        return (
            "half_year",
            date(year, 6 if first else 12, 30 if first else 31),
            date(year, 1 if first else 7, 1),
        )
    if g.get("yr"):
        year = int(g["yr"])
        if before:
            return "year", date(year - 1, 12, 31), None
        return "year", date(year, 12, 31), date(year, 1, 1)
    if g.get("n"):
        count = int(g["n"])
        if document_date is None:
            return "relative", None, None
        if g.get("wd"):
            return "relative", cal.add_working_days(document_date, count), document_date
        return "relative", document_date + timedelta(days=count), document_date
    return "date", None, None


def _imposed(
    text: str, m: re.Match[str], lead: str, expr_start: int, clause: tuple[int, int]
) -> tuple[bool, int, int]:
    """Whether the clause imposes the expression as a deadline, and the span to report."""
    g = m.groupdict()
    left, right = clause
    before_text = text[left:expr_start]
    after_text = text[m.end() : right]
    clause_text = text[left:right]
    sub_left = max(left, text.rfind(",", left, m.start()) + 1)
    sub_right = text.find(",", m.end(), right)
    sub_clause = text[sub_left : sub_right if sub_right >= 0 else right]
    if _PAST.search(sub_clause) or _FACT_OPENING.match(clause_text):
        return False, 0, 0
    if _NOT_AFTER.search(text[max(left, expr_start - 25) : expr_start]):
        return False, 0, 0
    strong = bool(lead) and re.match(_STRONG_LEAD, lead) is not None
    if g.get("n") and not (g.get("from") or g.get("wd") or lead == "trong"):
        return False, 0, 0  # a bare count of days is a duration
    if g.get("n") and re.search(r"(?:không quá|tối đa|tối thiểu|ít nhất)\s$", before_text):
        return False, 0, 0
    if g.get("from"):
        # "trong thời hạn 15 ngày kể từ ngày ký": a limit counted from the document itself.
        lead_at = before_text.rfind(lead) if lead else -1
        return True, (left + lead_at if lead_at >= 0 else m.start()), m.end()
    verbs_before = list(_TASK.finditer(before_text))
    completion_before = list(_COMPLETION.finditer(before_text))
    task_after = _TASK.match(after_text.lstrip())
    if strong and (verbs_before or task_after or lead):
        start = (
            left + verbs_before[-1].start()
            if verbs_before and len(before_text[verbs_before[-1].start() :].split()) <= 8
            else m.start()
        )
        return True, start, m.end()
    if lead in {"trong", "vào", "cuối", "hết", "đến hết", "ngay trong"}:
        near = [
            v
            for v in (completion_before if (g.get("yr") or g.get("mo")) else verbs_before)
            if len(before_text[v.start() :].split()) <= 8
        ]
        if near:
            return True, left + near[-1].start(), m.end()
        if task_after and (g.get("yr") or g.get("mo") or g.get("q")):
            return True, expr_start, _span_end(text, m.end(), right)
        return False, 0, 0
    if not lead and task_after and (g.get("yr") or g.get("mo") or g.get("q") or g.get("d") or g.get("d2")):
        return True, expr_start, _span_end(text, m.end(), right)
    return False, 0, 0


_KEYWORDS = (
    "ngày",
    "Ngày",
    "tháng",
    "Tháng",
    "quý",
    "Quý",
    "năm",
    "Năm",
    "sáu",
    "Sáu",
    "hạn",
    "vòng",
    "Vòng",
)


def _expressions(text: str, end: int) -> list[re.Match[str]]:
    """Matches of _EXPRESSIONS, tried only where a keyword occurs (str.find runs at C speed)."""
    starts: set[int] = set()
    for keyword in _KEYWORDS:
        pos = text.find(keyword, 0, end)
        while pos >= 0:
            starts.add(pos)
            k = pos - 1  # "15 ngày", "6 tháng", "thời hạn 15 ngày": the expression starts earlier
            while k >= 0 and text[k] == " ":
                k -= 1
            while k >= 0 and text[k].isdigit():
                k -= 1
            if k < pos - 2:
                starts.add(k + 1)
            if keyword == "hạn":
                starts.add(max(0, pos - 5))  # "thời hạn"
            pos = text.find(keyword, pos + 1, end)
    found = []
    reach = -1
    for start in sorted(starts):
        if start < reach:
            continue
        m = _EXPRESSIONS.match(text, start, end)
        if m:
            found.append(m)
            reach = m.end()
    return found


class _Spans:
    """Sorted, possibly overlapping spans with a logarithmic membership test."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [a for a, _b in self.spans]
        self.reach: list[int] = []  # furthest end among spans[0..k]
        best = -1
        for _a, b in self.spans:
            best = max(best, b)
            self.reach.append(best)

    def contains(self, pos: int) -> bool:
        k = bisect_right(self.starts, pos) - 1
        return k >= 0 and self.reach[k] > pos


def _span_end(text: str, pos: int, right: int) -> int:
    words = list(re.finditer(r"\S+", text[pos:right]))[:6]
    if not words:
        return pos
    end = pos + words[-1].end()
    while end > pos and text[end - 1] in ".,;:":
        end -= 1
    return end


def find_deadlines(
    norm: Normalised,
    *,
    document_date: date | None = None,
    calendar: WorkCalendar | None = None,
    exclude: Iterable[tuple[int, int]] = (),
) -> tuple[list[Deadline], list[Schedule]]:
    """Deadlines and recurring duties in the main text (footnotes report facts, not duties).

    `exclude` holds analysis spans (citations, quotations) that cannot carry a deadline.
    """
    cal = calendar or DEFAULT_CALENDAR
    text = norm.text
    main_end = norm.body_area
    blocked = _Spans(exclude)
    paragraphs = [p for p in norm.paragraphs() if p[0] < main_end]
    starts = [p[0] for p in paragraphs]
    quote_cache: dict[int, _Spans] = {}

    def paragraph_of(pos: int) -> tuple[int, int]:
        return paragraphs[bisect_right(starts, pos) - 1]

    def in_quote(pos: int, p_start: int, p_end: int) -> bool:
        spans = quote_cache.get(p_start)
        if spans is None:
            spans = quote_cache[p_start] = _Spans(
                (q.start(), q.end()) for q in _QUOTED.finditer(text, p_start, p_end)
            )
        return spans.contains(pos)

    deadlines: list[Deadline] = []
    schedules: list[Schedule] = []
    for m in _expressions(text, main_end):
        if m.start() > 0 and text[m.start() - 1].isalnum():
            continue
        p_start, p_end = paragraph_of(m.start())
        if blocked.contains(m.start()) or in_quote(m.start(), p_start, p_end):
            continue
        lead_match = _LEAD.search(text, max(p_start, m.start() - 24), m.start())
        lead = lead_match.group("lead").lower() if lead_match else ""
        expr_start = lead_match.start("lead") if lead_match else m.start()
        clause = _clause(text, expr_start, m.end(), max(p_start, m.start() - 600), min(p_end, m.end() + 600))
        ok, start, end = _imposed(text, m, lead, expr_start, clause)
        if not ok:
            continue
        kind, due, begin = _resolve(m, lead, document_date, cal)
        clause_text = text[clause[0] : clause[1]]
        a, b = norm.span(start, end)
        deadlines.append(
            Deadline(
                a, b, norm.original[a:b], due, begin, kind, _recurrence_of(clause_text), clause_text.strip()
            )
        )
    for r in _RECURRENCE.finditer(text, 0, main_end):
        if r.start() > 0 and text[r.start() - 1].isalnum():
            continue
        p_start, p_end = paragraph_of(r.start())
        clause = _clause(text, r.start(), r.end(), max(p_start, r.start() - 600), min(p_end, r.end() + 600))
        clause_text = text[clause[0] : clause[1]]
        if not _TASK.search(clause_text) or _PAST.search(clause_text) or _FACT_OPENING.match(clause_text):
            continue
        kind = _recurrence_of(r.group())
        if kind is None:
            continue
        a, b = norm.span(r.start(), r.end())
        schedules.append(Schedule(a, b, norm.original[a:b], kind, clause_text.strip()))
    return deadlines, schedules
