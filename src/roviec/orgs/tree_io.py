"""Import and export of the organisation tree as CSV or XLSX.

Columns: code, kind, name, short_name, aliases (";"-separated), parent_code,
valid_from, valid_to; Vietnamese headers are accepted too. An import is checked
row by row first and every rejected row is reported with its reason; only a
file without problems is written, through ``unit_create``/``unit_update`` in one
transaction (all or nothing). A dry run goes as far as writing and then rolls
back, so it reports exactly what the real import would do.

An empty parent_code creates a top-level unit, but leaves an existing unit's
parent as it is: an export made by a user who sees only a subtree leaves the
hidden parents out, and importing it must not detach that subtree.
"""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.scoping import can_manage_unit_tree
from roviec.orgs import services
from roviec.orgs.models import OrgUnit
from roviec.orgs.naming import normalise

COLUMNS = ("code", "kind", "name", "short_name", "aliases", "parent_code", "valid_from", "valid_to")
COLUMN_LABELS = {
    "code": "Mã",
    "kind": "Loại",
    "name": "Tên",
    "short_name": "Tên viết tắt",
    "aliases": "Tên gọi khác",
    "parent_code": "Mã cấp trên",
    "valid_from": "Hiệu lực từ",
    "valid_to": "Hiệu lực đến",
    "": "(cả dòng)",
}
_HEADER_NAMES = {
    "code": ("code", "ma", "ma don vi"),
    "kind": ("kind", "loai", "loai don vi"),
    "name": ("name", "ten", "ten don vi", "ten chinh thuc"),
    "short_name": ("short_name", "short name", "ten viet tat"),
    "aliases": ("aliases", "ten goi khac", "ten khac"),
    "parent_code": ("parent_code", "parent code", "ma cap tren", "ma don vi cap tren"),
    "valid_from": ("valid_from", "valid from", "hieu luc tu", "tu ngay"),
    "valid_to": ("valid_to", "valid to", "hieu luc den", "den ngay"),
}
HEADER_LOOKUP = {name: column for column, names in _HEADER_NAMES.items() for name in names}
REQUIRED_COLUMNS = ("code", "kind", "name")
EXTRA_CELLS = "__extra_cells__"

MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
_CODE = re.compile(r"^[-a-zA-Z0-9_]+$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class RowProblem:
    row: int  # as numbered in a spreadsheet: the header is row 1
    column: str  # one of COLUMNS, or "" for the whole row or file
    value: str
    message: str

    @property
    def column_label(self) -> str:
        return COLUMN_LABELS.get(self.column, self.column)


@dataclass
class ImportRow:
    number: int
    code: str = ""
    kind: str = ""
    name: str = ""
    short_name: str = ""
    aliases: list[str] = field(default_factory=list)
    parent_code: str = ""
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    action: str = ""  # "create", "update" or "unchanged"
    changes: dict = field(default_factory=dict)

    @property
    def action_label(self) -> str:
        return {"create": "Tạo mới", "update": "Cập nhật", "unchanged": "Không đổi"}.get(self.action, "")


@dataclass
class ImportResult:
    rows: list[ImportRow]
    problems: list[RowProblem]
    dry_run: bool
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def summary(self) -> str:
        if self.problems:
            return f"{len(self.problems)} lỗi; chưa ghi gì vào hệ thống."
        verb = "Sẽ tạo mới" if self.dry_run else "Đã tạo mới"
        return f"{verb} {self.created}, cập nhật {self.updated}, không đổi {self.unchanged} đơn vị."


class _DryRunRollback(Exception):
    pass


# --- Reading files ------------------------------------------------------------

def _file_error(message: str) -> ServiceError:
    return ServiceError("import_file", message, {"file": [message]})


def _clean_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).strip()
    # Undo the quote an export puts before a value that looks like a formula.
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        text = text[1:]
    return text


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Windows' Vietnamese code page, still used by old Excel installations.
        return data.decode("cp1258")
    except UnicodeDecodeError:
        raise _file_error("Không đọc được tệp CSV: hãy lưu tệp với bảng mã UTF-8.") from None


