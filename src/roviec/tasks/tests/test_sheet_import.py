"""Offices import their Excel tracking sheets: columns by Vietnamese headers, merged cells, text dates."""

import datetime
import io
import subprocess
import sys

import pytest
from django.urls import reverse
from openpyxl import Workbook

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.tasks.models import Task
from roviec.tasks.sheet_import import import_task_sheet, parse_deadline

pytestmark = pytest.mark.django_db


def xlsx(rows, merges=(), title="Theo dõi") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for cell_range in merges:
        sheet.merge_cells(cell_range)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tracking_sheet() -> bytes:
    """A realistic sheet: a title, headers out of order and without diacritics in places, merged cells."""
    return xlsx(
        [
            ("BẢNG THEO DÕI THỰC HIỆN NHIỆM VỤ NĂM 2026",),  # row 1, merged A1:G1
            (),
            (
                "STT",
                "Noi dung nhiem vu",
                "Thời hạn hoàn thành",
                "Đơn vị chủ trì",
                "Đơn vị phối hợp",
                "Sản phẩm",
                "Ghi chú",
            ),  # row 3
            ("I", "LĨNH VỰC XÂY DỰNG ĐẢNG"),  # row 4, a section
            (
                1,
                "Quán triệt Nghị quyết Đại hội đến chi bộ",
                "30/6/2026",
                "xã Ân Thi",
                "UBKT Tỉnh ủy",
                "Báo cáo kết quả",
                "",
            ),  # row 5
            (
                2,
                "Kiện toàn tổ chức cơ sở đảng",
                "tháng 8/2026",
                None,
                "",
                "Quyết định kiện toàn",
                "Ưu tiên",
            ),  # row 6: lead unit merged from row 5
            (
                3,
                "Sơ kết công tác kiểm tra",
                "quý III/2026",
                "Đảng ủy xã Yên Mỹ",
                "Văn phòng Tỉnh ủy; UBKT Tỉnh ủy",
                "Báo cáo sơ kết",
                None,
            ),  # row 7
            (
                4,
                "Báo cáo tình hình tư tưởng",
                "Hằng quý, từ quý III/2026",
                "Đảng ủy xã Yên Mỹ",
                "",
                "Báo cáo",
                "",
            ),
            (
                5,
                "Tổ chức hội nghị",
                datetime.datetime(2026, 12, 15),
                "Văn phòng Tỉnh ủy",
                "",
                "",
                "Thường xuyên",
            ),
        ],
        merges=["A1:G1", "D5:D6"],
    )


def test_deadline_cells_are_read_like_documents():
    """Dates typed as text, Excel dates, quarters and months all become the last day due."""
    assert parse_deadline("30/6/2026") == (datetime.date(2026, 6, 30), "")
    assert parse_deadline("tháng 8/2026") == (datetime.date(2026, 8, 31), "")
    assert parse_deadline("quý III/2026") == (datetime.date(2026, 9, 30), "")
    assert parse_deadline("Trước ngày 15/7/2026") == (datetime.date(2026, 7, 14), "")
    assert parse_deadline("Hằng quý, từ quý III/2026") == (datetime.date(2026, 9, 30), "quarterly")
    assert parse_deadline(datetime.date(2026, 5, 1)) == (datetime.date(2026, 5, 1), "")
    assert parse_deadline("Thường xuyên") == (None, "")
    assert parse_deadline(46203) == (datetime.date(2026, 6, 30), "")
    for bad in ("sớm nhất có thể", "31/2/2026", "hằng quý"):
        with pytest.raises(ValueError):
            parse_deadline(bad)


