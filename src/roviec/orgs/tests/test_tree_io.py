import datetime
import io

import pytest
from openpyxl import Workbook, load_workbook

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.orgs import services, tree_io
from roviec.orgs.models import OrgUnit


def _csv(text: str) -> bytes:
    return text.strip().encode("utf-8")


BAD_FILE = _csv("""
code,kind,name,short_name,aliases,parent_code,valid_from,valid_to
ban-to-chuc,advisory_body,Ban Tổ chức Tỉnh ủy,BTCTU,,tinh-uy,,
x1,khong-co,Đơn vị loại lạ,,,tinh-uy,,
x2,branch,,,,xa-an-thi,,
vptu,advisory_body,Văn phòng (trùng mã),,,tinh-uy,,
ban-to-chuc,advisory_body,Ban Tổ chức lần hai,,,tinh-uy,,
x3,branch,Chi bộ mồ côi,,,khong-ton-tai,,
x4,branch,Chi bộ vòng A,,,x5,,
x5,branch,Chi bộ vòng B,,,x4,,
x6,branch,Chi bộ ngày sai,,,xa-an-thi,31/02/2024,
x7,branch,Chi bộ ngày ngược,,,xa-an-thi,01/06/2024,01/01/2024
tinh-uy,provincial_committee,Tỉnh ủy Hưng Yên,TU,,chi-bo-thon-1,,
x 8,branch,Mã có dấu cách,,,xa-an-thi,,
""")


def _counts():
    return OrgUnit.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("dry_run", [True, False])
def test_import_reports_every_bad_row_with_its_reason_and_writes_nothing(province, dry_run):
    """An administrator sees every rejected row, column and reason at once; nothing is half-imported."""
    before = _counts()
    result = tree_io.import_tree(actor=province.users["admin"], data=BAD_FILE, filename="don-vi.csv",
                                 dry_run=dry_run)
    assert not result.ok and not result.applied
    found = {(p.row, p.column): p.message for p in result.problems}
    assert set(found) == {
        (3, "kind"), (4, "name"), (6, "code"), (7, "parent_code"), (8, "parent_code"), (9, "parent_code"),
        (10, "valid_from"), (11, "valid_to"), (12, "parent_code"), (13, "code"),
    }
    assert "Loại đơn vị không hợp lệ" in found[(3, "kind")]
    assert found[(4, "name")] == "Thiếu tên đơn vị."
    assert found[(6, "code")] == "Mã đơn vị bị trùng với dòng 2."
    assert "Không tìm thấy đơn vị cấp trên" in found[(7, "parent_code")]
    assert "vòng lặp" in found[(8, "parent_code")] and "vòng lặp" in found[(9, "parent_code")]
    assert "vòng lặp" in found[(12, "parent_code")]  # the root under its own grandchild
    assert "Ngày không hợp lệ" in found[(10, "valid_from")]
    assert found[(11, "valid_to")] == "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."
    assert [p.row for p in result.problems] == sorted(p.row for p in result.problems)
    assert _counts() == before


def test_dry_run_of_a_good_file_says_what_would_happen_and_writes_nothing(province):
    """Checking a file first shows how many units would be created or changed, without writing."""
    data = _csv("""
code,kind,name,parent_code
moi,branch,Chi bộ mới,xa-an-thi
xa-yen-my,commune_committee,Đảng ủy xã Yên Mỹ (mới),tinh-uy
""")
    before = _counts()
    result = tree_io.import_tree(actor=province.users["admin"], data=data, filename="a.csv", dry_run=True)
    assert result.ok and not result.applied
    assert (result.created, result.updated) == (1, 1)
    assert result.summary() == "Sẽ tạo mới 1, cập nhật 1, không đổi 0 đơn vị."
    assert _counts() == before


