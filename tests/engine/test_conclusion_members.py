"""The inspected Party members of a conclusion notice, read from the footnote that lists them."""

from pathlib import Path

import pytest

from roviec.engine import extract, extraction_to_dict
from roviec.engine.conclusions import members_in_footnote

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "000_7e00125ec9cf1de4.txt"

CASES = [
    (
        "29 đồng chí đảng viên: đồng chí Trần Tùng Chuẩn, Tỉnh ủy viên, Phó Bí thư chuyên trách Đảng ủy "
        "Các cơ quan Đảng tỉnh; đồng chí Nguyễn Thành Sơn, Phó Bí thư Đảng ủy Công an tỉnh và 26 đồng chí "
        "bí thư đảng ủy các xã, phường được kiểm tra.",
        [
            ("Trần Tùng Chuẩn", "Tỉnh ủy viên, Phó Bí thư chuyên trách", "Đảng ủy Các cơ quan Đảng tỉnh", 1),
            ("Nguyễn Thành Sơn", "Phó Bí thư", "Đảng ủy Công an tỉnh", 1),
            ("", "bí thư", "đảng ủy các xã, phường", 26),
        ],
    ),
    (
        "03 đảng viên: đồng chí Lê Văn Hùng - Bí thư Đảng ủy xã Tân Hưng; đồng chí Đỗ Thị Hoa, "
        "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy xã Tân Hưng; đồng chí Vũ Minh Khoa, "
        "Bí thư Chi bộ thôn Đông.",
        [
            ("Lê Văn Hùng", "Bí thư", "Đảng ủy xã Tân Hưng", 1),
            ("Đỗ Thị Hoa", "Ủy viên Ban Thường vụ, Chủ nhiệm", "Ủy ban Kiểm tra Đảng ủy xã Tân Hưng", 1),
            ("Vũ Minh Khoa", "Bí thư", "Chi bộ thôn Đông", 1),
        ],
    ),
    (
        "đồng chí Phạm Văn An, Bí thư Đảng ủy phường Trần Lâm và 12 đồng chí phó bí thư đảng ủy các xã.",
        [
            ("Phạm Văn An", "Bí thư", "Đảng ủy phường Trần Lâm", 1),
            ("", "phó bí thư", "đảng ủy các xã", 12),
        ],
    ),
    (
        "02 đồng chí: đ/c Hoàng Thị Lan (Bí thư Đảng ủy xã Yên Mỹ).",
        [("Hoàng Thị Lan", "Bí thư", "Đảng ủy xã Yên Mỹ", 1)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_members_in_footnote(text, expected):
    """Each named member keeps name, title and unit as written; a collective remainder keeps its count."""
    got = [(m.name, m.title, m.unit, m.count) for m in members_in_footnote(text)]
    assert got == expected


def test_sample_notice_lists_its_members_and_keeps_other_keys():
    """Footnote 2 of the sample gives three named members and the 26 commune secretaries."""
    extraction = extract(SAMPLE.read_text(encoding="utf-8"))
    members = extraction.inspected_members
    assert [m.name for m in members] == ["Trần Tùng Chuẩn", "Phạm Tùng Lâm", "Nguyễn Thành Sơn", ""]
    assert members[1].unit == "Đảng ủy UBND tỉnh"
    assert members[3].collective and members[3].count == 26 and members[3].footnote == "2"
    assert sum(m.count for m in members) == 29
    data = extraction_to_dict(extraction, SAMPLE.name)
    assert data["inspected_members"][0] == {
        "name": "Trần Tùng Chuẩn",
        "title": "Tỉnh ủy viên, Phó Bí thư chuyên trách",
        "unit": "Đảng ủy Các cơ quan Đảng tỉnh",
        "count": 1,
        "footnote": "2",
    }
    assert len(data["inspected_organizations"]) == 30


def test_findings_footnotes_are_not_members():
    """A footnote of findings is never read as a list of members."""
    extraction = extract(SAMPLE.read_text(encoding="utf-8"))
    assert {m.footnote for m in extraction.inspected_members} == {"2"}


def test_documents_other_than_conclusions_have_no_member_list():
    """Only conclusion notices carry the key."""
    assert extract("KẾ HOẠCH\nthực hiện nghị quyết\n\n1. Nhiệm vụ").inspected_members is None