def test_import_creates_every_task_with_merged_cells_sections_and_matched_units(province):
    """A clean sheet imports all rows: the merged lead unit, section as field, units matched to the tree."""
    result = import_task_sheet(
        actor=province.users["office"], data=tracking_sheet(), assigned_by_unit=province.root
    )
    assert result.problems == [] and result.applied and result.header_row == 3
    tasks = {t.content.split("\n")[0]: t for t in Task.objects.all()}
    assert len(tasks) == 5
    first = tasks["Quán triệt Nghị quyết Đại hội đến chi bộ"]
    assert first.lead_unit == province.commune_a and list(first.coordinating_units.all()) == [
        province.inspection
    ]
    assert first.deadline == datetime.date(2026, 6, 30) and first.field == "Lĩnh vực xây dựng đảng"
    assert first.authority_unit == province.root and first.source_clause == "Mục 1"
    second = tasks["Kiện toàn tổ chức cơ sở đảng"]
    assert second.lead_unit == province.commune_a and second.deadline == datetime.date(2026, 8, 31)
    assert second.content.endswith("Ghi chú: Ưu tiên")
    assert tasks["Sơ kết công tác kiểm tra"].coordinating_units.count() == 2
    recurring = tasks["Báo cáo tình hình tư tưởng"]
    assert recurring.recurrence == "quarterly" and recurring.due_date == datetime.date(2026, 9, 30)
    assert tasks["Tổ chức hội nghị"].deadline == datetime.date(2026, 12, 15)


def test_dry_run_lists_every_rejected_row_and_writes_nothing(province):
    """Every bad row is reported with its row, column and a Vietnamese reason; nothing is written."""
    data = xlsx(
        [
            ("Đơn vị chủ trì", "Nội dung", "Thời hạn", "STT"),
            ("xã Ân Thi", "Việc tốt", "30/6/2026", 1),  # row 2, fine
            ("Ban Không Tồn Tại", "Việc A", "30/6/2026", 2),  # row 3: unknown unit
            ("xã Ân Thi", "", "30/6/2026", 3),  # row 4: no content
            ("xã Ân Thi", "Việc C", "sớm nhất có thể", 4),  # row 5: unreadable deadline
            ("xã Ân Thi; xã Yên Mỹ", "Việc D", "31/12/2026", 5),  # row 6: two lead units
            ("xã Ân Thi", "Việc tốt", "30/6/2026", 6),  # row 7: duplicate of row 2
        ]
    )
    result = import_task_sheet(
        actor=province.users["office"], data=data, assigned_by_unit=province.root, dry_run=True
    )
    problems = [(p.row, p.column_label) for p in result.problems]
    assert problems == [
        (3, "Đơn vị chủ trì"),
        (4, "Nội dung nhiệm vụ"),
        (5, "Thời hạn"),
        (6, "Đơn vị chủ trì"),
        (7, "Nội dung nhiệm vụ"),
    ]
    messages = [p.message for p in result.problems]
    assert "Không tìm thấy đơn vị “Ban Không Tồn Tại”" in messages[0]
    assert "Trùng với dòng 2" in messages[4]
    assert Task.objects.count() == 0 and not result.applied
    assert "chưa nhập nhiệm vụ nào" in result.summary()


def test_dry_run_of_a_clean_sheet_writes_nothing_then_import_is_idempotent(province):
    """A clean dry run says what would be imported; a second real import is refused as duplicate."""
    dry = import_task_sheet(
        actor=province.users["office"], data=tracking_sheet(), assigned_by_unit=province.root, dry_run=True
    )
    assert dry.ok and not dry.applied and Task.objects.count() == 0 and dry.summary() == "Sẽ nhập 5 nhiệm vụ."
    import_task_sheet(actor=province.users["office"], data=tracking_sheet(), assigned_by_unit=province.root)
    again = import_task_sheet(
        actor=province.users["office"], data=tracking_sheet(), assigned_by_unit=province.root
    )
    assert len(again.problems) == 5 and "đã có trong hệ thống" in again.problems[0].message
    assert Task.objects.count() == 5


def test_two_row_header_and_scope(province):
    """ "Đơn vị" over "Chủ trì | Phối hợp" is understood; a commune cannot import for the province."""
    data = xlsx(
        [
            ("TT", "Nhiệm vụ", "Đơn vị", "Đơn vị", "Thời gian"),
            ("", "", "Chủ trì", "Phối hợp", ""),
            ("(1)", "(2)", "(3)", "(4)", "(5)"),
            (1, "Rà soát đảng viên", "xã Yên Mỹ", "xã Ân Thi", "quý 4/2026"),
        ],
        merges=["A1:A2", "B1:B2", "C1:D1", "E1:E2"],
    )
    result = import_task_sheet(actor=province.users["office"], data=data, assigned_by_unit=province.root)
    assert result.ok, result.problems
    task = Task.objects.get()
    assert task.lead_unit == province.commune_b and list(task.coordinating_units.all()) == [
        province.commune_a
    ]
    assert task.deadline == datetime.date(2026, 12, 31)
    with pytest.raises(PermissionDeniedError):
        import_task_sheet(actor=province.users["commune_a"], data=data, assigned_by_unit=province.root)


