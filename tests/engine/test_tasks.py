"""Task extraction: the tasks a conclusion notice, plan or action programme sets, with who,
what, by when and what product, on sample-style Vietnamese sentences."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from roviec.engine import extract, extraction_to_dict
from roviec.engine.tasks import Organization, find_tasks

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAMPLE = FIXTURES / "corpus" / "000_7e00125ec9cf1de4.txt"
ORGS = json.loads((FIXTURES / "tasks_labelled" / "organizations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sample_tasks():
    text = SAMPLE.read_text(encoding="utf-8")
    return text, find_tasks(text)


def _plan(*items: str, heading: str = "III. TỔ CHỨC THỰC HIỆN") -> str:
    body = "\n\n".join(items)
    return f"KẾ HOẠCH\n\nthực hiện nhiệm vụ năm 2026\n\n{heading}\n\n{body}\n"


# ---------------------------------------------------------------- the sample conclusion notice


def test_sample_remediation_task_is_due_end_of_august_for_the_30_inspected(sample_tasks):
    """The opening requirement binds the 30 inspected organisations of footnote 1, due 31/8/2026."""
    text, tasks = sample_tasks
    first = tasks[0]
    assert text[first.offset :].startswith("Các cấp ủy, tổ chức đảng, người đứng đầu cấp ủy")
    assert first.deadline == date(2026, 8, 31)
    assert first.deadline_text == "hoàn thành trong tháng 8/2026"
    names = [a.name for a in first.addressees]
    assert len(names) == 30
    assert names[0] == "Các cơ quan Đảng tỉnh" and names[-1] == "xã Vũ Tiên"
    assert all(a.expanded_from and not a.generic for a in first.addressees)
    assert first.deliverable and first.deliverable.startswith("kế hoạch, giải pháp cụ thể")


def test_sample_requirements_inherit_the_inspected_organisations(sample_tasks):
    """Items under 'the following tasks:' carry the same addressees, marked as inherited."""
    _text, tasks = sample_tasks
    item = next(t for t in tasks if t.text.startswith("Tiếp tục đa dạng hóa hình thức tuyên truyền"))
    assert item.lead_inherited and item.lead == "Các cấp ủy, tổ chức đảng"
    assert len(item.addressees) == 30
    assert item.section[0] == "II. BAN THƯỜNG VỤ TỈNH ỦY YÊU CẦU"


def test_sample_follow_up_goes_to_inspection_committee_and_standing_members(sample_tasks):
    """Follow-up is assigned as written: the inspection committee and the standing-committee members."""
    _text, tasks = sample_tasks
    follow = next(t for t in tasks if t.text.startswith("Ủy ban Kiểm tra Tỉnh ủy, các đồng chí"))
    assert follow.lead == "Ủy ban Kiểm tra Tỉnh ủy"
    groups = [a.group for a in follow.addressees]
    assert groups == ["inspection_committee", "standing_committee_members"]
    assert follow.addressees[1].generic
    assert follow.text.endswith("việc tổ chức thực hiện.")


def test_sample_departments_and_not_inspected_are_generic_groups(sample_tasks):
    """'Đối với các sở, ban, ngành …' is a generic group the web app expands."""
    _text, tasks = sample_tasks
    by_group = {a.group: t for t in tasks for a in t.addressees if a.generic}
    assert "departments" in by_group and "not_inspected_organizations" in by_group
    assert by_group["departments"].lead == "các sở, ban, ngành liên quan"


def test_sample_findings_and_causes_are_not_tasks(sample_tasks):
    """Strengths, shortcomings and causes describe the past: no task comes from them."""
    text, tasks = sample_tasks
    requirement_part = text.index("II. BAN THƯỜNG VỤ TỈNH ỦY YÊU CẦU")
    assert all(t.offset > requirement_part for t in tasks)
    assert all(text[t.offset : t.end] == t.text for t in tasks)


# ---------------------------------------------------------------- sentences, table-driven

SENTENCES = [
    # (item, lead, coordinators, deadline, recurrence, deliverable starts with)
    (
        "1. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy, Sở Nội vụ tham mưu xây dựng đề án"
        " vị trí việc làm, trình Ban Thường vụ Tỉnh ủy trước ngày 30/9/2026.",
        "Ban Tổ chức Tỉnh ủy",
        ["Văn phòng Tỉnh ủy", "Sở Nội vụ"],
        "2026-09-29",
        None,
        "đề án vị trí việc làm",
    ),
    (
        "2. Giao Ủy ban Kiểm tra Tỉnh ủy theo dõi, đôn đốc; định kỳ hằng quý báo cáo Thường trực Tỉnh ủy.",
        "Ủy ban Kiểm tra Tỉnh ủy",
        [],
        None,
        "quarterly",
        "báo cáo",
    ),
    (
        "3. Đề nghị Ủy ban MTTQVN tỉnh vận động Nhân dân tham gia, hoàn thành trong quý III/2026.",
        "Ủy ban MTTQVN tỉnh",
        [],
        "2026-09-30",
        None,
        None,
    ),
    (
        "4. Các đảng ủy trực thuộc Tỉnh ủy căn cứ Kế hoạch này xây dựng kế hoạch thực hiện ở cấp mình,"
        " gửi về Văn phòng Tỉnh ủy trong tháng 7/2026.",
        "Các đảng ủy trực thuộc Tỉnh ủy",
        [],
        "2026-07-31",
        None,
        "kế hoạch thực hiện ở cấp mình",
    ),
    (
        "5. Sở Y tế chịu trách nhiệm tổ chức khám sàng lọc; hằng tháng báo cáo kết quả với Sở Tài chính.",
        "Sở Y tế",
        [],
        None,
        "monthly",
        "báo cáo kết quả",
    ),
    (
        "6. Văn phòng Tỉnh ủy tham mưu Ban Thường vụ Tỉnh ủy ban hành quy chế làm việc khóa mới.",
        "Văn phòng Tỉnh ủy",
        [],
        None,
        None,
        "quy chế làm việc khóa mới",
    ),
    (
        "7. Rà soát, bổ sung quy hoạch cán bộ giai đoạn 2026 - 2031.",
        None,
        [],
        None,
        None,
        None,
    ),
]


@pytest.mark.parametrize(("item", "lead", "coordinators", "deadline", "recurrence", "product"), SENTENCES)
def test_task_fields_from_sentences(item, lead, coordinators, deadline, recurrence, product):
    """Lead, coordinators, deadline, recurrence and product are read as the sentence states them."""
    (task,) = find_tasks(_plan(item))
    assert task.lead == lead
    assert list(task.coordinators) == coordinators
    assert (task.deadline.isoformat() if task.deadline else None) == deadline
    assert task.recurrence == recurrence
    if product is None:
        assert task.deliverable is None
    else:
        assert task.deliverable and task.deliverable.startswith(product)


def test_units_are_recognised_by_alias_and_abbreviation():
    """'UBND tỉnh' and 'VPTU' name the supplied units, whatever the spelling of 'ủy'."""
    orgs = [("Ủy ban nhân dân tỉnh", []), Organization("Văn phòng Tỉnh uỷ", ("VPTU",))]
    (task,) = find_tasks(
        _plan("1. UBND tỉnh chủ trì, phối hợp với VPTU xây dựng cơ sở dữ liệu dùng chung trong năm 2026."),
        organizations=orgs,
    )
    assert [a.unit for a in task.addressees] == ["Ủy ban nhân dân tỉnh", "Văn phòng Tỉnh uỷ"]
    assert task.deadline == date(2026, 12, 31)


def test_unit_heading_gives_the_lead_of_its_items():
    """Items under '1. Ban Tổ chức Tỉnh ủy' are that board's tasks."""
    tasks = find_tasks(
        _plan("1. Ban Tổ chức Tỉnh ủy", "- Hướng dẫn các cấp ủy triển khai.", "- Sơ kết vào tháng 12/2026.")
    )
    assert [t.lead for t in tasks] == ["Ban Tổ chức Tỉnh ủy"] * 2
    assert all(t.lead_inherited for t in tasks)
    assert tasks[1].deadline == date(2026, 12, 31)


