"""Engine review checks: tables of real-looking Vietnamese sentences and what a reviewer expects."""

import datetime

import pytest

from roviec.engine.review import TaskRecord, check_sentence, find_overlaps, review_task, review_texts

TASKS = [
    # (task, missing clarities, vague)
    ("Văn phòng Tỉnh ủy chủ trì xây dựng Quy chế làm việc, trình Ban Thường vụ Tỉnh ủy trước ngày 30/6/2026; "
     "đồng chí Chánh Văn phòng chịu trách nhiệm.", [], False),
    ("Tăng cường công tác kiểm tra, giám sát việc thực hiện nghị quyết.",
     ["owner", "deadline", "accountability", "deliverable", "authority"], True),
    ("Ban Tổ chức Tỉnh ủy xây dựng Đề án sắp xếp cán bộ, trình Ban Thường vụ Tỉnh ủy trong quý III/2026.",
     ["accountability"], False),
    ("Các cấp ủy, tổ chức đảng tổ chức hội nghị quán triệt trước ngày 30/4/2026.",
     ["owner", "accountability", "deliverable", "authority"], False),
    ("Phấn đấu nâng cao tỷ lệ kết nạp đảng viên mới.",
     ["owner", "deadline", "accountability", "deliverable", "authority"], True),
    ("Công tác phát triển đảng viên năm 2026.", ["owner", "action", "accountability", "deliverable", "authority"],  # noqa: E501
     False),
    ("Sở Y tế tổ chức khám sàng lọc cho 10.000 người cao tuổi trong năm 2026.", ["accountability", "authority"],  # noqa: E501
     False),
]


@pytest.mark.parametrize(("text", "missing", "vague"), TASKS)
def test_six_clarities_and_vague_wording(text, missing, vague):
    """Each task shows which clarities it lacks and whether its wording is only a slogan."""
    review = review_task(text)
    assert review.missing == missing
    assert review.vague is vague
    assert len(review.why) == len(missing) + (1 if vague else 0) or (vague and len(review.why) > len(missing))


def test_present_clarities_carry_their_words():
    """A present clarity comes with the words that carry it, for the reviewer to check."""
    review = review_task(TASKS[0][0])
    assert review.present["owner"] == "Văn phòng Tỉnh ủy"
    assert review.present["deadline"] == "trước ngày 30/6/2026"
    assert "Quy chế" in review.present["deliverable"]
    assert review.present["authority"].startswith("trình Ban Thường vụ Tỉnh ủy")


FIGURES = [
    ("Toàn Đảng bộ có 2.500 đảng viên, trong đó nữ 1.157 đồng chí, chiếm 46,2%.", True),
    ("Đảng bộ xã có 1.840 đảng viên, trong đó nữ 612 đồng chí, chiếm 38,5%.", False),
    ("Có 33/33 chi bộ hoàn thành, đạt tỷ lệ 100%.", True),
    ("Có 31/33 chi bộ hoàn thành, đạt tỷ lệ 100%.", False),
    ("Kiểm tra 30 tổ chức đảng (04 ban thường vụ đảng ủy trực thuộc, 26 ban thường vụ đảng ủy xã, phường).", True),  # noqa: E501
    ("Kiểm tra 29 đảng viên (3 đồng chí phó bí thư và 24 đồng chí bí thư đảng ủy xã).", False),
    ("Thu ngân sách đạt 3.250,5 tỷ đồng, bằng 108,4% dự toán (dự toán 3.000 tỷ đồng).", True),
]


@pytest.mark.parametrize(("sentence", "consistent"), FIGURES)
def test_figures_are_checked_arithmetically(sentence, consistent):
    """Percentages, ratios and parts of a whole are recomputed, in Vietnamese number formats."""
    results = check_sentence(sentence)
    assert results, "the sentence has a figure to check"
    assert all(ok for ok, _, _ in results) is consistent
    assert all(why.endswith(".") for _, why, _ in results)