def test_import_creates_and_updates_by_code_with_parents_after_children_and_audits(province):
    """A real import creates new units, updates existing ones by code, and records who did it."""
    admin = province.users["admin"]
    data = _csv("""
Mã;Loại;Tên;Tên viết tắt;Tên gọi khác;Mã cấp trên;Hiệu lực từ;Hiệu lực đến
chi-bo-2;Chi bộ;Chi bộ thôn 2;;Chi bộ Thôn Hai;dang-bo-moi;01/01/2025;
dang-bo-moi;grassroots;Đảng bộ Công ty X;ĐB Cty X;"Đảng bộ Cty X; Đảng bộ X";xa-an-thi;2024-07-01;
chi-bo-thon-1;branch;Chi bộ thôn Một;;;dang-bo-moi;;31/12/2030
""")
    result = tree_io.import_tree(actor=admin, data=data, filename="don-vi.csv")
    assert result.applied, result.problems
    assert (result.created, result.updated) == (2, 1)
    new = OrgUnit.objects.get(code="dang-bo-moi")
    child = OrgUnit.objects.get(code="chi-bo-2")
    assert new.kind == OrgUnit.Kind.GRASSROOTS and new.aliases == ["Đảng bộ Cty X", "Đảng bộ X"]
    assert new.valid_from == datetime.date(2024, 7, 1)
    assert child.kind == OrgUnit.Kind.BRANCH and child.parent == new
    assert child.path == f"{new.path}{child.pk}/" and new.path.startswith(province.commune_a.path)
    moved = OrgUnit.objects.get(code="chi-bo-thon-1")
    assert moved.name == "Chi bộ thôn Một" and moved.parent == new and moved.path.startswith(new.path)
    assert moved.valid_to == datetime.date(2030, 12, 31)
    events = AuditEvent.objects.filter(object_type="orgs.orgunit", actor=admin)
    assert {(e.action, e.object_id) for e in events} == {
        ("create", str(new.pk)), ("create", str(child.pk)), ("update", str(moved.pk))}
    update = events.get(action="update")
    assert update.before["name"] == "Chi bộ thôn 1" and update.after["name"] == "Chi bộ thôn Một"


def test_a_row_with_more_cells_than_headers_is_rejected(province):
    """An unquoted ";" in a semicolon-separated file shifts the columns; the row is refused, not misread."""
    data = _csv("Mã;Loại;Tên;Tên gọi khác\nmoi;branch;Chi bộ mới;Tên A; Tên B")
    result = tree_io.import_tree(actor=province.users["admin"], data=data, filename="a.csv", dry_run=True)
    assert [(p.row, p.column) for p in result.problems] == [(2, "")]
    assert "ngoặc kép" in result.problems[0].message


def test_empty_parent_code_keeps_an_existing_units_parent(province):
    """Re-importing a subtree export (no parent codes above it) does not detach the subtree."""
    data = tree_io.export_csv(user=province.users["commune_a"])
    assert b"tinh-uy" not in data
    result = tree_io.import_tree(actor=province.users["admin"], data=data, filename="x.csv")
    assert result.applied and result.unchanged == 2
    province.commune_a.refresh_from_db()
    assert province.commune_a.parent == province.root


def test_only_tree_managers_may_import(province):
    """Staff of a unit cannot import the organisation tree, even a dry run."""
    data = _csv("code,kind,name\nmoi,branch,Chi bộ mới")
    for key in ("office", "commune_a"):
        with pytest.raises(PermissionDeniedError):
            tree_io.import_tree(actor=province.users[key], data=data, filename="a.csv", dry_run=True)


@pytest.mark.parametrize(("data", "filename", "message"), [
    (b"", "a.csv", "Tệp trống."),
    (_csv("ten,loai\nA,branch"), "a.csv", "Thiếu cột bắt buộc: Mã (code)."),
    (b"PK\x03\x04 not really a workbook", "a.xlsx", "Không đọc được tệp Excel"),
])
def test_unreadable_files_get_a_clear_message(province, data, filename, message):
    """A wrong or broken file is refused with a Vietnamese explanation."""
    with pytest.raises(ServiceError) as raised:
        tree_io.import_tree(actor=province.users["admin"], data=data, filename=filename, dry_run=True)
    assert raised.value.message.startswith(message)


def test_csv_round_trip_changes_nothing(province):
    """Exporting the tree and importing it back finds every unit unchanged."""
    services.unit_update(actor=None, unit=province.office, aliases=["VP Tỉnh ủy", "Văn phòng TU"],
                         valid_from=datetime.date(2020, 10, 1))
    services.unit_create(actor=None, code="cong-thuc", kind=OrgUnit.Kind.BRANCH, name="=1+1 Chi bộ",
                         parent=province.cell_a)
    admin = province.users["admin"]
    data = tree_io.export_csv(user=admin)
    assert b"01/10/2020" in data and "VP Tỉnh ủy; Văn phòng TU".encode() in data
    assert b",'=1+1" in data  # a spreadsheet must not run it as a formula
    result = tree_io.import_tree(actor=admin, data=data, filename="x.csv")
    assert result.ok and result.unchanged == OrgUnit.objects.count() and result.created == result.updated == 0