def test_purpose_and_goals_are_not_tasks():
    """'Mục đích, yêu cầu' and 'Mục tiêu' describe the plan, not tasks."""
    text = _plan(
        "- Bảo đảm sự lãnh đạo thống nhất.",
        "2. Yêu cầu",
        "- Mỗi nhiệm vụ phải xác định rõ cơ quan chủ trì.",
        heading="I. MỤC ĐÍCH, YÊU CẦU",
    )
    assert find_tasks(text) == []


def test_action_programme_table_rows_are_tasks():
    """A DOCX task table ("a | b | c") gives one task per row with its columns as fields."""
    text = (
        "CHƯƠNG TRÌNH HÀNH ĐỘNG\n\nthực hiện Nghị quyết\n\n"
        "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm\n"
        "I | Công tác tuyên truyền | | | |\n"
        "1 | Biên soạn tài liệu hỏi - đáp | Ban Tuyên giáo và Dân vận Tỉnh ủy | Sở Nội vụ, Báo Hưng Yên"
        " | Quý III/2026 | Tài liệu hỏi - đáp\n"
        "2 | Báo cáo tình hình thi hành pháp luật | Sở Nội vụ | Các sở, ban, ngành | Hằng năm | Báo cáo\n"
    )
    first, second = find_tasks(text)
    assert first.text == "Biên soạn tài liệu hỏi - đáp" and first.source == "table"
    assert first.lead == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
    assert list(first.coordinators) == ["Sở Nội vụ", "Báo Hưng Yên"]
    assert first.deadline == date(2026, 9, 30)
    assert first.deliverable == "Tài liệu hỏi - đáp"
    assert first.section[-1] == "I. Công tác tuyên truyền"
    assert second.recurrence == "yearly" and second.deadline is None
    assert [a.group for a in second.addressees] == [None, "departments"]


