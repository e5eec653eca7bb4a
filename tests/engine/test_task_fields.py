"""Task fields on single sentences: action, unit names, deliverables; header issuer and signature."""

from __future__ import annotations

import pytest

from roviec.engine.pipeline import extract

ORGS = [("Ủy ban Kiểm tra Tỉnh ủy", ["UBKT Tỉnh ủy"]), ("Văn phòng Tỉnh ủy", [])]


def _task(sentence: str):
    text = f"III. TỔ CHỨC THỰC HIỆN\n\n1. {sentence}\n"
    tasks = extract(text, organizations=ORGS).tasks
    assert len(tasks) == 1
    return tasks[0]


@pytest.mark.parametrize(
    ("sentence", "action"),
    [
        (
            "UBKT Tỉnh ủy chủ trì, tham mưu kế hoạch kiểm tra chuyên đề, hoàn thành trong quý III/2026.",
            "tham mưu kế hoạch kiểm tra chuyên đề",
        ),
        (
            "Ủy ban Kiểm tra Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy theo dõi, đôn đốc "
            "việc thực hiện.",
            "theo dõi, đôn đốc việc thực hiện",
        ),
        (
            "Công an tỉnh là cơ quan thường trực, chủ trì theo dõi việc triển khai Kế hoạch; "
            "báo cáo kết quả.",
            "theo dõi việc triển khai Kế hoạch",
        ),
        (
            "Các chi bộ trực thuộc căn cứ Nghị quyết này xây dựng kế hoạch thực hiện, gửi về Văn phòng "
            "Tỉnh ủy chậm nhất ngày 15/5/2026.",
            "xây dựng kế hoạch thực hiện, gửi về Văn phòng Tỉnh ủy",
        ),
        (
            "Định kỳ hằng quý báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy).",
            "báo cáo kết quả thực hiện về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy)",
        ),
    ],
)
def test_action_is_the_work_without_role_words_or_deadline(sentence, action):
    """The action ("rõ việc") is the work itself: no role words of the lead, no deadline expression."""
    assert _task(sentence).action == action


def test_unknown_multi_word_unit_head_keeps_the_whole_name():
    """A unit not in the list whose name starts with a multi-word head ("Nhà xuất bản") is kept whole."""
    task = _task(
        "Văn phòng Tỉnh ủy chủ trì biên soạn cuốn sách; phối hợp với Nhà xuất bản Chính trị quốc gia "
        "Sự thật in ấn, phát hành."
    )
    assert task.coordinators == ("Nhà xuất bản Chính trị quốc gia Sự thật",)


@pytest.mark.parametrize(
    ("sentence", "deliverable"),
    [
        (
            "Văn phòng Tỉnh ủy rà soát, bổ sung quy chế quản lý, vận hành hệ thống thông tin; ban hành "
            "trong tháng 9/2026.",
            "quy chế quản lý, vận hành hệ thống thông tin",
        ),
        (
            "Văn phòng Tỉnh ủy đưa phần mềm quản lý văn bản vào sử dụng thống nhất trong quý III/2026.",
            "phần mềm quản lý văn bản",
        ),
        (
            "Văn phòng Tỉnh ủy xây dựng phương án bảo đảm an ninh, trật tự phục vụ hội nghị.",
            "phương án bảo đảm an ninh, trật tự phục vụ hội nghị",
        ),
        (
            "Văn phòng Tỉnh ủy xây dựng kế hoạch khắc phục, hoàn thành trước ngày 31/7/2026.",
            "kế hoạch khắc phục",
        ),
    ],
)
def test_deliverable_phrases(sentence, deliverable):
    """Deliverables keep verbs that share one object, and things put into use are products."""
    assert _task(sentence).deliverable == deliverable


def test_party_header_names_the_issuer():
    """A Party document's issuer comes from the header line above "*", not from "… QUYẾT NGHỊ"."""
    text = (
        "ĐẢNG BỘ TỈNH BẮC NINH\nĐẢNG ỦY XÃ TIÊN DU\n*\nSố 15-NQ/ĐU\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\n"
        "Tiên Du, ngày 02 tháng 3 năm 2026\n\nNGHỊ QUYẾT\n\nvề phát triển nông nghiệp\n\n"
        "ĐẢNG ỦY XÃ QUYẾT NGHỊ\n\n1. Tổ chức quán triệt Nghị quyết.\n\nT/M ĐẢNG ỦY\nBÍ THƯ\n\nNguyễn Văn An\n"
    )
    assert extract(text).issuer == "Đảng ủy xã Tiên Du"


def test_state_signature_on_behalf_and_signing_for():
    """TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH: the body signs; the deputy's K/T goes in signing_for."""
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH HƯNG YÊN\n\nSố: 215/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
        "Hưng Yên, ngày 20 tháng 5 năm 2026\n\nKẾ HOẠCH\n\nTriển khai chuyển đổi số\n\n"
        "1. Sở Tài chính bố trí kinh phí.\n\n"
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrần Văn Bình\n"
    )
    e = extract(text)
    assert e.issuer == "Ủy ban nhân dân tỉnh Hưng Yên"
    assert (e.signature.on_behalf, e.signature.signing_for) == ("TM. Ủy ban nhân dân", "KT. Chủ tịch")
    assert (e.signature.signer_title, e.signature.signer_name) == ("Phó Chủ tịch", "Trần Văn Bình")
