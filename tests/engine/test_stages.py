"""Footnotes, deadlines, signature, recipients and layout on new sample-style sentences."""

from __future__ import annotations

from datetime import date

import pytest

from roviec.engine import WorkCalendar, extract
from roviec.engine.calendar import DATE_RE, date_from_match

# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ngày 17/4/2026", "2026-04-17"),
        ("ngày 17-4-2026", "2026-04-17"),
        ("ngày 05.01.2025", "2025-01-05"),
        ("ngày 17 tháng 4 năm 2026", "2026-04-17"),
        ("ngày 31/02/2026", None),
    ],
)
def test_dates_as_written(text, iso):
    """Dates in the three written forms are read; impossible dates are not."""
    m = DATE_RE.search(text)
    found = date_from_match(m) if m else None
    assert (found.isoformat() if found else None) == iso


# ---------------------------------------------------------------- deadlines

DEADLINES = [
    ("Các đảng ủy xây dựng kế hoạch khắc phục, hoàn thành trong tháng 9/2026.", ["2026-09-30"]),
    ("Văn phòng Tỉnh ủy tổng hợp, báo cáo Thường trực Tỉnh ủy trước ngày 31/8/2025.", ["2025-08-30"]),
    ("Các huyện gửi báo cáo chậm nhất là ngày 15/12/2026 về Ban Tổ chức.", ["2026-12-15"]),
    ("Ban Tuyên giáo hoàn thành đề án trong quý III/2026.", ["2026-09-30"]),
    ("Sở Nội vụ hoàn thành việc rà soát trong 6 tháng đầu năm 2026.", ["2026-06-30"]),
    ("Năm 2028 tổng kết việc thực hiện chương trình.", ["2028-12-31"]),
    ("Các cơ quan góp ý dự thảo trong thời hạn 10 ngày kể từ ngày ký công văn này.", ["2026-02-23"]),
    # 13/02/2026 is a Friday before the lunar Tết holidays: five working days end on 27/02.
    ("Các sở trả lời kiến nghị của cử tri trong 05 ngày làm việc.", ["2026-02-27"]),
    # not deadlines: past facts, forecasts, targets, durations, periods
    ("Đến hết tháng 6/2025, đã hoàn thành 98% chỉ tiêu.", []),
    ("Dự kiến đến hết tháng 8/2025 sẽ hoàn thành việc xóa nhà tạm.", []),
    ("Phấn đấu đạt tốc độ tăng trưởng năm 2027 từ 8% đến 9%.", []),
    ("Hội nghị chuyên đề không quá 01 ngày.", []),
    ("Tập trung các nhiệm vụ giai đoạn 2026 - 2030, định hướng đến năm 2035.", []),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES)
def test_deadlines_imposed_by_the_document(text, expected):
    """Only deadlines this document sets are reported, normalised to the period's last day."""
    deadlines = extract(text, document_date=date(2026, 2, 13)).deadlines
    found = [d.normalized.isoformat() if d.normalized else None for d in deadlines]
    assert found == expected


def test_relative_deadline_counts_working_days_from_the_document_date():
    """'05 ngày làm việc' skips weekends and Tết; extra days off come from configuration."""
    text = "Các đơn vị gửi báo cáo trong thời hạn 05 ngày làm việc kể từ ngày ký."
    (d,) = extract(text, document_date=date(2026, 2, 13)).deadlines
    # 13/02/2026 is a Friday; Tết holidays run 16–20/02/2026.
    assert d.normalized == date(2026, 2, 27)
    cal = WorkCalendar.with_changes(days_off=[date(2026, 2, 23)])
    assert cal.add_working_days(date(2026, 2, 13), 5) == date(2026, 3, 2)


def test_calendar_days_limit():
    """'trong thời hạn 15 ngày kể từ ngày ký' counts calendar days from the document date."""
    (d,) = extract(
        "Đoàn kiểm tra báo cáo trong thời hạn 15 ngày kể từ ngày ký.", document_date=date(2026, 3, 1)
    ).deadlines
    assert d.normalized == date(2026, 3, 16)


def test_recurring_duty_without_date_is_a_schedule():
    """'định kỳ hằng quý báo cáo' is a recurring duty, not a dated deadline."""
    result = extract("Các chi bộ định kỳ hằng quý báo cáo kết quả thực hiện về Đảng ủy.")
    assert result.deadlines == ()
    assert {s.recurrence for s in result.schedules} >= {"quarterly"}


