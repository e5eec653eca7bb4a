"""Import tasks from the Excel tracking sheets offices keep today.

The common shape: STT, nội dung nhiệm vụ, đơn vị chủ trì, đơn vị phối hợp,
thời hạn, sản phẩm, ghi chú. Columns are found by their Vietnamese headers
(with or without diacritics, in any order, the header row anywhere in the first
rows, possibly over two rows); merged cells give their value to the whole
range; section rows ("I. LĨNH VỰC XÂY DỰNG ĐẢNG") become the tasks' field;
deadlines typed as text ("30/6/2026", "tháng 8/2026", "quý III/2026", "hằng
quý, từ quý III/2026") are read by ``roviec.engine.deadlines``; unit names are
matched to the tree by ``roviec.orgs.naming``.

Every row is checked first and every rejected row is reported (row number,
column, Vietnamese reason); only a sheet without problems is written, through
``task_create`` in one transaction. A dry run goes as far as writing and then
rolls back, so it reports exactly what the import would do.
"""

import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.db import transaction

from roviec.core import scoping
from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.text import fold
from roviec.engine.deadlines import find_deadlines
from roviec.engine.normalise import normalise as engine_normalise
from roviec.orgs.naming import normalise
from roviec.orgs.selectors import unit_matcher
from roviec.tasks import services
from roviec.tasks.models import Task

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 3000
HEADER_SEARCH_ROWS = 30

COLUMNS = ("number", "content", "lead_unit", "coordinating_units", "deadline", "deliverable", "note")
COLUMN_LABELS = {
    "number": "STT",
    "content": "Nội dung nhiệm vụ",
    "lead_unit": "Đơn vị chủ trì",
    "coordinating_units": "Đơn vị phối hợp",
    "deadline": "Thời hạn",
    "deliverable": "Sản phẩm",
    "note": "Ghi chú",
    "": "(cả dòng)",
}
# Folded headers as offices write them; matched whole first, then by the phrases below.
_HEADER_NAMES = {
    "number": ("stt", "tt", "so tt", "so thu tu", "thu tu"),
    "content": (
        "noi dung nhiem vu",
        "noi dung",
        "nhiem vu",
        "noi dung cong viec",
        "ten nhiem vu",
        "cong viec",
        "nhiem vu giai phap",
        "noi dung nhiem vu giai phap",
        "ten cong viec",
    ),
    "lead_unit": (
        "don vi chu tri",
        "chu tri",
        "co quan chu tri",
        "don vi thuc hien",
        "co quan thuc hien",
        "co quan don vi chu tri",
        "don vi chu tri thuc hien",
    ),
    "coordinating_units": (
        "don vi phoi hop",
        "phoi hop",
        "co quan phoi hop",
        "co quan don vi phoi hop",
        "don vi phoi hop thuc hien",
    ),
    "deadline": (
        "thoi han",
        "thoi han hoan thanh",
        "thoi gian hoan thanh",
        "han hoan thanh",
        "thoi gian",
        "tien do hoan thanh",
        "thoi gian thuc hien",
    ),
    "deliverable": (
        "san pham",
        "san pham dau ra",
        "ket qua san pham",
        "hinh thuc san pham",
        "san pham hoan thanh",
        "ket qua dau ra",
    ),
    "note": ("ghi chu",),
}
_HEADER_LOOKUP = {name: column for column, names in _HEADER_NAMES.items() for name in names}
# A longer header ("Thời hạn hoàn thành (dự kiến)") is recognised by the phrase it contains.
_HEADER_PHRASES = (
    ("phoi hop", "coordinating_units"),
    ("chu tri", "lead_unit"),
    ("thoi han", "deadline"),
    ("san pham", "deliverable"),
    ("ghi chu", "note"),
    ("noi dung", "content"),
)
_ROMAN = re.compile(r"^(?:[IVXLC]+|[A-Z])[.)]?$")
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")
_ONGOING = {"thuong xuyen", "lien tuc", "hang ngay", "ca nhiem ky", "trong nhiem ky", "ca nam"}
_NUMERIC_DATE = re.compile(r"(?<![\w/])(\d{1,2}\s?([/.\-])\s?\d{1,2}\s?\2\s?\d{4})")
_RECURRENCE_WORDS = re.compile(
    r"(?:h[ằà]ng|định kỳ|mỗi)\s+(?:tháng|quý|năm)|(?:bắt đầu từ|kể từ|từ)(?!\w)|[,;()]", re.IGNORECASE
)
_SECTION_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|[A-Z]|\d+)[.)]\s*")
_NAME_SEPARATORS = re.compile(r"\s*(?:[;\n]|,\s)\s*|^\s*[-+•]\s*")
_TASK_RECURRENCES = {"monthly", "quarterly", "half_yearly", "yearly"}
DEADLINE_HELP = "hãy ghi dạng 30/6/2026, tháng 8/2026 hoặc quý III/2026"


