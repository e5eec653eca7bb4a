"""Reading uploaded files: every supported format yields the text later stages index, and
every unsupported or hostile file yields one clear ReadError."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from roviec.docgen import DocBuilder, Note, Run
from roviec.engine.read import ReadError, ReadLimits, read_bytes, read_path
from roviec.engine.readers import legacy_vn

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
SENTENCES = [
    "Ban Thường vụ Tỉnh ủy kết luận như sau:",
    "Đảng viên được kiểm tra đã thể hiện tinh thần trách nhiệm, chủ động trong lãnh đạo.",
    "Thực hiện Quyết định số 418-QĐ/TU, ngày 17/4/2026 của Ban Thường vụ Tỉnh ủy.",
    "Cộng hòa xã hội chủ nghĩa Việt Nam; nước người được ưu tiên, khuyến khích.",
]
TEXT = "\n".join(SENTENCES) + "\n"


# -- TXT -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8", TEXT),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig", TEXT),
        (TEXT.encode("utf-16"), "utf-16", TEXT),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "utf-16", TEXT),
        (TEXT.replace("\n", "\r\n").encode("utf-8"), "utf-8", TEXT),
        (TEXT.replace("\n", "\r").encode("utf-8"), "utf-8", TEXT),
        (legacy_vn.encode(TEXT, "tcvn3"), "tcvn3", TEXT),
        (legacy_vn.encode(TEXT, "vni"), "vni", TEXT),
        (
            legacy_vn.encode("ĐẢNG CỘNG SẢN VIỆT NAM\n" + TEXT, "vni"),
            "vni",
            "ĐẢNG CỘNG SẢN VIỆT NAM\n" + TEXT,
        ),
        # TCVN3 has no capital toned letters; all-capital words are restored from context.
        (
            legacy_vn.encode("ĐẢNG CỘNG SẢN VIỆT NAM\n" + TEXT, "tcvn3"),
            "tcvn3",
            "ĐẢNG CỘNG SẢN VIỆT NAM\n" + TEXT,
        ),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16-le-bom",
        "utf16-be-bom",
        "crlf",
        "cr",
        "tcvn3",
        "vni",
        "vni-caps",
        "tcvn3-caps",
    ],
)
def test_text_files_decode_to_the_same_text(data, encoding, expected):
    """A note typed in any common Vietnamese encoding reads as the same Unicode text."""
    source = read_bytes(data, "ghi-chu.txt")
    assert source.text == expected
    assert source.format == "txt"
    assert source.encoding == encoding


def test_legacy_samples_look_like_what_people_see_in_notepad():
    """The tables agree with the well-known garbled forms of "Cộng hòa xã hội chủ nghĩa Việt Nam"."""
    phrase = "Cộng hòa xã hội chủ nghĩa Việt Nam"
    assert legacy_vn.encode(phrase, "tcvn3").decode("latin-1") == "Céng hßa x· héi chñ nghÜa ViÖt Nam"
    assert legacy_vn.encode(phrase, "vni").decode("latin-1") == "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_corpus_text_is_read_exactly_as_gold_offsets_expect(path):
    """Gold offsets index open(path, encoding='utf-8').read(); the reader returns that string."""
    assert read_path(path).text == path.open(encoding="utf-8").read()


def test_unknown_8bit_encoding_is_refused():
    """A Western-European 8-bit file is not silently turned into wrong Vietnamese."""
    data = "Le président a signé l'arrêté après la réunion du comité régional.".encode("cp1252") * 5
    with pytest.raises(ReadError, match="bảng mã"):
        read_bytes(data, "note.txt")


# -- DOCX ----------------------------------------------------------------------------------
def _docx_bytes(builder_or_document) -> bytes:
    stream = io.BytesIO()
    builder_or_document.save(stream)
    return stream.getvalue()


def _sample_builder() -> DocBuilder:
    builder = DocBuilder()
    builder.add_paragraph([Run("THÔNG BÁO", bold=True)], align="center")
    builder.add_paragraph(
        ["Kiểm tra 30 tổ chức đảng", Note("30 Ban Thường vụ Đảng ủy: các xã, phường."), " và 29 đảng viên."]
    )
    builder.add_paragraph(
        ["Mục tiêu đạt 100 m", Run("2", superscript=True), " sàn; ghi chú", Run("a", superscript=True)]
    )
    table = builder.document.add_table(rows=2, cols=3)
    rows = [("STT", "Nhiệm vụ", "Thời hạn"), ("1", "Rà soát quy chế", "Quý III/2026")]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    section = builder.document.sections[0]
    section.header.paragraphs[0].text = "ĐẦU TRANG LẶP LẠI"
    section.footer.paragraphs[0].text = "CHÂN TRANG 1"
    builder.add_paragraph("")
    builder.add_paragraph("Đoạn cuối.")
    return builder


def test_docx_body_tables_and_real_footnotes():
    """Paragraphs, a table and a real Word footnote come out in the documented shape."""
    source = read_bytes(_docx_bytes(_sample_builder()), "thong-bao.docx")
    assert source.format == "docx" and source.encoding is None
    assert source.text == (
        "THÔNG BÁO\n\n"
        "Kiểm tra 30 tổ chức đảng¹ và 29 đảng viên.\n\n"
        "Mục tiêu đạt 100 m² sàn; ghi chú^{a}\n\n"
        "STT | Nhiệm vụ | Thời hạn\n1 | Rà soát quy chế | Quý III/2026\n\n"
        "Đoạn cuối.\n\n"
        "¹ 30 Ban Thường vụ Đảng ủy: các xã, phường."
    )


def test_docx_headers_and_footers_are_left_out():
    source = read_bytes(_docx_bytes(_sample_builder()), "thong-bao.docx")
    assert "ĐẦU TRANG" not in source.text and "CHÂN TRANG" not in source.text


def test_docx_tracked_deletions_and_field_codes_are_left_out():
    """What Word shows is what we read: deleted revisions and field instructions are not text."""
    document = Document()
    paragraph = document.add_paragraph("Giữ lại")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraph._p.append(
        etree.fromstring(f'<w:del xmlns:w="{w}"><w:r><w:delText> XÓA</w:delText></w:r></w:del>')
    )
    paragraph._p.append(etree.fromstring(f'<w:r xmlns:w="{w}"><w:instrText> PAGE </w:instrText></w:r>'))
    paragraph._p.append(etree.fromstring(f'<w:ins xmlns:w="{w}"><w:r><w:t> thêm</w:t></w:r></w:ins>'))
    assert read_bytes(_docx_bytes(document), "x.docx").text == "Giữ lại thêm"


def test_docx_layout_tables_read_cell_by_cell():
    """The Party header table gives each line its own paragraph, left column first."""
    import datetime as dt

    from roviec.docgen import PartyDocument, Signature, build_party_document

    document = PartyDocument(
        superior="Tỉnh ủy Hưng Yên",
        issuer="Ban Thường vụ",
        symbol="571-TB/TU",
        place="Hưng Yên",
        date=dt.date(2026, 6, 5),
        type_name="Thông báo kết luận",
        title="về kết quả kiểm tra",
        signature=Signature("T/M Ban Thường vụ", "Phó Bí thư Thường trực", "Trần Quốc Toàn"),
        recipients=["Như trên,", "Lưu VPTU."],
    )
    text = read_bytes(_docx_bytes(build_party_document(document)), "tb.docx").text
    assert text.startswith(
        "TỈNH ỦY HƯNG YÊN\n\nBAN THƯỜNG VỤ\n\n*\n\nSố 571-TB/TU\n\n"
        "ĐẢNG CỘNG SẢN VIỆT NAM\n\nHưng Yên, ngày 05 tháng 06 năm 2026\n\nTHÔNG BÁO KẾT LUẬN"
    )
    assert text.endswith(
        "Nơi nhận:\n\n- Như trên,\n\n- Lưu VPTU.\n\n"
        "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n\nTrần Quốc Toàn"
    )


def _zip(entries: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return stream.getvalue()


def test_docx_zip_bomb_is_refused_before_inflating():
    """A small upload that inflates past the cap is refused instead of filling memory."""
    body = b"<w:document xmlns:w='x'><w:body>" + b" " * 5_000_000 + b"</w:body></w:document>"
    data = _zip({"word/document.xml": body, "[Content_Types].xml": b"<Types/>"})
    assert len(data) < 50_000
    with pytest.raises(ReadError, match="zip bomb"):
        read_bytes(data, "bom.docx", limits=ReadLimits(max_unzipped_bytes=1_000_000))


def test_docx_with_entity_declarations_is_refused():
    body = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>'
    with pytest.raises(ReadError, match="DTD"):
        read_bytes(_zip({"word/document.xml": body}), "x.docx")


# -- PDF -----------------------------------------------------------------------------------
def _pdf(pages: list[list[tuple]], encrypt: str | None = None) -> bytes:
    """A tiny PDF: each page a list of ("text", x, y, size), ("rule", x, y, width) or
    ("raised", text, size, rise) appended to the previous text."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for items in pages:
        ops = []
        for item in items:
            if item[0] == "rule":
                ops.append(f"{item[1]} {item[2]} {item[3]} 0.5 re f")
            elif item[0] == "raised":  # glued to the previous text, smaller and raised
                ops[-1] = ops[-1].replace(" Tj ET", f" Tj /F1 {item[2]} Tf {item[3]} Ts ({item[1]}) Tj ET")
            else:
                text, x, y, size = item
                escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"BT /F1 {size} Tf {x} {y} Td ({escaped}) Tj ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    data = bytes(out)
    if encrypt:
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
        writer.encrypt(user_password=encrypt, owner_password=encrypt + "-owner")
        stream = io.BytesIO()
        writer.write(stream)
        data = stream.getvalue()
    return data


