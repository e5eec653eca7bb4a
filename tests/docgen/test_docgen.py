"""The DOCX writer produces files Word and LibreOffice open, with real footnotes and the Party layout."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from roviec.docgen import (
    DocBuilder,
    LineBreak,
    Note,
    Paragraph,
    PartyDocument,
    Run,
    Section,
    Signature,
    build_party_document,
    place_and_date,
)
from roviec.engine.read import read_bytes

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NOTICE = PartyDocument(
    superior="Tỉnh ủy Hưng Yên",
    issuer="Ban Thường vụ",
    symbol="571-TB/TU",
    place="Hưng Yên",
    date=dt.date(2026, 6, 5),
    type_name="Thông báo kết luận",
    title="về kết quả kiểm tra việc thực hiện Nghị quyết Đại hội Đảng bộ tỉnh",
    sections=[
        Section(
            "I. ƯU ĐIỂM",
            [
                Paragraph(
                    "Đoàn Kiểm tra theo Quyết định số 418-QĐ/TU đã kiểm tra 30 tổ chức đảng",
                    footnotes=["30 Ban Thường vụ Đảng ủy: Các cơ quan Đảng tỉnh, Công an tỉnh."],
                ),
                Paragraph(
                    ["và 29 đảng viên", Note("29 đồng chí đảng viên được kiểm tra."), " trong nhiệm kỳ."]
                ),
            ],
        ),
        Section("II. YÊU CẦU", [Paragraph("Các đảng ủy hoàn thành việc khắc phục trong tháng 8/2026.")]),
    ],
    signature=Signature("T/M Ban Thường vụ", "Phó Bí thư Thường trực", "Trần Quốc Toàn"),
    recipients=["Ủy ban Kiểm tra Trung ương (để báo cáo),", "Các đảng ủy trực thuộc Tỉnh ủy,", "Lưu VPTU."],
)


def _save(builder: DocBuilder) -> bytes:
    stream = io.BytesIO()
    builder.save(stream)
    return stream.getvalue()


def _notice_bytes() -> bytes:
    return _save(build_party_document(NOTICE))


def test_footnotes_part_is_wired_like_word_expects():
    """footnotes.xml exists with separators and bodies, and is declared and related."""
    data = _notice_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        footnotes = zf.read("word/footnotes.xml").decode("utf-8")
        document = zf.read("word/document.xml").decode("utf-8")
        rels = zf.read("word/_rels/document.xml.rels").decode("utf-8")
        types = zf.read("[Content_Types].xml").decode("utf-8")
        styles = zf.read("word/styles.xml").decode("utf-8")
        settings = zf.read("word/settings.xml").decode("utf-8")
    assert (
        'w:type="separator" w:id="-1"' in footnotes and 'w:type="continuationSeparator" w:id="0"' in footnotes
    )
    assert "30 Ban Thường vụ Đảng ủy: Các cơ quan Đảng tỉnh, Công an tỉnh." in footnotes
    assert "29 đồng chí đảng viên được kiểm tra." in footnotes
    body_ids = re.findall(r'<w:footnoteReference w:id="(\d+)"', document)
    note_ids = re.findall(r'<w:footnote w:id="(\d+)"', footnotes)
    assert body_ids == note_ids == ["1", "2"]
    assert "relationships/footnotes" in rels and 'Target="footnotes.xml"' in rels
    assert 'PartName="/word/footnotes.xml"' in types and "footnotes+xml" in types
    assert 'w:styleId="FootnoteText"' in styles and 'w:styleId="FootnoteReference"' in styles
    assert '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>' in settings


def test_add_footnote_returns_sequential_numbers_and_escapes_text():
    builder = DocBuilder()
    paragraph = builder.add_paragraph("Văn bản")
    assert builder.add_footnote(paragraph, "Chú thích <một> & hai") == 1
    assert builder.add_footnote(builder.add_paragraph("Đoạn hai"), "Ba") == 2
    data = _save(builder)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "Chú thích &lt;một&gt; &amp; hai" in zf.read("word/footnotes.xml").decode("utf-8")
    assert read_bytes(data, "x.docx").text == "Văn bản¹\n\nĐoạn hai²\n\n¹ Chú thích <một> & hai\n\n² Ba"


def test_document_without_notes_has_no_footnotes_part():
    data = _save(DocBuilder())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "word/footnotes.xml" not in zf.namelist()


def test_party_layout_elements():
    """Header table, type name, title, headings, signature and recipients follow HD 36."""
    document = Document(io.BytesIO(_notice_bytes()))
    section = document.sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    sizes += [section.left_margin, section.right_margin]
    assert [round(size.mm) for size in sizes] == [210, 297, 20, 20, 30, 15]  # A4, HD 36 margins
    assert document.styles["Normal"].font.name == "Times New Roman"
    header, signature_table = document.tables
    left, right = header.rows[0].cells
    assert [p.text for p in left.paragraphs] == ["TỈNH ỦY HƯNG YÊN", "BAN THƯỜNG VỤ", "*", "Số 571-TB/TU"]
    party, date = right.paragraphs
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.runs[0].bold and party.runs[0].underline
    assert date.text == "Hưng Yên, ngày 05 tháng 06 năm 2026" and date.runs[0].italic
    paragraphs = {p.text: p for p in document.paragraphs}
    type_name = paragraphs["THÔNG BÁO KẾT LUẬN"]
    assert type_name.alignment == WD_ALIGN_PARAGRAPH.CENTER and type_name.runs[0].bold
    assert paragraphs[NOTICE.title].runs[0].bold
    assert paragraphs["I. ƯU ĐIỂM"].runs[0].bold
    recipients, signer = signature_table.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:" and recipients.paragraphs[0].runs[0].underline
    assert recipients.paragraphs[-1].text == "- Lưu VPTU."
    assert signer.paragraphs[0].text == "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC"
    assert signer.paragraphs[-1].text == "Trần Quốc Toàn"


def test_party_document_reads_back_through_the_engine():
    """What we write, our reader reads: layout lines, body, signature and both footnotes."""
    text = read_bytes(_notice_bytes(), "tb.docx").text
    assert "Số 571-TB/TU\n\nĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "kiểm tra 30 tổ chức đảng¹\n\nvà 29 đảng viên² trong nhiệm kỳ." in text
    assert text.endswith(
        "Trần Quốc Toàn\n\n¹ 30 Ban Thường vụ Đảng ủy: Các cơ quan Đảng tỉnh, Công an tỉnh.\n\n"
        "² 29 đồng chí đảng viên được kiểm tra."
    )


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 6, 5), "Hà Nội, ngày 05 tháng 06 năm 2026"),
        (dt.date(2026, 12, 17), "Hà Nội, ngày 17 tháng 12 năm 2026"),
    ],
)
def test_place_and_date_pads_day_and_month(date, expected):
    assert place_and_date("Hà Nội", date) == expected


def test_inline_items_line_breaks_and_superscripts():
    builder = DocBuilder()
    builder.add_paragraph(
        [Run("T/M BAN THƯỜNG VỤ", bold=True), LineBreak(), "PHÓ BÍ THƯ", Run("Huy", superscript=True)]
    )
    assert read_bytes(_save(builder), "x.docx").text == "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ^{Huy}"


def test_libreoffice_converts_the_notice_to_pdf(tmp_path):
    """The file is valid enough for LibreOffice, and the PDF keeps the footnotes as footnotes."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "thong-bao.docx"
    source.write_bytes(_notice_bytes())
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    pdf = (tmp_path / "thong-bao.pdf").read_bytes()
    text = read_bytes(pdf, "thong-bao.pdf").text
    folded = " ".join(text.split())
    assert "¹ 30 Ban Thường vụ Đảng ủy: Các cơ quan Đảng tỉnh, Công an tỉnh." in folded
    assert "² 29 đồng chí đảng viên được kiểm tra." in folded
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in folded and "Trần Quốc Toàn" in folded
