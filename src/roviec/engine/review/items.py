"""The tasks of a draft and the requirements of a superior document, as text spans.

Two sources behind one function: ``source="own"`` (default) takes the paragraphs of the
sections that assign work (NHIỆM VỤ, GIẢI PHÁP, TỔ CHỨC THỰC HIỆN, … YÊU CẦU) — or every
paragraph with a verb when a document has no such section; ``source="engine"`` uses
``roviec.engine.tasks.find_tasks`` (the shared task extractor) when it is installed.

Lower-level programmes often name the owner (and sometimes the deadline) once, above the
tasks: a sub-heading ("1. Văn phòng Đảng ủy:" then "- …" bullets; "B. ỦY BAN KIỂM TRA ĐẢNG
ỦY" then numbered tasks; "2. Hội Khuyến học xã có nhiệm vụ:"; "3. Đoàn Thanh niên phường
(thực hiện trong năm 2027):"), or a table — a group row ("I | ỦY BAN NHÂN DÂN XÃ | |") or
columns (Đơn vị chủ trì, Thời gian, Sản phẩm). Each task carries what it inherits in
``TaskSpan.given`` ({"owner": …, "deadline": …, "deliverable": …}); a heading's context ends
at the next heading or at a task numbered at the heading's level or above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from roviec.engine.review._text import Doc, clip, phrases
from roviec.engine.review.clarity import _patterns as _clarity_patterns
from roviec.engine.review.clarity import find_deadline

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
    # owner / deadline / deliverable given by the sub-heading, table group row or column
    given: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


# -- owners and deadlines given above the tasks -------------------------------------------

_MARKER = re.compile(
    r"^\s*(?:(?P<roman>[IVX]+)[.\-)]\s|(?P<upper>[A-ZĐ])[.)]\s|(?P<deep>\d+\.\d+)[.)]?\s|(?P<digit>\d+)[.)]\s?"
    r"|(?P<lower>[a-zđ])\)\s?|(?P<dash>[-–])\s?|(?P<plus>\+)\s?|(?P<dot>[•*·])\s?)"
)
_RANKS = {"roman": 0, "upper": 1, "digit": 2, "deep": 3, "lower": 4, "dash": 5, "plus": 6, "dot": 7}
UNMARKED = 99
_LEAD_IN = re.compile(
    r"^(?:đối với|trách nhiệm của|nhiệm vụ của|giao cho|giao|đề nghị|phân công|riêng)\s+", re.IGNORECASE
)
_OWNER_END = re.compile(
    r"\s*(?:[,(:;–]|\s-\s|\s(?:có nhiệm vụ|có trách nhiệm|thực hiện|hoàn thành|lãnh đạo|chỉ đạo|chủ trì|"
    r"phụ trách|chịu trách nhiệm|với các|gồm|tập trung|triển khai|làm đầu mối|như sau|các nội dung|"
    r"các việc|những việc|nhiệm vụ)(?!\w))",
    re.IGNORECASE,
)
# words after a head word that make it an ordinary word, not a body ("Tổ chức", "Ban hành")
_NOT_BODY = re.compile(
    r"^(?:tổ (?:chức|công tác)|ban hành|hội (?:nghị|thảo|viên|nhập)|đoàn (?:kết|viên|thể)|trường hợp|"
    r"phòng,? chống|phòng ngừa|đài thọ|báo cáo|thanh tra,|bộ phận\s+(?:còn|này))",
    re.IGNORECASE,
)
_EXTRA_HEADS = (
    "đảng ủy",
    "đảng uỷ",
    "chi bộ",
    "ban thường vụ",
    "thường trực",
    "lực lượng",
    "các chi bộ",
    "các đảng ủy",
    "các hội",
    "các đoàn thể",
    "mặt trận tổ quốc",
)


def _heads() -> tuple[str, ...]:
    return tuple(sorted({h.lower() for h in phrases("org_heads")} | set(_EXTRA_HEADS), key=len, reverse=True))


def marker_rank(text: str) -> int:
    m = _MARKER.match(text)
    if not m:
        return UNMARKED
    return _RANKS[m.lastgroup]


def _strip_marker(text: str) -> str:
    m = _MARKER.match(text)
    return text[m.end() :].strip() if m else text.strip()


def heading_owner(text: str) -> str | None:
    """The body a sub-heading, lead-in or table group row names ("1. Văn phòng Đảng ủy:",
    "II. ỦY BAN KIỂM TRA", "Hội Khuyến học xã có nhiệm vụ:"), or None."""
    body = _LEAD_IN.sub("", _strip_marker(text).rstrip(" :.")).strip()
    low = body.lower()
    if not low or _NOT_BODY.match(low) or _clarity_patterns()["generic"].match(body):
        return None
    if not any(low.startswith(h) and (len(low) == len(h) or not low[len(h)].isalnum()) for h in _heads()):
        return None
    end = _OWNER_END.search(body)
    owner = body[: end.start()] if end else body
    owner = " ".join(owner.split()[:14]).strip(" ,;")
    return owner if len(owner) >= 3 else None


@dataclass
class _Frame:
    rank: int
    owner: str | None
    deadline: str | None


def _given(frames: list[_Frame]) -> dict[str, str]:
    out: dict[str, str] = {}
    for frame in reversed(frames):
        if frame.owner and "owner" not in out:
            out["owner"] = frame.owner
        if frame.deadline and "deadline" not in out:
            out["deadline"] = frame.deadline
    return out


def _pop(frames: list[_Frame], rank: int, *, heading: bool = False) -> None:
    """End the contexts a new heading (or a task numbered at their level or above) closes; an
    unmarked heading's context ends only at the next heading."""
    frames[:] = [
        f
        for f in frames
        if not ((f.rank >= rank and (heading or f.rank != UNMARKED)) or (heading and f.rank == UNMARKED))
    ]


