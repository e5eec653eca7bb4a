"""Citations: every mention of a numbered document, Party and State style."""

from __future__ import annotations

import pytest

from roviec.engine import extract

CASES = [
    # text, [(type, symbol, date, issuer)]
    (
        "Căn cứ Quyết định số 215-QĐ/TU, ngày 03/9/2025 của Ban Thường vụ Tỉnh ủy về việc thành lập đoàn.",
        [("Quyết định", "215-QĐ/TU", "2025-09-03", "Ban Thường vụ Tỉnh ủy")],
    ),
    (
        "Thực hiện Chỉ thị số 12-CT/TW ngày 8 tháng 11 năm 2024 của Bộ Chính trị, Đảng ủy xã triển khai.",
        [("Chỉ thị", "12-CT/TW", "2024-11-08", "Bộ Chính trị")],
    ),
    (
        "theo Nghị định 45/2024/NĐ-CP, Nghị định 112/2025/NĐ-CP và Thông tư số 07/2025/TT-BNV.",
        [
            ("Nghị định", "45/2024/NĐ-CP", None, None),
            ("Nghị định", "112/2025/NĐ-CP", None, None),
            ("Thông tư", "07/2025/TT-BNV", None, None),
        ],
    ),
    (
        "Đảng ủy đã ban hành Kế hoạch: số 07-KH/ĐU, ngày 02/3/2026 về học tập; "
        "số 11-KH/ĐU, ngày 20-4-2026 về kiểm tra.",
        [("Kế hoạch", "07-KH/ĐU", "2026-03-02", None), ("Kế hoạch", "11-KH/ĐU", "2026-04-20", None)],
    ),
    (
        "UBND tỉnh có Công văn số 3150/UBND-KTTH ngày 14/7/2025 gửi các sở.",
        [("Công văn", "3150/UBND-KTTH", "2025-07-14", None)],
    ),
    (
        "theo quyết định số 134a/QĐ-UBND của Ủy ban nhân dân tỉnh Hà Tĩnh về quy hoạch",
        [("Quyết định", "134a/QĐ-UBND", None, "Ủy ban nhân dân tỉnh Hà Tĩnh")],
    ),
    (
        "Thông báo Kết luận số 20-TB/TW của Ban Bí thư được quán triệt đầy đủ.",
        [("Thông báo", "20-TB/TW", None, "Ban Bí thư")],
    ),
    (
        "thực hiện Chương trình hành động số 09-CTr/TU, ngày 15/01/2026 "
        "của Ban Chấp hành Đảng bộ tỉnh khóa XX về",
        [("Chương trình hành động", "09-CTr/TU", "2026-01-15", "Ban Chấp hành Đảng bộ tỉnh khóa XX")],
    ),
    (
        "Quyết định thành lập Đoàn kiểm tra số 77-QĐ/UBKTTU của Ủy ban Kiểm tra Tỉnh ủy.",
        [("Quyết định", "77-QĐ/UBKTTU", None, "Ủy ban Kiểm tra Tỉnh ủy")],
    ),
    ("Luật số 42/2024/QH15 có hiệu lực.", [("Luật", "42/2024/QH15", None, None)]),
    # State bodies named after their field keep their whole name as issuer
    (
        "Căn cứ Thông tư số 03/2025/TT-BNV ngày 02/01/2025 của Bộ Nội vụ hướng dẫn chế độ.",
        [("Thông tư", "03/2025/TT-BNV", "2025-01-02", "Bộ Nội vụ")],
    ),
    (
        "Thực hiện Kế hoạch số 21/KH-BGDĐT của Bộ Giáo dục và Đào tạo về chuyển đổi số.",
        [("Kế hoạch", "21/KH-BGDĐT", None, "Bộ Giáo dục và Đào tạo")],
    ),
    (
        "Công văn số 102/SKHCN-QLCN ngày 9/5/2026 của Sở Khoa học và Công nghệ tỉnh Bắc Ninh đề nghị.",
        [("Công văn", "102/SKHCN-QLCN", "2026-05-09", "Sở Khoa học và Công nghệ tỉnh Bắc Ninh")],
    ),
    # not citations: the document's own number, a bare number, a date alone
    ("Số 418-QĐ/TU\nHà Nội, ngày 17 tháng 4 năm 2026", []),
    ("Tỷ lệ đạt 22/27 đồng chí, ngày 17/4/2026 họp.", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_citations_in_sentences(text, expected):
    """A clerk gets every cited document with type, symbol, date and issuer."""
    found = [
        (c.type, c.symbol, c.date.isoformat() if c.date else None, c.issuer) for c in extract(text).citations
    ]
    assert found == expected


def test_symbol_split_by_a_pdf_line_break_is_joined():
    """A symbol broken across lines by PDF extraction still counts, joined."""
    text = (
        "Ban Chấp hành Đảng bộ tiếp tục thực hiện nghiêm Chỉ thị số 05-\n\n"
        "CT/TW của Bộ Chính trị về học tập \n\n"
        "và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh trong toàn Đảng bộ và \n\n"
        "các tổ chức cơ sở đảng trực thuộc trong năm nay; các chi bộ thực hiện nghiêm túc \n\n"
    ) * 3
    cits = extract(text).citations
    assert [c.symbol for c in cits] == ["05-CT/TW"] * 3
    assert cits[0].text == "Chỉ thị số 05-\n\nCT/TW của Bộ Chính trị"
    assert cits[0].issuer == "Bộ Chính trị"


def test_repeated_mention_is_resolved_from_the_first_full_one():
    """A later bare mention carries the date and issuer of the first full mention."""
    text = (
        "Thực hiện Nghị quyết số 21-NQ/TU, ngày 05/6/2025 của Ban Thường vụ Tỉnh ủy về chuyển đổi số. "
        "Sau một năm thực hiện Nghị quyết số 21-NQ/TU, các chỉ tiêu cơ bản đạt."
    )
    _first, second = extract(text).citations
    assert second.date is None and second.issuer is None
    assert second.resolved_date.isoformat() == "2025-06-05"
    assert second.resolved_issuer == "Ban Thường vụ Tỉnh ủy"


def test_malformed_symbol_is_kept_with_its_problems():
    """A typo in a cited symbol is reported, not dropped."""
    (cit,) = extract("theo Công điện số 05/CD-UBND ngày 02/02/2026 của UBND tỉnh").citations
    assert cit.symbol == "05/CD-UBND"
    assert not cit.parts.valid and any("CĐ" in p for p in cit.parts.problems)
