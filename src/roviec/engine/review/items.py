"""The tasks of a draft and the requirements of a superior document, as text spans.

Two sources behind one function: ``source="own"`` (default) takes the paragraphs of the
sections that assign work (NHIỆM VỤ, GIẢI PHÁP, TỔ CHỨC THỰC HIỆN, … YÊU CẦU) — or every
paragraph with a verb when a document has no such section; ``source="engine"`` uses
``roviec.engine.tasks.find_tasks`` (the shared task extractor) when it is installed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roviec.engine.review._text import Doc, clip
from roviec.engine.review.clarity import _patterns as _clarity_patterns

_TASK_SECTION = re.compile(
    r"NHIỆM VỤ|GIẢI PHÁP|TỔ CHỨC THỰC HIỆN|(?<!MỤC ĐÍCH, )YÊU CẦU|KIẾN NGHỊ|ĐỀ XUẤT|NỘI DUNG"
    r"|CHƯƠNG TRÌNH CÔNG TÁC",
    re.IGNORECASE,
)
_NOT_TASK_SECTION = re.compile(
    r"MỤC ĐÍCH|QUAN ĐIỂM|MỤC TIÊU|ƯU ĐIỂM|HẠN CHẾ|NGUYÊN NHÂN|KẾT QUẢ|TÌNH HÌNH", re.IGNORECASE
)
_HEADER = re.compile(
    r"^(?:Số\b|Nơi nhận|T/M|K/T|T/L|TM\.|KT\.|ĐẢNG CỘNG SẢN|CỘNG HÒA|Độc lập|.*,\s*ngày\s+\d{1,2}\s+tháng)",
    re.IGNORECASE,
)
_END_OF_BODY = re.compile(r"^(?:Nơi nhận|NƠI NHẬN|T/M\s|K/T\s|TM\.\s)")


@dataclass(frozen=True)
class TaskSpan:
    offset: int  # in the original text
    end: int
    text: str
    section: str


def _is_caps(text: str) -> bool:
    letters = [c for c in text[:200] if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _is_heading(text: str) -> bool:
    if _is_caps(text) or re.match(r"^[IVX]+[.-]\s", text):
        return True
    # a numbered or plain line with no closing punctuation names a sub-section
    return not text.rstrip().endswith((".", ";", ":", "!", "?", "…", ")", "”", '"')) and len(text) < 220


def find_items(doc: Doc, *, source: str = "own", requirements: bool = False) -> list[TaskSpan]:
    """The tasks of `doc`. With `requirements` (a superior document), every paragraph of a section
    that assigns work counts, verb or not ("Bí thư cấp ủy tiếp công dân…", "Người đứng đầu chịu
    trách nhiệm…" are requirements the verb list does not know)."""
    if source == "engine":
        found = _engine_items(doc)
        if found is not None:
            return found
    return _own_items(doc, requirements=requirements)


def _own_items(doc: Doc, *, requirements: bool = False) -> list[TaskSpan]:
    verb = _clarity_patterns()["verb"]
    verb_start = _clarity_patterns()["verb_start"]
    blocks: list[tuple[str, bool, list]] = []  # (heading, is task section, paragraphs)
    section, in_tasks = "", False
    top_in_tasks = top_excluded = False
    for number, para in enumerate(doc.paragraphs):
        text = para.text.strip()
        if not text:
            continue
        if _END_OF_BODY.match(text):
            break
        if _HEADER.match(text) or (number < 15 and text[0].islower() and not text.endswith((".", ";"))):
            continue
        if _is_heading(text):
            top = _is_caps(text) or re.match(r"^[IVX]+[.-]\s", text)
            if top:
                top_in_tasks = bool(_TASK_SECTION.search(text)) and not _NOT_TASK_SECTION.search(text)
                top_excluded = bool(_NOT_TASK_SECTION.search(text))
                in_tasks = top_in_tasks
            else:
                in_tasks = top_in_tasks or (
                    not top_excluded
                    and bool(_TASK_SECTION.search(text))
                    and not _NOT_TASK_SECTION.search(text)
                )
            section = clip(text, 100)
            continue
        if text.endswith(":") and len(text) < 300:
            continue
        blocks.append((section, in_tasks, [para]))
    tasks_only = any(flag for _, flag, _ in blocks)
    out = []
    for section, flag, paras in blocks:
        if tasks_only and not flag:
            continue
        for para in paras:
            text = para.text.strip()
            keep_any = requirements and flag and len(text.split()) >= 5
            if not (keep_any or verb.search(text) or verb_start.match(text)):
                continue
            start, end = doc.orig_span(para.start, para.end)
            out.append(TaskSpan(start, end, text, section))
    return out


def _engine_items(doc: Doc) -> list[TaskSpan] | None:
    try:
        from roviec.engine.tasks import find_tasks  # the shared extractor, when present
    except ImportError:
        return None
    items = find_tasks(doc.original)
    out = []
    for t in items:
        section = getattr(t, "section", "") or ""
        if not isinstance(section, str):  # a heading path, outermost first
            section = " › ".join(section)
        out.append(TaskSpan(t.offset, t.end, " ".join(t.text.split()), clip(section, 100)))
    return out