def test_clarity_words_are_reported():
    """Each clarity names the words that carry it, or None when the text lacks it."""
    (task,) = find_tasks(
        _plan(
            "1. Sở Tài chính chủ trì xây dựng kế hoạch vốn, chịu trách nhiệm trước Ủy ban nhân dân tỉnh;"
            " trình Ủy ban nhân dân tỉnh trước ngày 15/8/2026."
        )
    )
    c = task.clarity
    assert c["owner"] == "Sở Tài chính"
    assert c["deadline"] == "trình Ủy ban nhân dân tỉnh trước ngày 15/8/2026" or c["deadline"].endswith(
        "15/8/2026"
    )
    assert c["deliverable"].startswith("kế hoạch vốn")
    assert c["accountability"].startswith("chịu trách nhiệm")
    assert c["authority"].startswith("trình Ủy ban nhân dân tỉnh") or c["authority"].startswith("chịu")
    vague = find_tasks(_plan("1. Tăng cường công tác dân vận."))[0].clarity
    assert vague["owner"] is None and vague["deadline"] is None and vague["deliverable"] is None


def test_offsets_index_the_original_text_of_a_hard_wrapped_file():
    """Offsets and text point into the text as given, even when lines were re-flowed."""
    text = _plan("1. Văn phòng Tỉnh ủy theo dõi, đôn đốc\nviệc thực hiện, báo cáo Thường trực Tỉnh ủy.")
    (task,) = find_tasks(text)
    assert text[task.offset : task.end] == task.text
    assert task.text.startswith("Văn phòng Tỉnh ủy")


def test_extraction_json_has_tasks_and_keeps_existing_keys():
    """The JSON output gains a `tasks` list; every other key stays."""
    out = extraction_to_dict(extract(SAMPLE.read_text(encoding="utf-8")), "000.txt")
    assert {"citations", "deadlines", "footnotes", "sections", "inspected_organizations"} <= set(out)
    task = out["tasks"][0]
    assert set(task) >= {"offset", "text", "action", "lead", "coordinators", "deadline", "recurrence"}
    assert set(task) >= {"deliverable", "addressees", "clarity", "section"}
    assert task["deadline"] == "2026-08-31"


def test_cli_extract_json_contains_tasks(capsys):
    """`roviec extract FILE --json` prints the tasks."""
    from roviec.cli import main

    assert main(["extract", str(SAMPLE), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tasks"] and out["tasks"][0]["deadline"] == "2026-08-31"


def test_find_tasks_accepts_an_extraction():
    """An Extraction already computed is reused; an organisation list re-reads the text."""
    extraction = extract(_plan("1. UBND tỉnh chủ trì rà soát quy hoạch."))
    assert find_tasks(extraction)[0].addressees[0].unit is None
    again = find_tasks(extraction, organizations=[("Ủy ban nhân dân tỉnh", ())])
    assert again[0].addressees[0].unit == "Ủy ban nhân dân tỉnh"
