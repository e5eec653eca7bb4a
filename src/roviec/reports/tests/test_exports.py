"""Status reports as DOCX (Party layout, real footnotes) and XLSX, equal to the dashboard and scoped."""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document as open_docx
from openpyxl import load_workbook

from roviec.reports import selectors
from roviec.reports.periods import make_period
from roviec.reports.selectors import ReportFilters

pytestmark = pytest.mark.django_db
SHEETS = ["Tổng hợp theo đơn vị", "Quá hạn", "Sắp đến hạn", "Xếp hạng"]


@pytest.fixture
def login(client, province):
    def as_(key):
        client.force_login(province.users[key])
        return client
    return as_


def _workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(response.content))


def _table(sheet):
    return [row for row in sheet.iter_rows(min_row=4, values_only=True) if any(v is not None for v in row)]


def test_xlsx_totals_equal_the_dashboard(province, followup, login):
    """The workbook's totals, overdue and due-soon lists equal the dashboard's figures for the filters."""
    client = login("office")
    params = {"period": "all"}
    board = client.get(reverse("reports:dashboard"), params).context["board"]
    book = _workbook(client.get(reverse("reports:export_xlsx"), params))
    assert book.sheetnames == SHEETS
    summary = _table(book["Tổng hợp theo đơn vị"])
    total_row = summary[-1]
    t = board.total
    assert total_row[0] == "Cộng"
    assert list(total_row[1:]) == [t.total, t.done_on_time, t.done_late, t.within_deadline, t.overdue,
                                   t.suspended, t.cancelled, t.due, t.on_time_percent]
    for column in range(1, 9):
        assert sum(row[column] for row in summary[:-1]) == total_row[column]
    assert len(_table(book["Quá hạn"])) == t.overdue == 3
    assert [row[5] for row in _table(book["Quá hạn"])] == [30, 3, 1]
    assert len(_table(book["Sắp đến hạn"])) == board.due_soon_counts[30]
    ranking = _table(book["Xếp hạng"])
    assert ranking[0][1] == "Đảng ủy xã Yên Mỹ" and ranking[0][0] == 1


def test_xlsx_follows_filters(province, followup, login):
    """Filtering by document gives the document's figures in the workbook too."""
    client = login("office")
    params = {"period": "all", "source_document": followup.document.pk}
    expected = selectors.dashboard(user=province.users["office"], filters=ReportFilters(
        source_document=followup.document, period=make_period("all", 2026))).total
    book = _workbook(client.get(reverse("reports:export_xlsx"), params))
    total_row = _table(book["Tổng hợp theo đơn vị"])[-1]
    assert total_row[1] == expected.total == 2


def test_xlsx_is_scoped(province, followup, login):
    """A commune's workbook holds nothing from another commune, even when it asks for it."""
    client = login("commune_a")
    response = client.get(reverse("reports:export_xlsx"), {"period": "all", "unit": province.commune_b.pk})
    book = _workbook(response)
    text = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert "Yên Mỹ" not in text and "Nhiệm vụ o1" not in text and "Nhiệm vụ b" not in text
    assert _table(book["Tổng hợp theo đơn vị"])[-1][1] == 5


def test_docx_is_a_party_report_with_footnotes_listing_late_units(province, followup, login):
    """The DOCX opens in Word's reader, follows the Party layout and lists late units in real footnotes."""
    response = login("office").get(reverse("reports:export_docx"), {"period": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = open_docx(io.BytesIO(response.content))
    body = "\n".join(p.text for p in document.paragraphs)
    header = "\n".join(cell.text for table in document.tables for cell in table._cells)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "-BC/" in header and "ngày" in header
    assert "BÁO CÁO" in body and "tình hình thực hiện nhiệm vụ" in body
    assert "Quá hạn chưa hoàn thành: 3 nhiệm vụ." in body
    assert "Nơi nhận:" in header
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        footnotes = package.read("word/footnotes.xml").decode()
        main = package.read("word/document.xml").decode()
    assert main.count("<w:footnoteReference") == 2
    assert "Các đơn vị còn nhiệm vụ quá hạn" in footnotes
    for name in ("Đảng ủy xã Ân Thi (1 nhiệm vụ)", "Chi bộ thôn 1 (1 nhiệm vụ)",
                 "Văn phòng Tỉnh ủy (1 nhiệm vụ)"):
        assert name in footnotes
    assert "Các đơn vị có nhiệm vụ hoàn thành quá hạn: Đảng ủy xã Ân Thi (1 nhiệm vụ)." in footnotes
    part_names = [part.partname for part in document.part.package.iter_parts()]
    assert "/word/footnotes.xml" in part_names


def test_docx_is_scoped(province, followup, login):
    """A commune's report covers its own subtree only."""
    response = login("commune_a").get(reverse("reports:export_docx"), {"period": "all"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        text = package.read("word/document.xml").decode() + package.read("word/footnotes.xml").decode()
    assert "Yên Mỹ" not in text and "Văn phòng Tỉnh ủy (1" not in text
    assert "Chi bộ thôn 1" in text