SUPERIOR = """TỈNH ỦY HƯNG YÊN
Số 35-KH/TU
Hưng Yên, ngày 15 tháng 1 năm 2026

KẾ HOẠCH
thực hiện Chỉ thị về phát triển đảng viên

Các đảng ủy trực thuộc ban hành kế hoạch cụ thể hóa trước ngày 28/2/2026.

NHIỆM VỤ VÀ GIẢI PHÁP
1. Tăng cường sự lãnh đạo của cấp ủy đối với công tác tạo nguồn, kết nạp đảng viên trong doanh nghiệp ngoài nhà nước.
2. Khắc phục tình trạng thôn, tổ dân phố chưa có đảng viên, chưa có chi bộ.
3. Xây dựng cơ sở dữ liệu đảng viên dùng chung của tỉnh.
"""  # noqa: E501

DRAFT = """ĐẢNG ỦY XÃ NGHĨA DÂN
Nghĩa Dân, ngày 20 tháng 3 năm 2026

KẾ HOẠCH
thực hiện Kế hoạch số 35-KH/TU

NHIỆM VỤ
1. Tăng cường sự lãnh đạo của cấp ủy đối với công tác tạo nguồn, kết nạp đảng viên trong doanh nghiệp ngoài nhà nước.
2. Ban Xây dựng Đảng chủ trì khắc phục tình trạng 05 thôn chưa có chi bộ, lập danh sách đảng viên có thể điều động, hoàn thành trước ngày 30/6/2026.
"""  # noqa: E501


def test_review_against_superior_finds_copying_coverage_and_lateness():
    """A draft that copies a requirement, concretises one and omits one is reported as such, and late."""
    report = review_texts(DRAFT, [SUPERIOR])
    assert len(report.copied_spans) == 1
    copied = report.copied_spans[0]
    assert DRAFT[copied.draft_offset:copied.draft_end].startswith("Tăng cường sự lãnh đạo")
    assert SUPERIOR[copied.superior_offset:copied.superior_end].startswith("Tăng cường sự lãnh đạo")
    verdicts = [c.verdict for c in report.coverage]
    assert verdicts == ["partly", "covered", "not_covered"]
    t = report.timeliness
    assert (t.superior_date, t.draft_date, t.days, t.limit_days, t.late) == (
        datetime.date(2026, 1, 15), datetime.date(2026, 3, 20), 64, 44, True)
    for task in report.tasks:
        assert DRAFT[task.offset:task.end] == task.text


def test_draft_without_date_is_measured_to_today():
    """With no date on the draft, the delay is counted up to the day of the review."""
    draft = DRAFT.replace("Nghĩa Dân, ngày 20 tháng 3 năm 2026\n", "")
    report = review_texts(draft, [SUPERIOR], today=datetime.date(2026, 2, 1))
    assert (report.timeliness.days, report.timeliness.late, report.timeliness.draft_date_source) == (17, False, "today")  # noqa: E501


def test_overlaps_report_conflicting_deadlines_and_owners():
    """The same task given twice with different deadlines or owners is flagged; unrelated tasks are not."""
    records = [
        TaskRecord("a", "Rà soát, bổ sung quy chế làm việc của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025 - 2030",
                   document="05-KH/ĐU", owner="Văn phòng Đảng ủy", deadline=datetime.date(2026, 6, 30)),
        TaskRecord("b", "Rà soát, bổ sung Quy chế làm việc của Ban Chấp hành Đảng bộ xã nhiệm kỳ 2025-2030",
                   document="09-KH/ĐU", owner="Ban Xây dựng Đảng", deadline=datetime.date(2026, 9, 30)),
        TaskRecord("c", "Tổ chức hội thao chào mừng ngày thành lập Quân đội nhân dân Việt Nam"),
    ]
    overlaps = find_overlaps(records)
    assert len(overlaps) == 1
    assert set(overlaps[0].kinds) == {"duplicate", "owner_conflict", "deadline_conflict"}
    assert "05-KH/ĐU" in overlaps[0].why


def test_review_engine_imports_no_django():
    """The review engine stays framework-free."""
    import subprocess
    import sys

    code = "import sys, roviec.engine.review; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)  # noqa: S603
    assert out.stdout.strip() == "False"