def _read_csv(data: bytes) -> list[list]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    return [[_clean_cell(cell) for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _file_error("Không đọc được tệp Excel (.xlsx): tệp hỏng hoặc không đúng định dạng.") from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_clean_cell(cell) for cell in row])
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def read_table(data: bytes, filename: str = "") -> list[tuple[int, dict]]:
    """The data rows of a CSV or XLSX file as (row number, {column: value}), blank rows skipped."""
    if not data:
        raise _file_error("Tệp trống.")
    if len(data) > MAX_IMPORT_BYTES:
        raise _file_error(f"Tệp quá lớn (tối đa {MAX_IMPORT_BYTES // (1024 * 1024)} MB).")
    is_xlsx = data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm"))
    table = _read_xlsx(data) if is_xlsx else _read_csv(data)
    while table and not any(cell not in ("", None) for cell in table[0]):
        table.pop(0)
    if not table:
        raise _file_error("Tệp không có dữ liệu.")
    header = [HEADER_LOOKUP.get(normalise(str(cell))) for cell in table[0]]
    missing = [COLUMN_LABELS[c] + f" ({c})" for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise _file_error("Thiếu cột bắt buộc: " + ", ".join(missing) + ".")
    if len(table) - 1 > MAX_IMPORT_ROWS:
        raise _file_error(f"Tệp có quá nhiều dòng (tối đa {MAX_IMPORT_ROWS}).")
    rows = []
    for offset, cells in enumerate(table[1:], start=2):
        if not any(cell not in ("", None) for cell in cells):
            continue
        values = {}
        if any(cell not in ("", None) for cell in cells[len(header):]):
            values[EXTRA_CELLS] = True
        for column, cell in zip(header, cells, strict=False):
            if column is not None and column not in values:
                values[column] = cell
        rows.append((offset, values))
    return rows


# --- Checking rows ------------------------------------------------------------

def _kind_lookup() -> dict[str, str]:
    lookup = {}
    for value, label in OrgUnit.Kind.choices:
        lookup[normalise(value)] = value
        lookup[value] = value
        lookup[normalise(str(label))] = value
    return lookup


def parse_date(value) -> datetime.date | None:
    """A date written dd/mm/yyyy (or ISO yyyy-mm-dd), or an Excel date cell."""
    if value in ("", None):
        return None
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    if " " in text:  # "01/02/2020 00:00:00" from some spreadsheets
        text = text.split(" ", 1)[0]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _parse_row(number: int, values: dict, kinds: dict[str, str], problems: list[RowProblem]) -> ImportRow:
    row = ImportRow(number=number)

    def text(column: str) -> str:
        value = values.get(column, "")
        return value.isoformat() if isinstance(value, datetime.date) else str(value or "").strip()

    def problem(column: str, message: str) -> None:
        problems.append(RowProblem(number, column, text(column), message))

    if values.get(EXTRA_CELLS):
        problems.append(RowProblem(
            number, "", "", "Dòng có nhiều ô hơn số cột tiêu đề. Nếu một ô chứa dấu phân cách "
                            "(ví dụ dấu ; giữa các tên gọi khác), hãy đặt ô đó trong ngoặc kép."))
    row.code = text("code")
    if not row.code:
        problem("code", "Thiếu mã đơn vị.")
    elif len(row.code) > 64 or not _CODE.match(row.code):
        problem("code", "Mã đơn vị chỉ gồm chữ cái không dấu, chữ số, dấu gạch ngang, gạch dưới "
                        "(tối đa 64 ký tự).")
    kind = text("kind")
    row.kind = kinds.get(kind) or kinds.get(normalise(kind), "")
    if not kind:
        problem("kind", "Thiếu loại đơn vị.")
    elif not row.kind:
        problem("kind", "Loại đơn vị không hợp lệ. Các loại hợp lệ: "
                        + "; ".join(f"{v} ({label})" for v, label in OrgUnit.Kind.choices) + ".")
    row.name = text("name")
    if not row.name:
        problem("name", "Thiếu tên đơn vị.")
    elif len(row.name) > 255:
        problem("name", "Tên đơn vị quá dài (tối đa 255 ký tự).")
    row.short_name = text("short_name")
    if len(row.short_name) > 100:
        problem("short_name", "Tên viết tắt quá dài (tối đa 100 ký tự).")
    row.aliases = [a.strip() for a in re.split(r"[;\n]", text("aliases")) if a.strip()]
    row.parent_code = text("parent_code")
    if row.parent_code and row.parent_code == row.code:
        problem("parent_code", "Đơn vị không thể là cấp trên của chính nó.")
    for column in ("valid_from", "valid_to"):
        try:
            setattr(row, column, parse_date(values.get(column)))
        except ValueError:
            problem(column, "Ngày không hợp lệ; hãy ghi theo dạng dd/mm/yyyy (ví dụ 01/07/2025).")
    if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
        problem("valid_to", "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.")
    return row


def _check_tree(rows: list[ImportRow], existing: dict[str, OrgUnit], problems: list[RowProblem]) -> dict:
    """Duplicate codes, unknown parents and cycles; returns the tree's parent map after import."""
    first_seen: dict[str, int] = {}
    for row in rows:
        if not row.code:
            continue
        if row.code in first_seen:
            problems.append(RowProblem(row.number, "code", row.code,
                                       f"Mã đơn vị bị trùng với dòng {first_seen[row.code]}."))
        else:
            first_seen[row.code] = row.number
    by_id = {unit.pk: unit for unit in existing.values()}
    parents = {code: by_id[unit.parent_id].code if unit.parent_id in by_id else ""
               for code, unit in existing.items()}
    file_rows = {row.code: row for row in rows if row.code and first_seen.get(row.code) == row.number}
    for code, row in file_rows.items():
        if row.parent_code:
            parents[code] = row.parent_code
        elif code not in existing:
            parents[code] = ""
    for row in file_rows.values():
        if row.parent_code and row.parent_code != row.code and row.parent_code not in parents:
            problems.append(RowProblem(
                row.number, "parent_code", row.parent_code,
                "Không tìm thấy đơn vị cấp trên có mã này (trong tệp hoặc trong hệ thống)."))
    for code, row in file_rows.items():
        if not row.parent_code or row.parent_code == code:
            continue
        chain, current = [code], parents.get(code, "")
        while current and current not in chain and current in parents:
            chain.append(current)
            current = parents[current]
        if current == code:
            problems.append(RowProblem(row.number, "parent_code", row.parent_code,
                                       "Mã cấp trên tạo thành vòng lặp: " + " → ".join([*chain, code]) + "."))
    return parents


def _plan_changes(row: ImportRow, unit: OrgUnit | None) -> None:
    if unit is None:
        row.action = "create"
        return
    wanted = {"kind": row.kind, "name": row.name, "short_name": row.short_name, "aliases": row.aliases,
              "valid_from": row.valid_from, "valid_to": row.valid_to}
    changes = {key: value for key, value in wanted.items() if getattr(unit, key) != value}
    if row.parent_code and (unit.parent is None or unit.parent.code != row.parent_code):
        changes["parent_code"] = row.parent_code
    row.changes = changes
    row.action = "update" if changes else "unchanged"


def _depth(code: str, parents: dict) -> int:
    depth, current, seen = 0, parents.get(code, ""), {code}
    while current and current not in seen:
        seen.add(current)
        depth += 1
        current = parents.get(current, "")
    return depth


def _apply(rows: list[ImportRow], parents: dict, *, actor) -> None:
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    for row in sorted(rows, key=lambda r: (_depth(r.code, parents), r.number)):
        if row.action == "unchanged":
            continue
        parent = units.get(row.parent_code) if row.parent_code else None
        try:
            if row.action == "create":
                units[row.code] = services.unit_create(
                    actor=actor, code=row.code, kind=row.kind, name=row.name, parent=parent,
                    short_name=row.short_name, aliases=row.aliases, valid_from=row.valid_from,
                    valid_to=row.valid_to)
            else:
                changes = {k: v for k, v in row.changes.items() if k != "parent_code"}
                if "parent_code" in row.changes:
                    changes["parent"] = parent
                units[row.code] = services.unit_update(actor=actor, unit=units[row.code], **changes)
        except ServiceError as error:
            column = next(iter(error.fields), "")
            raise _RowFailedError(RowProblem(row.number, "parent_code" if column == "parent" else column,
                                             "", error.message)) from error
        except ValidationError as error:
            field_name, messages = next(iter(error.message_dict.items())) if hasattr(error, "error_dict") \
                else ("", error.messages)
            column = field_name if field_name in COLUMNS else ""
            raise _RowFailedError(RowProblem(row.number, column, "", " ".join(messages))) from error


class _RowFailedError(Exception):
    def __init__(self, problem: RowProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def import_rows(*, actor, rows: list[tuple[int, dict]], dry_run: bool) -> ImportResult:
    """Check and (unless ``dry_run``) write already-read rows; see ``import_tree``."""
    if actor is not None and not can_manage_unit_tree(actor):
        raise PermissionDeniedError("Chỉ quản trị hệ thống được nhập cây tổ chức.")
    problems: list[RowProblem] = []
    kinds = _kind_lookup()
    parsed = [_parse_row(number, values, kinds, problems) for number, values in rows]
    existing = {unit.code: unit for unit in OrgUnit.objects.select_related("parent")}
    parents = _check_tree(parsed, existing, problems)
    for row in parsed:
        _plan_changes(row, existing.get(row.code))
    result = ImportResult(rows=parsed, problems=problems, dry_run=dry_run)
    if problems:
        result.problems.sort(key=lambda p: (p.row, COLUMNS.index(p.column) if p.column in COLUMNS else -1))
        return result
    try:
        with transaction.atomic():
            _apply(parsed, parents, actor=actor)
            if dry_run:
                raise _DryRunRollback
        result.applied = True
    except _DryRunRollback:
        pass
    except _RowFailedError as error:
        result.problems.append(error.problem)
    return result


def import_tree(*, actor, data: bytes, filename: str = "", dry_run: bool = False) -> ImportResult:
    """Import the organisation tree from a CSV or XLSX file's bytes.

    ``actor`` is the user doing it (must be allowed to manage the tree) or None
    for the command line. Raises ServiceError when the file itself is unreadable;
    row problems are returned in the result, and then nothing is written.
    """
    if actor is not None and not can_manage_unit_tree(actor):
        raise PermissionDeniedError("Chỉ quản trị hệ thống được nhập cây tổ chức.")
    return import_rows(actor=actor, rows=read_table(data, filename), dry_run=dry_run)


def import_tree_file(path, *, dry_run: bool = False) -> ImportResult:
    """For the command line (``roviec orgs import FILE [--dry-run]``): the system is the actor."""
    from pathlib import Path

    file_path = Path(path)
    return import_tree(actor=None, data=file_path.read_bytes(), filename=file_path.name, dry_run=dry_run)


def format_problems(result: ImportResult) -> list[str]:
    """One line per problem, for the command line."""
    return [f"dòng {p.row}, cột {p.column_label}: {p.message}"
            + (f" (giá trị: «{p.value}»)" if p.value else "") for p in result.problems]


# --- Export -------------------------------------------------------------------

def export_rows(*, user) -> list[dict]:
    """The units the user may see, parents before children, as export rows.

    A visible unit whose parent is hidden gets an empty parent_code: nothing
    outside the scope appears in an export, not even a code.
    """
    from roviec.orgs.selectors import unit_tree

    rows: list[dict] = []

    def walk(nodes, parent_code: str) -> None:
        for node in nodes:
            unit = node.unit
            rows.append({
                "code": unit.code,
                "kind": unit.kind,
                "name": unit.name,
                "short_name": unit.short_name,
                "aliases": "; ".join(unit.aliases or []),
                "parent_code": parent_code,
                "valid_from": unit.valid_from,
                "valid_to": unit.valid_to,
            })
            walk(node.children, unit.code)

    walk(unit_tree(user=user), "")
    return rows


def _safe_text(value: str) -> str:
    """Quote a value a spreadsheet would run as a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_csv(*, user) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export_rows(user=user):
        writer.writerow([
            value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else _safe_text(value or "")
            for value in (row[c] for c in COLUMNS)
        ])
    # The byte-order mark lets Excel open the file with Vietnamese letters intact.
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(*, user) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Đơn vị"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, row in enumerate(export_rows(user=user), start=2):
        for column_index, column in enumerate(COLUMNS, start=1):
            value = row[column]
            cell = sheet.cell(row=index, column=column_index)
            if isinstance(value, datetime.date):
                cell.value = value
                cell.number_format = "DD/MM/YYYY"
            else:
                cell.value = value or ""
                # A text cell, never a formula, whatever the text starts with.
                cell.data_type = "s"
    for column_cells, width in zip(sheet.columns, (18, 22, 45, 14, 30, 18, 12, 12), strict=False):
        sheet.column_dimensions[column_cells[0].column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(extension: str) -> str:
    return f"don-vi-{timezone.localdate():%Y%m%d}.{extension}"


__all__ = [
    "COLUMNS", "XLSX_MIME", "ImportResult", "ImportRow", "RowProblem", "export_csv", "export_filename",
    "export_rows", "export_xlsx", "format_problems", "import_rows", "import_tree", "import_tree_file",
    "parse_date", "read_table",
]