WORDS = ["", "Alpha", "Bravo", "Charlie"]


def _report_page(number: int, note: bool) -> list[tuple]:
    items = [
        ("UBND TINH - BAO CAO KIEM DIEM", 200, 810, 9),  # running header
        (str(number), 290, 780, 11),  # page number at the top
        (f"{WORDS[number]} opens this page of the plan", 72, 720, 12),
        (f"with a marked phrase on {WORDS[number].lower()}", 72, 705, 12),
    ]
    if note:
        items.append(("raised", "1", 7, 5))  # a footnote mark glued to "phrase"
        items += [("rule", 72, 140, 120), ("1", 72, 126, 6), (" Note body about the plan.", 76, 122, 9)]
    return items


def test_pdf_drops_furniture_and_recovers_marks_and_notes():
    """Headers and page numbers vanish; a raised digit becomes ¹ and the note body follows the text."""
    data = _pdf([_report_page(1, note=True), _report_page(2, note=False), _report_page(3, note=False)])
    source = read_bytes(data, "bao-cao.pdf")
    assert source.format == "pdf"
    assert "UBND TINH" not in source.text
    assert "\n2\n" not in f"\n{source.text}\n" and "\n3\n" not in f"\n{source.text}\n"
    assert "with a marked phrase on alpha¹" in source.text
    assert source.text.endswith("¹ Note body about the plan.")
    assert source.text.index("Charlie opens") < source.text.index("¹ Note body")


