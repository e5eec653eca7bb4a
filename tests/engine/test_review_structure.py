"""Owners and deadlines given above the tasks (sub-headings, lead-ins, tables) and the
one-task-one-requirement matching that a reviewer relies on."""

from roviec.engine.review import review_texts
from roviec.engine.review.items import heading_owner

HEAD = """ĐẢNG ỦY XÃ MẪU
Số 04-KH/ĐU
Mẫu, ngày 10 tháng 3 năm 2027

KẾ HOẠCH
thực hiện Kế hoạch của Tỉnh ủy

II- NHIỆM VỤ CỤ THỂ
"""


def _tasks(body: str):
    return {t.text.lstrip("-+ ")[:25]: t for t in review_texts(HEAD + body).tasks}


def test_owner_of_a_sub_heading_is_carried_to_its_bullets():
    """Bullets under "1. Văn phòng Đảng ủy:" have that owner; the next sub-heading replaces it."""
    tasks = _tasks(
        "1. Văn phòng Đảng ủy:\n"
        "- Rà soát hồ sơ đảng viên tại các chi bộ, xong trước ngày 30/6/2027.\n"
        "2. Công an xã:\n"
        "- Tuyên truyền phòng, chống tội phạm trên không gian mạng.\n"
        "3. Rà soát danh sách đảng viên miễn sinh hoạt.\n"
    )
    first, second, third = tasks.values()
    assert first.present["owner"] == "Văn phòng Đảng ủy" and first.given == {"owner": "Văn phòng Đảng ủy"}
    assert second.present["owner"] == "Công an xã"
    assert "owner" in third.missing  # numbered at the sub-heading's level: its context has ended


def test_capital_sub_section_naming_a_body_stays_in_the_task_section():
    """ "B. ỦY BAN KIỂM TRA ĐẢNG ỦY" inside the task section gives its numbered tasks their owner."""
    tasks = _tasks(
        "A. BAN THƯỜNG VỤ ĐẢNG ỦY\n"
        "1. Kiểm tra 02 chi bộ về chấp hành nguyên tắc tập trung dân chủ trong quý II/2027.\n"
        "B. ỦY BAN KIỂM TRA ĐẢNG ỦY\n"
        "1. Kiểm tra tài chính đảng tại 04 chi bộ trực thuộc.\n"
    )
    owners = [t.present["owner"] for t in tasks.values()]
    assert owners == ["BAN THƯỜNG VỤ ĐẢNG ỦY", "ỦY BAN KIỂM TRA ĐẢNG ỦY"]


def test_deadline_and_owner_of_a_lead_in_line():
    """ "Đoàn Thanh niên xã (thực hiện trong năm 2027):" gives owner and deadline; "… có nhiệm vụ:" too."""
    tasks = _tasks(
        "1. Đoàn Thanh niên xã (thực hiện trong năm 2027):\n"
        "- Tư vấn cho đoàn viên chuẩn bị kết hôn về sức khỏe sinh sản.\n"
        "2. Hội Khuyến học xã có nhiệm vụ:\n"
        "+ Trao thưởng cho học sinh đạt giải cấp tỉnh.\n"
    )
    youth, study = tasks.values()
    assert youth.present["owner"] == "Đoàn Thanh niên xã" and youth.present["deadline"] == "năm 2027"
    assert study.present["owner"] == "Hội Khuyến học xã" and "deadline" in study.missing


def test_table_group_rows_and_columns_give_owner_deadline_and_product():
    """A task table: group rows name the owner, columns give deadline and product; the header is no task."""
    body = (
        "TT | Nội dung công việc | Thời gian hoàn thành | Sản phẩm\n"
        "I | ỦY BAN NHÂN DÂN XÃ | |\n"
        "1 | Lắp đặt đèn chiếu sáng các ngõ xóm | Trước 30/9/2027 | Biên bản bàn giao\n"
        "II | ĐOÀN THANH NIÊN XÃ | |\n"
        "2 | Vận động đoàn viên dọn vệ sinh đường làng | Thường xuyên |\n"
    )
    for text in (body, body.replace("\n", "\n\n")):  # Word table (one paragraph) or one line each
        tasks = list(_tasks(text).values())
        assert [t.text[:9] for t in tasks] == ["Lắp đặt đ", "Vận động "]
        light, drill = tasks
        assert light.present["owner"] == "ỦY BAN NHÂN DÂN XÃ"
        assert light.present["deliverable"] == "Biên bản bàn giao"
        assert light.missing == ["accountability", "authority"]
        assert drill.present["owner"] == "ĐOÀN THANH NIÊN XÃ" and "deadline" in drill.missing


def test_table_owner_column():
    """An owner column names each row's owner."""
    tasks = _tasks(
        "TT | Nội dung | Đơn vị chủ trì | Thời gian | Sản phẩm\n"
        "1 | Mở lớp bơi miễn phí cho trẻ em | Đoàn Thanh niên xã | Hằng năm | 03 lớp\n"
    )
    (swim,) = tasks.values()
    assert swim.present["owner"] == "Đoàn Thanh niên xã" and swim.present["deadline"] == "Hằng năm"


def test_heading_owner_ignores_headings_that_name_no_body():
    """Section titles and lead-ins without a body give no owner."""
    assert heading_owner("III- TỔ CHỨC THỰC HIỆN") is None
    assert heading_owner("Nhiệm vụ được phân công theo bảng sau:") is None
    assert heading_owner("1. Đối với Công an xã:") == "Công an xã"
    assert heading_owner("1. Giao Văn phòng Đảng ủy thực hiện các việc sau:") == "Văn phòng Đảng ủy"


SUPERIOR = """TỈNH ỦY
Hưng Yên, ngày 02 tháng 3 năm 2027

KẾ HOẠCH
về công tác dân số

II- NHIỆM VỤ, GIẢI PHÁP
1. Khám sức khỏe định kỳ, lập hồ sơ theo dõi sức khỏe cho người cao tuổi.
2. Bố trí đủ cộng tác viên dân số ở thôn, tổ dân phố.
"""


def _coverage(draft: str) -> list[str]:
    return [c.verdict for c in review_texts(HEAD + draft, [SUPERIOR]).coverage]


def test_owner_in_the_sub_heading_makes_a_requirement_covered():
    """A task whose owner is only in its sub-heading still covers the requirement fully."""
    draft = (
        "1. Trạm Y tế xã:\n"
        "- Khám sức khỏe cho người cao tuổi, lập hồ sơ theo dõi sức khỏe điện tử,"
        " xong trước ngày 30/10/2027.\n"
    )
    assert _coverage(draft)[0] == "covered"


def test_a_task_answers_the_requirement_it_matches_best():
    """A task that concretises one requirement is not also counted for another it shares a word with."""
    draft = (
        "1. Trạm Y tế xã phối hợp cộng tác viên khám sức khỏe, lập hồ sơ theo dõi sức khỏe cho người"
        " cao tuổi trong năm 2027; sản phẩm là hồ sơ sức khỏe điện tử.\n"
    )
    assert _coverage(draft)[:2] == ["covered", "not_covered"]
