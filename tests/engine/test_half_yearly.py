"""Half-yearly duties ("định kỳ 6 tháng") are recurring tasks, not dated deadlines."""

import pytest

from roviec.engine import extract

CASES = [
    ("II. TỔ CHỨC THỰC HIỆN\n\n1. Văn phòng Tỉnh ủy theo dõi, định kỳ 6 tháng báo cáo Ban Thường vụ.",
     "half_yearly"),
    ("II. TỔ CHỨC THỰC HIỆN\n\n1. Ban Tổ chức Tỉnh ủy tổng hợp, sáu tháng một lần báo cáo Thường trực.",
     "half_yearly"),
    ("II. TỔ CHỨC THỰC HIỆN\n\n1. Các đảng ủy báo cáo kết quả hằng quý về Văn phòng Tỉnh ủy.", "quarterly"),
    ("II. TỔ CHỨC THỰC HIỆN\n\n1. Ban Tuyên giáo sơ kết 6 tháng đầu năm 2026 trước ngày 15/7/2026.", None),
]


@pytest.mark.parametrize(("text", "recurrence"), CASES)
def test_recurrence_of_a_task(text, recurrence):
    """The recurrence a task carries, half-yearly included; "6 tháng đầu năm" is a period, not a cycle."""
    (task,) = extract("KẾ HOẠCH\nvề theo dõi thực hiện\n\n" + text).tasks
    assert task.recurrence == recurrence
