"""Six clarities as lower-level programmes write them: positions and dashed names as owners,
documents sent or filled in as products, departments of the level above as authorities."""

import pytest

from roviec.engine.review import review_task
from roviec.engine.review.clarity import find_deliverable, find_owner

OWNERS = [
    # a position leads; a dash joins the two parts of its name
    (
        "Công chức Địa chính - Xây dựng lập danh sách hộ lấn chiếm hành lang giao thông.",
        "Công chức Địa chính - Xây dựng",
    ),
    ("Nhân viên thư viện trường kiểm kê sách giáo khoa trước ngày 20/8/2027.", "Nhân viên thư viện trường"),
    ("Trưởng thôn các thôn rà soát hộ nghèo trong tháng 10/2027.", "Trưởng thôn các thôn"),
    # a recurrence between the owner and the verb
    (
        "Phòng Kinh tế - Hạ tầng hằng tháng gửi Chủ tịch Ủy ban nhân dân xã bảng tổng hợp.",
        "Phòng Kinh tế - Hạ tầng",
    ),
    # "Tổ hành chính" is a body, not "Tổ" + "hành …"
    ("Tổ hành chính sửa chữa bóng đèn khu nội trú trong tháng 9/2027.", "Tổ hành chính"),
    # a body named up to its level, then a verb no list holds
    ("Ủy ban nhân dân phường Tân An khoanh vùng bãi đỗ xe tạm.", "Ủy ban nhân dân phường Tân An"),
    # an identifiable class of units given the task
    ("Giao các chi bộ khu phố thống kê số hộ kinh doanh cá thể.", "các chi bộ khu phố"),
    # common verbs of local plans: "dự trù", "khoanh vùng"
    ("Giao Ban Chỉ huy Quân sự xã dự trù kinh phí huấn luyện dân quân.", "Ban Chỉ huy Quân sự xã"),
    # "các sở, ban, ngành" is one class of bodies; "chịu trách nhiệm" may come before the verb
    (
        "Giám đốc các sở, ban, ngành chịu trách nhiệm chỉ đạo cắt giảm hồ sơ giấy.",
        "Giám đốc các sở, ban, ngành",
    ),
]


@pytest.mark.parametrize(("text", "owner"), OWNERS)
def test_positions_and_dashed_names_are_owners(text, owner):
    assert find_owner(text) == owner


DELIVERABLES = [
    ("Ban quản lý chợ ký hợp đồng thu gom rác với hợp tác xã môi trường.", "hợp đồng"),
    ("Trạm Y tế lập sổ theo dõi người bệnh tăng huyết áp.", "sổ"),
    ("Bộ phận một cửa ghi đầy đủ vào sổ tiếp nhận hồ sơ.", "sổ"),
    ("Công chức Tài chính - Kế toán dự trù kinh phí, đưa vào dự toán ngân sách xã năm 2028.", "dự toán"),
    ("Phòng Văn hóa - Xã hội gửi Chủ tịch Ủy ban nhân dân xã Báo cáo tiến độ chi trả.", "Báo cáo"),
]


@pytest.mark.parametrize(("text", "product"), DELIVERABLES)
def test_documents_made_sent_or_filled_in_are_deliverables(text, product):
    found = find_deliverable(text)
    assert found and product in found


def test_a_body_sent_to_is_not_a_product():
    """A title sent goes on in lowercase; "gửi Ban Quản lý Dự án …" names who receives it."""
    assert find_deliverable("Văn phòng gửi Thường trực Đảng ủy Kế hoạch kiểm tra năm 2028.")
    assert find_deliverable("Tổng hợp ý kiến của người dân gửi Ban Quản lý Dự án Đầu tư xã.") is None


AUTHORITIES = [
    "Ủy ban nhân dân xã ban hành quyết định trước ngày 31/3/2027, báo cáo Sở Nội vụ.",
    "Văn phòng Ủy ban nhân dân xã tổng hợp kết quả, gửi Phòng Giáo dục và Đào tạo trước ngày 05/6/2027.",
    "Công chức Văn phòng - Thống kê nhập phiếu điều tra, gửi Thống kê huyện trước ngày 10/9/2027.",
    "Nhà trường báo cáo kết quả bằng văn bản, gửi Hiệu trưởng trước ngày 10/9/2027.",
]


@pytest.mark.parametrize("text", AUTHORITIES)
def test_departments_of_the_level_above_are_authorities(text):
    assert "authority" not in review_task(text).missing


def test_parts_listed_after_trong_do_are_summed():
    """ "250 hội viên, trong đó 130 hội viên … và 100 hội viên …" divides the whole: the parts
    must add up; the count of classes before it ("04 lớp") is not the whole."""
    from roviec.engine.review import check_sentence

    wrong = check_sentence("Mở 04 lớp cho 250 hội viên, trong đó 130 hội viên nam và 100 hội viên nữ.")
    assert [(ok, kind) for ok, _, kind in wrong] == [(False, "sum")]
    assert "250" in wrong[0][1]
    right = check_sentence("Mở 04 lớp cho 250 hội viên, trong đó 130 hội viên nam và 120 hội viên nữ.")
    assert [(ok, kind) for ok, _, kind in right] == [(True, "sum")]
    # some subsets only, each with its own share: not a division of the whole
    some = check_sentence("Xã có 40 hộ nghèo, trong đó 12 hộ có người ốm (30%), 8 hộ thiếu đất (20%).")
    assert all(kind != "sum" for _, _, kind in some)