def test_pdf_named_txt_is_read_as_pdf():
    source = read_bytes(_pdf([[("Hello plan", 72, 700, 12)]]), "wrong-name.txt")
    assert source.format == "pdf" and source.text == "Hello plan"
    assert any("PDF" in w for w in source.warnings)


@pytest.mark.parametrize(
    ("data", "filename", "limits", "reason"),
    [
        (b"", "rong.txt", None, "Tệp rỗng"),
        (b"  \n\t\n", "rong.txt", None, "Tệp rỗng"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "cu.doc", None, r"\.doc"),
        (_zip({"readme.txt": b"hello"}), "a.docx", None, "word/document.xml"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "scan.png", None, "OCR"),
        (b"PK\x03\x04 broken", "hong.docx", None, "hỏng"),
        (b"%PDF-1.4\n garbage", "hong.pdf", None, "PDF"),
        (_pdf([[]]), "scan.pdf", None, "OCR"),
        (_pdf([[("secret plan", 72, 700, 12)]], encrypt="mat-khau"), "kin.pdf", None, "mật khẩu"),
        (
            _pdf([[("a", 72, 700, 12)], [("b", 72, 700, 12)]]),
            "dai.pdf",
            ReadLimits(max_pdf_pages=1),
            "giới hạn",
        ),
        (b"x" * 2000, "to.txt", ReadLimits(max_file_bytes=1000), "quá lớn"),
        (bytes(range(256)) * 4, "rac.bin", None, "nhị phân"),
    ],
    ids=[
        "empty",
        "blank",
        "doc",
        "zip",
        "png",
        "bad-zip",
        "bad-pdf",
        "scanned",
        "encrypted",
        "pages",
        "size",
        "binary",
    ],
)
def test_unsupported_or_hostile_files_give_one_clear_error(data, filename, limits, reason):
    with pytest.raises(ReadError, match=reason) as info:
        read_bytes(data, filename, limits=limits)
    assert str(info.value).startswith(f"{filename}: ")
    assert "\n" not in info.value.reason


def test_read_path_reports_the_path(tmp_path):
    path = tmp_path / "rong.txt"
    path.write_bytes(b"")
    with pytest.raises(ReadError) as info:
        read_path(path)
    assert info.value.path == str(path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"\xef\xbb\xbf", b"\xff\xfe", b"{\\rtf1"]),
    body=st.binary(max_size=2048),
)
def test_random_bytes_never_raise_anything_but_read_error(prefix, body):
    """Whatever is uploaded, the reader either returns text or a ReadError — never a crash."""
    try:
        source = read_bytes(prefix + body, "upload.bin")
    except ReadError as exc:
        assert exc.reason and "\n" not in exc.reason
    else:
        assert source.text.strip()