def test_xlsx_round_trip_keeps_every_value(province):
    """The Excel export reads back to the same rows, with dates as dates and text never as formulas."""
    services.unit_update(actor=None, unit=province.cell_a, aliases=["Chi bộ Thôn Một"],
                         valid_from=datetime.date(2021, 3, 5), valid_to=datetime.date(2026, 3, 4))
    services.unit_create(actor=None, code="cong-thuc", kind=OrgUnit.Kind.BRANCH, name="=SUM(A1:A2)",
                         parent=province.cell_a)
    admin = province.users["admin"]
    data = tree_io.export_xlsx(user=admin)
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.cell(row=1, column=1).value == "code"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    rows = tree_io.read_table(data, "x.xlsx")
    expected = tree_io.export_rows(user=admin)
    assert len(rows) == len(expected)
    for (_, read), wanted in zip(rows, expected, strict=True):
        for column in tree_io.COLUMNS:
            assert read.get(column) in (wanted[column], wanted[column] or ""), column
    result = tree_io.import_tree(actor=admin, data=data, filename="x.xlsx")
    assert result.ok and result.unchanged == OrgUnit.objects.count()


def test_xlsx_import_with_vietnamese_headers_and_date_cells(province):
    """An Excel sheet typed by hand, with Vietnamese headers and real date cells, imports."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã", "Loại", "Tên", "Mã cấp trên", "Hiệu lực từ", "Hiệu lực đến"])
    sheet.append(["chi-bo-3", "Chi bộ", "Chi bộ thôn 3", "xa-yen-my", datetime.datetime(2025, 1, 1), None])
    sheet.append([None, None, None, None, None, None])
    sheet.append([12, "branch", "Chi bộ số 12", "xa-yen-my", "01/02/2025", "2025-12-31"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = tree_io.import_tree(actor=province.users["admin"], data=buffer.getvalue(), filename="a.xlsx")
    assert result.applied, result.problems
    assert OrgUnit.objects.get(code="chi-bo-3").valid_from == datetime.date(2025, 1, 1)
    assert OrgUnit.objects.get(code="12").valid_to == datetime.date(2025, 12, 31)


def test_export_contains_only_visible_units(province):
    """A commune's export holds its own subtree and nothing of another commune or the province."""
    rows = tree_io.export_rows(user=province.users["commune_b"])
    assert [r["code"] for r in rows] == ["xa-yen-my"]
    assert rows[0]["parent_code"] == ""
    for export in (tree_io.export_csv, tree_io.export_xlsx):
        data = export(user=province.users["commune_b"])
        text = data.decode("utf-8-sig") if export is tree_io.export_csv else str(
            [c.value for row in load_workbook(io.BytesIO(data)).active.iter_rows() for c in row])
        assert "xa-yen-my" in text
        for hidden in ("xa-an-thi", "chi-bo-thon-1", "tinh-uy", "Ân Thi"):
            assert hidden not in text


def test_export_lists_parents_before_children(province):
    """An export can be imported into an empty system as it is."""
    codes = [r["code"] for r in tree_io.export_rows(user=province.users["admin"])]
    assert codes.index("tinh-uy") < codes.index("xa-an-thi") < codes.index("chi-bo-thon-1")


def test_command_line_import(province, tmp_path):
    """The command-line import works on a file path and reports problems line by line."""
    path = tmp_path / "don-vi.csv"
    path.write_bytes(_csv("code,kind,name,parent_code\nmoi,branch,,xa-an-thi"))
    result = tree_io.import_tree_file(path, dry_run=True)
    assert tree_io.format_problems(result) == ["dòng 2, cột Tên: Thiếu tên đơn vị."]
    path.write_bytes(_csv("code,kind,name,parent_code\nmoi,branch,Chi bộ mới,xa-an-thi"))
    assert tree_io.import_tree_file(path).applied
    assert AuditEvent.objects.get(object_type="orgs.orgunit", action="create",
                                  object_id=str(OrgUnit.objects.get(code="moi").pk)).actor_label == "hệ thống"