@dataclass(frozen=True)
class RowProblem:
    row: int  # as numbered in the spreadsheet
    column: str  # one of COLUMNS, or "" for the whole row or file
    value: str
    message: str

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column, self.column)


@dataclass
class SheetRow:
    number: int
    item: str = ""  # the STT as written
    content: str = ""
    lead_unit: object = None
    coordinating_units: list = field(default_factory=list)
    deadline: datetime.date | None = None
    recurrence: str = ""
    deadline_text: str = ""
    deliverable: str = ""
    note: str = ""
    section: str = ""
    task: Task | None = None


@dataclass
class SheetImportResult:
    rows: list[SheetRow]
    problems: list[RowProblem]
    dry_run: bool
    sheet_name: str = ""
    header_row: int = 0
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})

    def summary(self) -> str:
        if self.problems:
            return (
                f"{len(self.problems)} lỗi ở {self.rejected_rows} dòng; chưa nhập nhiệm vụ nào "
                "(tệp chỉ được nhập khi không còn lỗi)."
            )
        verb = "Sẽ nhập" if self.dry_run else "Đã nhập"
        return f"{verb} {len(self.rows)} nhiệm vụ."


class _DryRunRollback(Exception):
    pass


class _RowFailedError(Exception):
    def __init__(self, problem: RowProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _file_error(message: str) -> ServiceError:
    return ServiceError("import_file", message, {"file": [message]})


# --- reading the sheet -----------------------------------------------------------------


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return value
    return unicodedata.normalize("NFC", str(value)).strip()


def _text(value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value if value is not None else "").strip()


def _grid(sheet) -> list[list]:
    """The sheet's values, each merged range's value copied to all its cells."""
    if sheet.max_row > MAX_IMPORT_ROWS + HEADER_SEARCH_ROWS:
        raise _file_error(f"Bảng có quá nhiều dòng (tối đa {MAX_IMPORT_ROWS}).")
    grid = [[_clean(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    for merged in sheet.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else ""
        for r in range(merged.min_row - 1, min(merged.max_row, len(grid))):
            row = grid[r]
            for c in range(merged.min_col - 1, min(merged.max_col, len(row))):
                row[c] = top
    return grid


def header_column(label) -> str | None:
    key = normalise(_text(label))
    if not key:
        return None
    if key in _HEADER_LOOKUP:
        return _HEADER_LOOKUP[key]
    for phrase, column in _HEADER_PHRASES:
        if re.search(rf"\b{phrase}\b", key) and len(key) <= 60:
            return column
    return None


def _header_map(grid: list[list]) -> tuple[int, int, dict[str, int]] | None:
    """(header row index, first data row index, {column: index}) or None when no header is found."""
    for r, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        found: dict[str, int] = {}
        for c, cell in enumerate(row):
            column = header_column(cell)
            if column and column not in found:
                found[column] = c
        if "content" not in found or len(found) < 3:
            continue
        data_start = r + 1
        # A two-row header: "Đơn vị" merged over "Chủ trì" | "Phối hợp".
        if data_start < len(grid):
            below = grid[data_start]
            sub = {}
            for c, cell in enumerate(below):
                if len(_text(cell)) > 40:
                    continue
                column = header_column(cell)
                if (
                    column is None
                    and cell not in ("", None)
                    and row[c] not in ("", None)
                    and header_column(row[c]) is None
                ):
                    # "Đơn vị" over "Chủ trì": only a header that means nothing alone is completed.
                    column = header_column(f"{_text(row[c])} {_text(cell)}")
                if column:
                    sub[column] = c
            if sub and not any(isinstance(v, datetime.date) for v in below):
                for column, c in sub.items():
                    if column not in found or found[column] == c or grid[r][found[column]] == grid[r][c]:
                        found[column] = c
                data_start += 1
        return r, data_start, found
    return None


def read_sheet(data: bytes, filename: str = ""):
    """(sheet name, header row number, [(row number, {column: value})]); ServiceError if unreadable."""
    if not data:
        raise _file_error("Tệp trống.")
    if len(data) > MAX_IMPORT_BYTES:
        raise _file_error(f"Tệp quá lớn (tối đa {MAX_IMPORT_BYTES // (1024 * 1024)} MB).")
    if data[:4] != b"PK\x03\x04":
        raise _file_error(
            "Chỉ nhập được tệp Excel (.xlsx); tệp .xls cũ hãy mở bằng Excel và lưu lại dạng .xlsx."
        )
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _file_error("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không đúng định dạng.") from error
    try:
        for sheet in workbook.worksheets:
            grid = _grid(sheet)
            header = _header_map(grid)
            if header is None:
                continue
            header_index, data_start, columns = header
            rows = []
            for index in range(data_start, len(grid)):
                cells = grid[index]
                values = {column: cells[c] if c < len(cells) else "" for column, c in columns.items()}
                if not any(v not in ("", None) for v in values.values()):
                    continue
                if all(_COLUMN_NUMBER.match(_text(v)) for v in values.values() if v not in ("", None)):
                    continue  # the "(1) (2) (3)" row under a header
                rows.append((index + 1, values))
            return sheet.title, header_index + 1, rows
    finally:
        workbook.close()
    raise _file_error(
        "Không tìm thấy dòng tiêu đề. Bảng cần có ít nhất cột “Nội dung nhiệm vụ” và hai trong "
        "các cột “Đơn vị chủ trì”, “Đơn vị phối hợp”, “Thời hạn”, “Sản phẩm”, “STT”, “Ghi chú”."
    )


# --- reading cells ------------------------------------------------------------------------


def _find(text: str):
    phrase = _NUMERIC_DATE.sub(r"ngày \1", text)
    phrase = re.sub(r"(?i)ngày\s+ngày", "ngày", phrase)
    return find_deadlines(engine_normalise(f"Hoàn thành trong {phrase}."))


def parse_deadline(value) -> tuple[datetime.date | None, str]:
    """(deadline, recurrence) from a cell; ValueError with a Vietnamese message when unreadable.

    "Thường xuyên" (ongoing) has no deadline. "Hằng quý, từ quý III/2026" is a
    recurring task whose first occurrence is 30/09/2026.
    """
    if value in ("", None):
        return None, ""
    if isinstance(value, datetime.date):
        return value, ""
    if isinstance(value, int | float):
        if 20000 < value < 80000:  # an Excel date serial in a cell formatted as a number
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date(), ""
        raise ValueError(f"Thời hạn không phải là ngày; {DEADLINE_HELP}.")
    text = " ".join(str(value).split())
    if normalise(text) in _ONGOING:
        return None, ""
    deadlines, schedules = _find(text)
    recurrence = next((s.recurrence for s in schedules), None)
    if not deadlines and recurrence:
        # "Hằng quý, từ quý III/2026": read the first occurrence without the recurrence words.
        deadlines, _ = _find(_RECURRENCE_WORDS.sub(" ", text))
    dates = [d.normalized for d in deadlines]
    if deadlines and None in dates:
        raise ValueError("Ngày không có thật (kiểm tra ngày, tháng).")
    if not dates:
        if recurrence:
            raise ValueError("Nhiệm vụ định kỳ cần thời hạn của lần đầu (ví dụ “hằng quý, từ quý III/2026”).")
        raise ValueError(f"Không đọc được thời hạn; {DEADLINE_HELP}.")
    recurrence = recurrence or next((d.recurrence for d in deadlines if d.recurrence), None) or ""
    if recurrence and recurrence not in _TASK_RECURRENCES:
        raise ValueError("Chỉ nhận định kỳ hằng tháng, hằng quý hoặc hằng năm.")
    return min(dates), recurrence


def split_names(text: str) -> list[str]:
    return [part.strip(" .") for part in _NAME_SEPARATORS.split(text or "") if part and part.strip(" .")]


def _match_unit(matcher, name: str) -> tuple[object | None, str]:
    """(unit, "") or (None, reason)."""
    candidates = matcher.match(name, limit=3)
    if not candidates:
        return None, f"Không tìm thấy đơn vị “{name}” trong cây tổ chức (trong phạm vi của bạn)."
    best = candidates[0]
    if not best.certain:
        return None, f"Không chắc chắn đơn vị “{name}”: có phải “{best.unit.name}”? Hãy ghi đúng tên đơn vị."
    ties = [c for c in candidates if c.certain and c.score == best.score and c.unit.pk != best.unit.pk]
    if ties:
        names = ", ".join(c.unit.name for c in [best, *ties])
        return None, f"Tên “{name}” khớp nhiều đơn vị ({names}); hãy ghi rõ hơn."
    return best.unit, ""


def _section_title(values: dict) -> str | None:
    """The title of a section row ("I | LĨNH VỰC XÂY DỰNG ĐẢNG"), or None for a task row."""
    filled = [v for v in values.values() if v not in ("", None)]
    texts = {_text(v) for v in filled}
    if len(filled) >= 2 and len(texts) == 1:  # one cell merged across the row
        return _SECTION_NUMBER.sub("", texts.pop())
    item = _text(values.get("number"))
    rest = [values.get(c) for c in ("lead_unit", "coordinating_units", "deadline", "deliverable")]
    if item and _ROMAN.match(item) and all(v in ("", None) for v in rest):
        return _SECTION_NUMBER.sub("", _text(values.get("content")))
    return None


def _parse_rows(*, actor, rows, problems: list[RowProblem]) -> list[SheetRow]:
    matcher = unit_matcher(user=actor)
    parsed: list[SheetRow] = []
    section = ""
    for number, values in rows:

        def problem(column: str, message: str, number=number, values=values) -> None:
            problems.append(RowProblem(number, column, _text(values.get(column))[:200], message))

        title = _section_title(values)
        if title is not None:
            section = title[:120].strip()
            if section.isupper():
                section = section.capitalize()
            continue
        row = SheetRow(number=number, item=_text(values.get("number")), section=section)
        row.content = _text(values.get("content"))
        if not row.content:
            problem("content", "Thiếu nội dung nhiệm vụ.")
        row.note = _text(values.get("note"))
        row.deliverable = _text(values.get("deliverable"))
        lead_names = split_names(_text(values.get("lead_unit")))
        if len(lead_names) > 1:
            problem(
                "lead_unit", "Chỉ ghi một đơn vị chủ trì; đưa các đơn vị còn lại sang cột “Đơn vị phối hợp”."
            )
        elif lead_names:
            row.lead_unit, reason = _match_unit(matcher, lead_names[0])
            if reason:
                problem("lead_unit", reason)
            elif not scoping.can_assign_tasks_to(actor, row.lead_unit):
                problem("lead_unit", f"Bạn không có quyền giao nhiệm vụ cho {row.lead_unit.name}.")
        for name in split_names(_text(values.get("coordinating_units"))):
            unit, reason = _match_unit(matcher, name)
            if reason:
                problem("coordinating_units", reason)
            elif row.lead_unit is not None and unit.pk == row.lead_unit.pk:
                problem(
                    "coordinating_units", f"{unit.name} đã là đơn vị chủ trì, không ghi lại ở cột phối hợp."
                )
            elif unit not in row.coordinating_units:
                row.coordinating_units.append(unit)
        row.deadline_text = _text(values.get("deadline"))
        try:
            row.deadline, row.recurrence = parse_deadline(values.get("deadline"))
        except ValueError as error:
            problem("deadline", str(error))
        parsed.append(row)
    return parsed


def _task_content(row: SheetRow) -> str:
    return f"{row.content}\n\nGhi chú: {row.note}" if row.note else row.content


def _check_duplicates(rows: list[SheetRow], *, assigned_by_unit, problems: list[RowProblem]) -> None:
    seen: dict[tuple, int] = {}
    existing = {
        (fold(" ".join(content.split())), lead_id): pk
        for pk, content, lead_id in Task.objects.filter(
            assigned_by_unit=assigned_by_unit, cancelled_at__isnull=True
        ).values_list("pk", "content", "lead_unit_id")
    }
    for row in rows:
        if not row.content:
            continue
        key = (fold(" ".join(_task_content(row).split())), getattr(row.lead_unit, "pk", None))
        if key in seen:
            problems.append(
                RowProblem(
                    row.number,
                    "content",
                    row.content[:200],
                    f"Trùng với dòng {seen[key]} (cùng nội dung, cùng đơn vị chủ trì).",
                )
            )
        else:
            seen[key] = row.number
        if key in existing:
            problems.append(
                RowProblem(
                    row.number,
                    "content",
                    row.content[:200],
                    f"Nhiệm vụ này đã có trong hệ thống (mã {existing[key]}); "
                    "bỏ dòng này khỏi tệp để không nhập hai lần.",
                )
            )


def _apply(rows: list[SheetRow], *, actor, assigned_by_unit, source_document) -> None:
    for row in rows:
        try:
            row.task = services.task_create(
                actor=actor,
                assigned_by_unit=assigned_by_unit,
                content=_task_content(row),
                lead_unit=row.lead_unit,
                coordinating_units=row.coordinating_units,
                deadline=row.deadline,
                recurrence=row.recurrence,
                deliverable=row.deliverable,
                authority_unit=assigned_by_unit,
                source_document=source_document,
                source_clause=f"Mục {row.item}" if row.item else "",
                field=row.section,
            )
        except ServiceError as error:
            column = {
                "deadline": "deadline",
                "recurrence_until": "deadline",
                "lead_unit": "lead_unit",
                "coordinating_units": "coordinating_units",
                "deliverable": "deliverable",
                "content": "content",
            }.get(next(iter(error.fields or {}), ""), "")
            raise _RowFailedError(RowProblem(row.number, column, "", error.message)) from error


def import_task_sheet(
    *, actor, data: bytes, filename: str = "", assigned_by_unit, source_document=None, dry_run: bool = False
) -> SheetImportResult:
    """Check a tracking sheet and, unless ``dry_run`` or a row is rejected, create its tasks (all or nothing).

    Raises ServiceError when the file itself cannot be used (unreadable, no header,
    no permission to assign for ``assigned_by_unit``); row problems are in the result.
    """
    if assigned_by_unit is None:
        raise ServiceError(
            "assigned_by_required",
            "Vui lòng chọn đơn vị giao.",
            {"assigned_by_unit": ["Vui lòng chọn đơn vị giao."]},
        )
    if not scoping.can_assign_tasks_to(actor, assigned_by_unit):
        raise PermissionDeniedError("Bạn không có quyền giao nhiệm vụ thay cho đơn vị này.")
    if (
        source_document is not None
        and not scoping.visible_documents(actor).filter(pk=source_document.pk).exists()
    ):
        raise ServiceError(
            "document_not_found",
            "Không tìm thấy văn bản giao.",
            {"source_document": ["Không tìm thấy văn bản giao."]},
        )
    sheet_name, header_row, table = read_sheet(data, filename)
    if not table:
        raise _file_error("Bảng không có dòng nhiệm vụ nào dưới dòng tiêu đề.")
    problems: list[RowProblem] = []
    rows = _parse_rows(actor=actor, rows=table, problems=problems)
    if not rows and not problems:
        raise _file_error("Bảng không có dòng nhiệm vụ nào dưới dòng tiêu đề.")
    _check_duplicates(rows, assigned_by_unit=assigned_by_unit, problems=problems)
    result = SheetImportResult(
        rows=rows, problems=problems, dry_run=dry_run, sheet_name=sheet_name, header_row=header_row
    )
    if problems:
        order = {c: i for i, c in enumerate(COLUMNS)}
        problems.sort(key=lambda p: (p.row, order.get(p.column, -1)))
        return result
    try:
        with transaction.atomic():
            _apply(rows, actor=actor, assigned_by_unit=assigned_by_unit, source_document=source_document)
            if dry_run:
                raise _DryRunRollback
        result.applied = True
    except _DryRunRollback:
        for row in rows:
            row.task = None
    except _RowFailedError as error:
        result.problems.append(error.problem)
        for row in rows:
            row.task = None
    return result


def format_problems(result: SheetImportResult) -> list[str]:
    """One line per problem, for the command line."""
    return [
        f"dòng {p.row}, cột {p.column_label}: {p.message}" + (f" (giá trị: «{p.value}»)" if p.value else "")
        for p in result.problems
    ]
