"""Timeliness: days between the superior's issue date and the draft's (or today), against the
time limit the superior sets for the documents that implement it, if any.

The limit is read from the first sentence of the superior that asks for a plan, programme or
report ("xây dựng kế hoạch thực hiện trong thời hạn 30 ngày kể từ ngày ký", "ban hành kế hoạch
… trước ngày 28/2/2026"); a relative limit counts calendar days from the superior's date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from roviec.engine.calendar import DATE_RE, date_from_match, make_date
from roviec.engine.review._text import Doc, clip, sentences

_ASKS_FOR_DOCUMENT = re.compile(
    r"(?:xây dựng|ban hành|cụ thể hóa|cụ thể hoá|hoàn thành|gửi)\s(?:[\wÀ-ỹ]+\s){0,2}?"
    r"(?:kế hoạch|chương trình|báo cáo)",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?:trong (?:thời hạn|vòng)|chậm nhất(?: là)?|không quá)\s(?P<n>\d{1,3})\sngày(?P<wd>\slàm việc)?",
    re.IGNORECASE,
)
_ABSOLUTE = re.compile(
    r"(?:trước|chậm nhất(?: là)?(?: vào)?|hạn chót(?: là)?)\s(?:ngày\s)?(?=\d)", re.IGNORECASE
)
_PLACE_DATE = re.compile(r",\s*ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
# the date line written otherwise: no comma after the place, no place, or in figures
_DATE_LINE = re.compile(
    r"^[^\d,;.:]{0,40}?,?\s*[Nn]gày\s+(\d{1,2})\s*(?:tháng\s+|[/.-])(\d{1,2})\s*(?:năm\s+|[/.-])(\d{4})\s*$"
)


@dataclass(frozen=True)
class Timeliness:
    superior_date: date | None
    draft_date: date | None
    draft_date_source: str  # "document" | "today" | "unknown"
    days: int | None
    limit_days: int | None
    limit_text: str | None
    limit_offset: int | None  # in the superior's original text
    late: bool | None
    why: str


def document_date(doc: Doc) -> date | None:
    """The issue date in the header ("Hưng Yên, ngày 05 tháng 3 năm 2026"); failing that, a
    line of the header that is only a date written another way ("Phù Cừ ngày 22 tháng 12 năm
    2026", "ngày 14 tháng 9 năm 2026", "Kim Động, ngày 08/6/2026"). A date inside a sentence
    ("Ngày 14/5/2026, Ủy ban Kiểm tra họp …") is an event's date, not the issue date."""
    for para in doc.paragraphs[:40]:
        m = _PLACE_DATE.search(para.text)
        if m:
            return make_date(m.group(3), m.group(2), m.group(1))
    # raw lines: a header line opening in lowercase ("ngày 14 tháng 9 …") is joined to the line
    # above it in the analysis paragraphs
    for line in doc.original.splitlines()[:25]:
        m = _DATE_LINE.match(line.strip())
        if m:
            return make_date(m.group(3), m.group(2), m.group(1))
    return None


def find_limit(doc: Doc, issued: date | None) -> tuple[int | None, str | None, int | None]:
    for para in doc.paragraphs:
        for a, b in sentences(doc.text, para.start, para.end):
            sentence = doc.text[a:b]
            if not _ASKS_FOR_DOCUMENT.search(sentence):
                continue
            rel = _RELATIVE.search(sentence)
            if rel:
                return int(rel.group("n")), clip(sentence, 240), doc.orig(a)
            ab = _ABSOLUTE.search(sentence)
            if ab and issued is not None:
                dm = DATE_RE.match(sentence, ab.end())
                due = date_from_match(dm) if dm else None
                if due is not None and due >= issued:
                    return (due - issued).days, clip(sentence, 240), doc.orig(a)
    return None, None, None


def check_timeliness(draft: Doc, superior: Doc, *, today: date | None = None) -> Timeliness:
    sup_date = document_date(superior)
    draft_date = document_date(draft)
    source = "document"
    if draft_date is None:
        draft_date, source = (today, "today") if today is not None else (None, "unknown")
    limit, limit_text, limit_offset = find_limit(superior, sup_date)
    days = (draft_date - sup_date).days if sup_date and draft_date else None
    late = None if days is None or limit is None else days > limit
    if sup_date is None:
        why = "Không xác định được ngày ban hành của văn bản cấp trên."
    elif days is None:
        why = "Không xác định được ngày của dự thảo."
    elif limit is None:
        when = "ban hành" if source == "document" else "tính đến hôm nay"
        why = f"Dự thảo {when} sau văn bản cấp trên {days} ngày; văn bản cấp trên không đặt thời hạn."
    elif late:
        why = (
            f"Chậm {days - limit} ngày: văn bản cấp trên yêu cầu trong {limit} ngày, dự thảo sau {days} ngày."
        )
    else:
        why = f"Đúng hạn: sau {days} ngày, trong thời hạn {limit} ngày văn bản cấp trên yêu cầu."
    return Timeliness(sup_date, draft_date, source, days, limit, limit_text, limit_offset, late, why)