# ---------------------------------------------------------------- footnotes


def test_superscript_footnotes_attach_to_their_marks():
    """DOCX-style marks (¹) find their bodies, with the mark removed from the text."""
    text = (
        "Đoàn đã kiểm tra 12 chi bộ¹ và 40 đảng viên² trong quý.\n\n"
        "¹ Chi bộ thôn Đông, chi bộ thôn Tây.\n\n² 40 đồng chí   đảng viên   thuộc diện kiểm tra.\n"
    )
    notes = extract(text).footnotes
    assert [(n.mark, n.text) for n in notes] == [
        ("1", "Chi bộ thôn Đông, chi bộ thôn Tây."),
        ("2", "40 đồng chí đảng viên thuộc diện kiểm tra."),
    ]
    assert text[notes[0].mark_offset] == "¹"


def test_pdf_footnotes_with_plain_digit_marks():
    """PDF text: digit marks glued to words, bodies after a line of spaces at the page bottom."""
    lines = [
        " Năm qua Đảng ủy tập trung lãnh đạo thực hiện nhiệm vụ chính trị với nhiều",
        "thuận lợi1 nhưng cũng không ít khó khăn2 trong điều kiện sắp xếp lại bộ máy",
        "của hệ thống chính trị ở địa phương theo mô hình chính quyền hai cấp mới",
        " " * 40,
        "1 Thuận lợi: được sự quan tâm của Tỉnh ủy, sự đồng thuận của Nhân dân trong toàn tỉnh và các",
        "doanh nghiệp trên địa bàn.",
        "2 Khó khăn: thiên tai, dịch bệnh kéo dài.",
        " và đã hoàn thành cơ bản các chỉ tiêu đề ra trong năm, bảo đảm an ninh trật tự",
        "trên địa bàn, giữ vững ổn định chính trị và phát triển kinh tế - xã hội bền vững.",
        "Các tổ chức đảng trực thuộc tiếp tục phát huy vai trò lãnh đạo toàn diện ở cơ sở.",
        "Công tác kiểm tra giám sát được thực hiện thường xuyên, đúng quy định của Đảng.",
    ]
    text = " \n\n".join(lines) + " \n"
    result = extract(text)
    assert [(n.mark, n.text) for n in result.footnotes] == [
        (
            "1",
            "Thuận lợi: được sự quan tâm của Tỉnh ủy, sự đồng thuận của Nhân dân trong toàn tỉnh "
            "và các doanh nghiệp trên địa bàn.",
        ),
        ("2", "Khó khăn: thiên tai, dịch bệnh kéo dài."),
    ]
    assert text[result.footnotes[0].mark_offset] == "1"


# ---------------------------------------------------------------- signature, recipients, heading

DOC = """ĐẢNG BỘ TỈNH HÀ TĨNH
ĐẢNG ỦY XÃ THẠCH HÀ
*
Số 15-KH/ĐU
Thạch Hà, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I năm 2026

Thực hiện Kế hoạch số 04-KH/HU, ngày 10/01/2026 của Ban Thường vụ Huyện ủy, Đảng ủy xã ban hành:
1. Các chi bộ báo cáo kết quả trước ngày 25/3/2026.

Nơi nhận:
- Ban Thường vụ Huyện ủy (b/c),
- Các chi bộ trực thuộc,
- Lưu VP.

K/T BÍ THƯ
PHÓ BÍ THƯ

(Đã ký)

Lê Văn Tâm
"""


def test_heading_signature_and_recipients():
    """Type, title, signer and the 'Nơi nhận' list come out normalised."""
    r = extract(DOC)
    assert r.doc_type == "Kế hoạch"
    assert r.title == "tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I năm 2026"
    assert r.signature.on_behalf == "K/T Bí thư"
    assert r.signature.signer_title == "Phó Bí thư"
    assert r.signature.signer_name == "Lê Văn Tâm"
    assert r.recipients == ("Ban Thường vụ Huyện ủy (b/c)", "Các chi bộ trực thuộc", "Lưu VP")
    assert r.document_date == date(2026, 3, 2)
    assert [c.symbol for c in r.citations] == ["04-KH/HU"]  # not its own number 15-KH/ĐU
    assert [d.normalized for d in r.deadlines] == [date(2026, 3, 24)]
