"""Reading the engine's findings as proposals: types, signing modes, relation kinds, generic addressees."""

import pytest

from roviec.documents import ingest_proposal as reading
from roviec.documents.models import DocumentType


@pytest.mark.parametrize(("written", "expected"), [
    ("Thông báo kết luận", "Thông báo"),
    ("Kết luận", "Kết luận"),
    ("Chương trình hành động", "Chương trình"),
    ("QUYẾT ĐỊNH", "Quyết định"),
    ("Nghị quyết", "Nghị quyết"),
    ("Bản ghi nhớ", None),
    ("", None),
])
def test_written_type_maps_to_registry_type(db, written, expected):
    """A clerk gets the registry's type preselected even when the document writes a longer name."""
    found = reading.map_document_type(written, list(DocumentType.objects.all()))
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(("on_behalf", "mode"), [
    ("T/M Ban Thường vụ", "TM"),
    ("T/M BAN THƯỜNG VỤ", "TM"),
    ("K/T Bí thư", "KT"),
    ("TL. Ban Thường vụ", "TL"),
    ("TUQ Chủ tịch", "TUQ"),
    (None, ""),
    ("Bí thư", ""),
])
def test_signing_mode_from_signature_block(on_behalf, mode):
    """The signing mode (T/M, K/T, TL, TUQ) is read from the signature block."""
    assert reading.signing_mode(on_behalf) == mode


@pytest.mark.parametrize(("before", "kind"), [
    ("Căn cứ ", "based_on"),
    ("Sau khi nghe Đoàn Kiểm tra theo ", "based_on"),
    ("Để triển khai thực hiện ", "implements"),
    ("Kế hoạch này thay thế ", "replaces"),
    ("Quy chế này sửa đổi, bổ sung một số điều của ", "amends"),
    ("Bãi bỏ ", "repeals"),
    ("Thực hiện chủ trương; căn cứ ", "based_on"),
    ("Báo cáo gửi kèm ", "based_on"),
])
def test_relation_kind_from_the_words_before_a_citation(before, kind):
    """The proposed relation follows the words that introduce the citation, nearest first."""
    text = before + "Quyết định số 418-QĐ/TU, ngày 17/4/2026"
    assert reading.relation_kind(text, len(before)) == kind


@pytest.mark.parametrize(("name", "group", "expected"), [
    ("Các tổ chức đảng, đảng viên được kiểm tra", None, ["inspected"]),
    ("Các cấp ủy, tổ chức đảng … qua kiểm tra đã chỉ ra", None, ["inspected"]),
    ("Các đảng ủy trực thuộc Tỉnh ủy", None, ["affiliated_committees"]),
    ("ban thường vụ đảng ủy các xã, phường và đảng ủy trực thuộc Tỉnh ủy", None,
     ["affiliated_committees", "communes"]),
    ("Các cơ quan tham mưu, giúp việc Tỉnh ủy", None, ["advisory_bodies"]),
    ("Các sở, ban, ngành", None, ["departments"]),
    ("Các tổ chức đảng", "inspected_organizations", ["inspected"]),
    ("Ủy ban Kiểm tra Tỉnh ủy", None, []),
])
def test_generic_addressee_groups(name, group, expected):
    """A generic addressee is read as the group of units it stands for."""
    assert reading.generic_groups(name, group) == expected


def test_engine_task_leads_and_coordinators():
    """The engine's lead and coordinators become leads and coordinators; addressees fill in when no lead."""
    leads, coordinators = reading.task_addressees({
        "lead": "Ủy ban Kiểm tra Tỉnh ủy",
        "coordinators": ["Văn phòng Tỉnh ủy", {"name": "Ban Tổ chức Tỉnh ủy"}],
        "addressees": [{"name": "Ủy ban Kiểm tra Tỉnh ủy", "generic": False, "group": None}],
    })
    assert [a.name for a in leads] == ["Ủy ban Kiểm tra Tỉnh ủy"]
    assert not leads[0].generic
    assert [a.name for a in coordinators] == ["Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy"]

    leads, coordinators = reading.task_addressees({
        "lead": None, "coordinators": [],
        "addressees": [{"name": "Các đảng ủy trực thuộc", "generic": True, "group": None}],
    })
    assert leads[0].generic and leads[0].groups == ("affiliated_committees",)
    assert coordinators == []


def test_deadlines_become_tasks_without_an_engine_task_list():
    """Until the engine lists tasks, each deadline the document imposes is proposed as a task."""
    tasks = reading.fallback_tasks({"deadlines": [{
        "offset": 10, "text": "hoàn thành trong tháng 8/2026", "normalized": "2026-08-31",
        "recurrence": None,
        "sentence": "Các cấp ủy khắc phục các hạn chế qua kiểm tra đã chỉ ra, hoàn thành trong tháng 8/2026;",
    }]})
    assert tasks[0]["deadline"] == "2026-08-31"
    assert tasks[0]["addressees"][0]["group"] == "inspected"


def test_groups_the_engine_expanded_are_not_counted_twice():
    """When the engine lists the inspected organisations itself, those names are the leads."""
    leads, _ = reading.task_addressees({
        "lead": "Các cấp ủy, tổ chức đảng", "coordinators": [],
        "addressees": [
            {"name": "Các tổ chức đảng được kiểm tra", "generic": True, "group": "inspected_organizations"},
            {"name": "xã Ân Thi", "generic": False, "expanded_from": "Các tổ chức đảng được kiểm tra"},
            {"name": "Công an tỉnh", "generic": False, "expanded_from": "Các tổ chức đảng được kiểm tra"},
        ],
    })
    assert [a.name for a in leads] == ["xã Ân Thi", "Công an tỉnh"]


def test_not_inspected_group_is_told_apart():
    """“Không thuộc đối tượng được kiểm tra” is the other organisations, not the inspected ones."""
    assert reading.generic_groups("Các tổ chức đảng, đảng viên không thuộc đối tượng được kiểm tra") == [
        "not_inspected"]
    assert reading.generic_groups("Các tổ chức đảng", "not_inspected_organizations") == ["not_inspected"]