def test_unreadable_files_are_refused_clearly(province):
    """Not an XLSX, or no recognisable header: one clear message, nothing written."""
    for data, words in (
        (b"STT,Noi dung\n1,x\n", "Chỉ nhập được tệp Excel"),
        (xlsx([("a", "b"), (1, 2)]), "Không tìm thấy dòng tiêu đề"),
    ):
        with pytest.raises(ServiceError) as error:
            import_task_sheet(actor=province.users["office"], data=data, assigned_by_unit=province.root)
        assert words in error.value.message


def test_import_page_dry_run_then_confirm(province, client):
    """The page checks the upload, shows the table, and imports on confirmation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(province.users["office"])
    url = reverse("tasks:import")
    assert client.get(url).status_code == 200
    bad = xlsx(
        [("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"), (1, "Việc", "Ban Ma", "30/6/2026")]
    )
    html = client.post(
        url, {"file": SimpleUploadedFile("a.xlsx", bad), "assigned_by_unit": province.root.pk}
    ).content.decode()
    assert 'id="import-problems"' in html and "Ban Ma" in html and 'id="import-confirm"' not in html
    html = client.post(
        url, {"file": SimpleUploadedFile("b.xlsx", tracking_sheet()), "assigned_by_unit": province.root.pk}
    ).content.decode()
    assert 'id="import-preview"' in html and "Xác nhận nhập 5 nhiệm vụ" in html
    assert Task.objects.count() == 0
    token = client.session["tasks_sheet_import"]["token"]
    response = client.post(
        url, {"confirm": token, "assigned_by_unit": province.root.pk, "source_document": ""}
    )
    assert response.status_code == 302 and Task.objects.count() == 5
    response = client.post(url, {"confirm": token, "assigned_by_unit": province.root.pk})
    assert "hết hạn" in response.content.decode() and Task.objects.count() == 5


def test_cli_import(province, tmp_path, capsys):
    """`roviec tasks import FILE --dry-run --assigned-by CODE` reports; without --dry-run it imports."""
    from roviec.cli_commands import tasks as command

    path = tmp_path / "theo-doi.xlsx"
    path.write_bytes(tracking_sheet())
    parser = _parser(command)
    assert (
        command.run(
            parser.parse_args(
                ["tasks", "import", str(path), "--dry-run", "--assigned-by", "tinh-uy", "--user", "vanphong"]
            )
        )
        == 0
    )
    assert "Sẽ nhập 5 nhiệm vụ" in capsys.readouterr().out and Task.objects.count() == 0
    assert (
        command.run(
            parser.parse_args(
                ["tasks", "import", str(path), "--assigned-by", "khong-co", "--user", "vanphong"]
            )
        )
        == 2
    )
    assert "không có đơn vị mã" in capsys.readouterr().err
    assert command.run(parser.parse_args(["tasks", "import", str(path), "--assigned-by", "tinh-uy"])) == 0
    assert Task.objects.count() == 5 and Task.objects.first().created_by.username == "admin"
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(xlsx([("STT", "Nội dung", "Đơn vị chủ trì"), (1, "Việc", "Ban Ma")]))
    assert command.run(parser.parse_args(["tasks", "import", str(bad), "--assigned-by", "tinh-uy"])) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"roviec tasks: {bad}: dòng 2, cột Đơn vị chủ trì:")


def _parser(command):
    import argparse

    parser = argparse.ArgumentParser(prog="roviec")
    command.add_parser(parser.add_subparsers(dest="command"))
    return parser


def test_cli_missing_file_is_one_line():
    """A missing file is one line on stderr and a non-zero exit, never a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "roviec.cli", "tasks", "import", "/nonexistent.xlsx", "--assigned-by", "x"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "roviec tasks: /nonexistent.xlsx: không tìm thấy tệp"