# -- tables (a Word table is read as one line per row, cells joined by " | ") ---------------

_ROLE_WORDS = (
    ("skip", re.compile(r"phối hợp|ghi chú|căn cứ", re.IGNORECASE)),
    ("number", re.compile(r"^(?:s[ốo]\s?)?tt$|^stt$|^số$", re.IGNORECASE)),
    ("deliverable", re.compile(r"sản phẩm|kết quả", re.IGNORECASE)),
    ("deadline", re.compile(r"thời gian|thời hạn|tiến độ|hoàn thành|thời điểm", re.IGNORECASE)),
    ("owner", re.compile(r"chủ trì|thực hiện|phụ trách|đơn vị|cơ quan|người", re.IGNORECASE)),
    ("content", re.compile(r"nội dung|nhiệm vụ|công việc|việc làm|tên", re.IGNORECASE)),
)
_GROUP_NUMBER = re.compile(r"^(?:[IVX]+|[A-ZĐ])\.?$")


def is_table_row(text: str) -> bool:
    return " | " in text or text.rstrip().endswith(" |") or text.lstrip().startswith("| ")


def _cells(text: str) -> list[str]:
    return [c.strip() for c in text.strip().strip("|").split("|")]


class _Table:
    def __init__(self) -> None:
        self.roles: list[str] | None = None
        self.group = _Frame(0, None, None)

    def header(self, cells: list[str]) -> bool:
        roles = []
        for cell in cells:
            role = next((r for r, pattern in _ROLE_WORDS if cell and pattern.search(cell)), "")
            roles.append(role)
        if sum(1 for r in roles if r) >= 2 and all(len(c) < 60 for c in cells):
            if "content" not in roles:
                free = [i for i, r in enumerate(roles) if not r]
                if free:
                    roles[free[0]] = "content"
            self.roles = roles
            return True
        return False

    def row(self, cells: list[str]) -> tuple[str, dict[str, str]] | None:
        """(task text, given) of a data row; a group row updates the context and gives None."""
        roles = self.roles
        if roles is not None and len(cells) < len(roles):  # empty last cells ("… | |") are cut off
            cells = cells + [""] * (len(roles) - len(cells))
        if roles is None or len(roles) != len(cells):
            longest = max(range(len(cells)), key=lambda i: len(cells[i]))
            roles = [""] * len(cells)
            roles[longest] = "content"
            if longest > 0 and len(cells[0]) <= 5:
                roles[0] = "number"
        content_at = (
            roles.index("content")
            if "content" in roles
            else max(range(len(cells)), key=lambda i: len(cells[i]))
        )
        content = cells[content_at]
        others = [c for i, c in enumerate(cells) if i != content_at and roles[i] != "number"]
        number = next((c for i, c in enumerate(cells) if roles[i] == "number"), "")
        if content and not any(others) and (_GROUP_NUMBER.match(number) or not number):
            if not (number and number.isdigit()):
                self.group = _Frame(0, heading_owner(content), find_deadline(content))
                return None
        given = _given([self.group])
        for i, cell in enumerate(cells):
            if i == content_at or not cell or cell in "-–—":
                continue
            role = roles[i]
            if role == "owner" and (heading_owner(cell) or len(cell) > 3):
                given["owner"] = cell
            elif role == "deadline" and find_deadline(cell):
                given["deadline"] = cell
            elif role == "deliverable":
                given["deliverable"] = cell
            elif not role:
                if find_deadline(cell) and len(cell) < 60:
                    given.setdefault("deadline", cell)
                elif heading_owner(cell):
                    given.setdefault("owner", cell)
        return content, given


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
    # (heading, is task section, paragraph span, text, given)
    blocks: list[tuple[str, bool, tuple[int, int], str, dict[str, str]]] = []
    section, in_tasks = "", False
    top_in_tasks = top_excluded = False
    frames: list[_Frame] = []
    table: _Table | None = None
    for number, para in enumerate(doc.paragraphs):
        text = para.text.strip()
        if not text:
            continue
        if _END_OF_BODY.match(text):
            break
        if _HEADER.match(text) or (number < 15 and text[0].islower() and not text.endswith((".", ";"))):
            continue
        if is_table_row(text.split("\n", 1)[0]):
            table = table or _Table()
            pos = para.start
            for line in para.text.split("\n"):
                start = pos
                pos = start + len(line) + 1
                if not line.strip() or not is_table_row(line):
                    continue
                cells = _cells(line)
                if table.roles is None and table.header(cells):
                    continue
                found = table.row(cells)
                if found and found[0]:
                    given = _given(frames) | found[1] | {"row": "1"}
                    blocks.append((section, in_tasks, (start, start + len(line)), found[0], given))
            continue
        table = None
        if _is_heading(text):
            rank = marker_rank(text)
            owner = heading_owner(text)
            top = _is_caps(text) or re.match(r"^[IVX]+[.-]\s", text)
            if top and owner and in_tasks:
                pass  # "B. ỦY BAN KIỂM TRA ĐẢNG ỦY" inside the task section: a sub-heading
            elif top:
                top_in_tasks = bool(_TASK_SECTION.search(text)) and not _NOT_TASK_SECTION.search(text)
                top_excluded = bool(_NOT_TASK_SECTION.search(text))
                in_tasks = top_in_tasks
                frames.clear()
                owner = None
            else:
                in_tasks = top_in_tasks or (
                    not top_excluded
                    and bool(_TASK_SECTION.search(text))
                    and not _NOT_TASK_SECTION.search(text)
                )
            _pop(frames, rank, heading=True)
            frames.append(_Frame(rank, owner, find_deadline(text) if owner else None))
            section = clip(text, 100)
            continue
        if text.endswith(":") and len(text) < 300:
            rank = marker_rank(text)
            owner = heading_owner(text)
            _pop(frames, rank, heading=True)
            frames.append(_Frame(rank, owner, find_deadline(text) if owner else None))
            continue
        _pop(frames, marker_rank(text))
        blocks.append((section, in_tasks, (para.start, para.end), text, _given(frames)))
    tasks_only = any(flag for _, flag, _, _, _ in blocks)
    out = []
    for section, flag, (a, b), text, given in blocks:
        if tasks_only and not flag:
            continue
        # a numbered or bulleted item of a task section is a task whatever its verb, and so is
        # a numbered item of a superior without task sections (a directive's "… yêu cầu:" list)
        listed = marker_rank(text) != UNMARKED
        wanted = (flag and (requirements or listed)) or (requirements and listed and not tasks_only)
        keep_any = (wanted and len(text.split()) >= 5) or given.pop("row", None)
        if not (keep_any or verb.search(text) or verb_start.match(text)):
            continue
        start, end = doc.orig_span(a, b)
        out.append(TaskSpan(start, end, text, section, given))
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
