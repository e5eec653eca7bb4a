"""Coverage, date and copying details of the plan review that a reviewer relies on."""

import datetime

import pytest

from roviec.engine.review import review_task, review_texts
from roviec.engine.review._text import Doc
from roviec.engine.review.timeliness import document_date

SUPERIOR = """TỈNH ỦY HƯNG YÊN
Số 90-KH/TU
Hưng Yên, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
về công tác tiếp công dân

II- NHIỆM VỤ, GIẢI PHÁP
1. Kiện toàn đội ngũ cán bộ làm công tác tiếp công dân, bố trí cán bộ am hiểu pháp luật.
2. Công khai việc sử dụng kinh phí chi thường xuyên của cơ quan, đơn vị.
3. Bảo vệ người tố cáo, không để lộ thông tin của người tố cáo.
4. Người đứng đầu cấp ủy chịu trách nhiệm về kết quả giải quyết khiếu nại ở địa phương.
"""

DRAFT = """ĐẢNG ỦY XÃ MẪU
Số 03-KH/ĐU
Mẫu ngày 20 tháng 3 năm 2026

KẾ HOẠCH
thực hiện Kế hoạch số 90-KH/TU

II- NHIỆM VỤ
1. Ban Xây dựng Đảng tham mưu củng cố Tổ tiếp công dân của xã, bổ sung 01 công chức tư pháp; sản phẩm là Quyết định củng cố tổ, trình Ban Thường vụ Đảng ủy trước ngày 30/4/2026.
2. Văn phòng Đảng ủy niêm yết dự toán, quyết toán kinh phí tại trụ sở.
"""  # noqa: E501


def _verdicts(draft, superior):
    report = review_texts(draft, [superior])
    return [c.verdict for c in report.coverage if "KH/TU" not in c.superior_text]


def test_synonyms_link_a_requirement_to_the_task_that_rewords_it():
    """ "Kiện toàn" done as "củng cố", "công khai" done as "niêm yết" count as concretised."""
    assert _verdicts(DRAFT, SUPERIOR) == ["covered", "partly", "not_covered", "not_covered"]


def test_requirement_without_a_listed_verb_is_still_checked():
    """Every item of the superior's task section is a requirement, even with an unlisted verb."""
    report = review_texts(DRAFT, [SUPERIOR])
    assert any(c.superior_text.startswith("4. Người đứng đầu") for c in report.coverage)


def test_unrelated_task_does_not_cover_a_requirement():
    """A task sharing only common words with a requirement does not count as covering it."""
    draft = DRAFT + "3. Hội Nông dân xã tổ chức 02 lớp tập huấn trồng rau an toàn trong tháng 5/2026.\n"
    assert _verdicts(draft, SUPERIOR)[2:] == ["not_covered", "not_covered"]


def test_product_named_only_as_the_report_it_goes_into():
    """ "Kết quả tổng hợp trong Báo cáo năm" names a deliverable."""
    task = review_task(
        "Giao Đảng ủy Ủy ban nhân dân xã chỉ đạo vận động thêm 800 người tham gia bảo hiểm y tế; "
        "kết quả tổng hợp trong Báo cáo năm gửi Ban Thường vụ Đảng ủy trước ngày 31/12/2026."
    )
    assert "deliverable" not in task.missing
    assert "deliverable" in review_task("Vận động người dân tham gia bảo hiểm y tế trong báo cáo.").missing


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Hưng Yên, ngày 05 tháng 3 năm 2026", datetime.date(2026, 3, 5)),
        ("Phù Cừ ngày 22 tháng 12 năm 2026", datetime.date(2026, 12, 22)),
        ("ngày 14 tháng 9 năm 2026", datetime.date(2026, 9, 14)),
        ("Kim Động, ngày 08/6/2026", datetime.date(2026, 6, 8)),
        ("Ngày 14/5/2026, Ủy ban Kiểm tra Tỉnh ủy họp, nghe Đoàn kiểm tra báo cáo.", None),
    ],
)
def test_issue_date_read_from_the_date_line_however_written(header, expected):
    """The issue date is found in a header line written with or without place and comma, in
    words or figures; a date inside a sentence is an event, not the issue date."""
    assert document_date(Doc(f"ĐẢNG ỦY XÃ MẪU\nSố 01-KH/ĐU\n{header}\n\nKẾ HOẠCH\n")) == expected


def test_set_phrase_is_not_counted_as_copying():
    """A short set phrase repeated from a longer superior sentence is not mechanical copying;
    a whole item repeated is."""
    item = "2. Phát huy vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu trong tổ chức.\n"
    superior = "II- NHIỆM VỤ\n1. Đẩy mạnh phòng, chống tham nhũng, tiêu cực; xử lý nghiêm sai phạm.\n" + item
    draft = "II- NHIỆM VỤ\n1. Kiểm tra việc thu chi ngân sách; phòng, chống tham nhũng, tiêu cực.\n" + item
    spans = review_texts(draft, [superior]).copied_spans
    assert [s.draft_text[:8] for s in spans] == ["Phát huy"]


def test_numbered_item_of_a_task_section_is_a_task_whatever_its_verb():
    """A draft's numbered task with an owner and a date is a task even when its verb is not in
    the verb list (it used to be dropped, and the requirement it carries out read "not covered")."""
    from roviec.engine.review.items import find_items

    draft = (
        "II- NHIỆM VỤ\n"
        "1. Ủy ban nhân dân xã huy động lực lượng dọn sạch 07 điểm đổ rác dọc đê trước ngày 30/6/2027.\n"
        "2. Đoàn Thanh niên xã ra quân làm sạch kênh mương nội đồng vào Chủ nhật hằng tháng.\n"
    )
    texts = [t.text[:2] for t in find_items(Doc(draft))]
    assert texts == ["1.", "2."]


def test_table_row_with_empty_last_cell_keeps_its_product_column():
    """ "1 | … | Công trình được nghiệm thu |" (an empty note column at the end) still gives the
    product column to the task; cutting the empty cell used to lose the columns' roles."""
    from roviec.engine.review.items import find_items

    draft = (
        "II- NHIỆM VỤ\n"
        "TT | Nội dung công việc | Sản phẩm | Ghi chú\n"
        "A | Ủy ban nhân dân xã, hoàn thành trước ngày 20/7/2027 | |\n"
        "1 | Sửa chữa, sơn lại cổng và tường rào nhà bia ghi danh | Công trình được nghiệm thu |\n"
    )
    (task,) = find_items(Doc(draft))
    assert task.given.get("deliverable") == "Công trình được nghiệm thu"
    assert task.given.get("owner")


ORDER_SUPERIOR = """TỈNH ỦY HƯNG YÊN
KẾ HOẠCH
II- NHIỆM VỤ, GIẢI PHÁP
1. Kiện toàn Ban Chỉ đạo phòng, chống dịch bệnh gia súc, gia cầm của xã.
2. Sưu tầm hiện vật về lịch sử địa phương qua các thời kỳ kháng chiến, giữ gìn và phát huy giá trị truyền thống cách mạng quê hương.
3. Tiêm phòng vắc-xin lở mồm long móng cho đàn trâu bò.
"""  # noqa: E501
ORDER_DRAFT = """ĐẢNG ỦY XÃ MẪU
KẾ HOẠCH
II- NHIỆM VỤ
1. Ủy ban nhân dân xã củng cố Ban Chỉ đạo phòng, chống dịch bệnh gia súc, gia cầm trước ngày 30/4/2027; sản phẩm là Quyết định kiện toàn.
2. {middle}
3. Trạm Thú y xã tổ chức tiêm vắc-xin lở mồm long móng cho 100% đàn trâu bò trong tháng 5/2027; sản phẩm là báo cáo kết quả tiêm.
"""  # noqa: E501


def test_in_order_paraphrase_between_two_matched_items_is_covered():
    """A task that words the second requirement its own way shares only a few terms with it, too
    few to match alone; sitting between the tasks of the first and third requirements, it does."""
    middle = (
        "Hội Cựu chiến binh xã vận động các gia đình hiến tặng kỷ vật thời kháng chiến, ảnh cũ, thư từ, "
        "huân chương cho phòng trưng bày của nhà văn hóa trung tâm trong quý III/2027; sản phẩm là 50 hiện "
        "vật được tiếp nhận."
    )
    assert _verdicts(ORDER_DRAFT.format(middle=middle), ORDER_SUPERIOR) == ["covered"] * 3


def test_free_task_sharing_one_word_between_matched_items_does_not_cover():
    """An extra task of the draft in the same place, sharing one word with the requirement
    ("kháng chiến"), is not taken for it: the order prior needs two shared terms."""
    middle = (
        "Hội Cựu chiến binh xã tổ chức 02 buổi gặp mặt nhân chứng kháng chiến với học sinh trường "
        "trung học cơ sở trong tháng 12/2027; sản phẩm là 02 buổi gặp mặt."
    )
    assert _verdicts(ORDER_DRAFT.format(middle=middle), ORDER_SUPERIOR) == [
        "covered",
        "not_covered",
        "covered",
    ]


def test_order_prior_aligns_in_order_within_a_stretch():
    """Between the links (0, 0) and (3, 3), requirements 1 and 2 take tasks 1 and 2 in order,
    not crosswise, and a task sharing a single term is not taken."""
    from roviec.engine.review.coverage import _in_order

    scores = [
        {0: (0.8, 0.8, 5)},
        {1: (0.05, 0.05, 2), 2: (0.04, 0.04, 2)},
        {1: (0.045, 0.05, 2), 2: (0.03, 0.03, 2)},
        {3: (0.6, 0.6, 4)},
        {4: (0.05, 0.05, 1)},
    ]
    out = _in_order(scores, [[(0.8, 0)], [], [], [(0.6, 3)], []])
    assert [[j for _, j in found] for found in out] == [[0], [1], [2], [3], []]


def test_requirement_that_someone_answers_is_carried_by_the_task_naming_who_answers():
    """ "Người đứng đầu chịu trách nhiệm…" has no substance once the answerable person is taken out;
    the draft task saying who answers carries it out (partly: no deadline or product)."""
    superior = (
        "II- NHIỆM VỤ\n1. Cắt giảm tối đa hội nghị, hội thảo không cần thiết.\n"
        "2. Người đứng đầu chịu trách nhiệm khi để xảy ra lãng phí trong cơ quan, đơn vị mình.\n"
    )
    draft = (
        "II- NHIỆM VỤ\n1. Văn phòng Đảng ủy giảm 30% số cuộc họp trong năm 2027; sản phẩm là lịch họp quý.\n"
        "2. Bí thư Đảng ủy, Chủ tịch Ủy ban nhân dân xã chịu trách nhiệm trước Ban Thường vụ Tỉnh ủy "
        "về thực hành tiết kiệm ở đơn vị.\n"
    )
    assert _verdicts(draft, superior)[1] == "partly"


def test_numbered_requirements_of_a_directive_without_task_sections():
    """A directive lists its requirements after "… yêu cầu:" with no NHIỆM VỤ heading; each
    numbered item is a requirement, verb list or not."""
    from roviec.engine.review.items import find_items

    superior = (
        "CHỈ THỊ\nvề công tác khuyến học\n\nĐể công tác khuyến học đi vào chiều sâu, Ban Thường vụ yêu cầu:\n"
        "1. Củng cố hoạt động của trung tâm học tập cộng đồng ở các xã.\n"
        "2. Khen thưởng kịp thời học sinh nghèo vượt khó, sinh viên xuất sắc.\n"
        "3. Xóa mù chữ cho người lớn tuổi ở vùng khó khăn.\n"
    )
    items = find_items(Doc(superior), requirements=True)
    assert [t.text[:2] for t in items] == ["1.", "2.", "3."]


def test_short_requirement_takes_no_further_task_on_one_shared_term():
    """ "Bí thư cấp ủy tiếp công dân…" keeps one word once its owner and deadline are taken out and
    matches every task with that word; it takes its best one only, and the task that carries out
    the next requirement ("củng cố Tổ tiếp công dân") is left to it."""
    from roviec.engine.review.coverage import _matches

    scores = [{0: (1.0, 0.5, 1), 1: (1.0, 0.4, 1)}, {1: (0.09, 0.08, 4)}]
    found = _matches(scores, 0.3, 0.06)
    assert [[j for _, j in f] for f in found] == [[0], [1]]


def test_near_tie_crossing_the_order_is_decided_by_the_order():
    """Two requirements matching two tasks almost equally well take them in the draft's order."""
    from roviec.engine.review.coverage import _in_order

    scores = [{0: (0.34, 0.17, 5), 1: (0.34, 0.18, 5)}, {0: (0.31, 0.19, 6), 1: (0.29, 0.19, 6)}]
    out = _in_order(scores, [[(0.34, 1)], [(0.31, 0)]])
    assert [[j for _, j in found] for found in out] == [[0], [1]]
    # a clear winner is not swapped
    scores[1][1] = (0.1, 0.05, 2)
    out = _in_order(scores, [[(0.34, 1)], [(0.31, 0)]])
    assert [[j for _, j in found] for found in out] == [[1], [0]]


def test_weak_match_crossing_two_sure_matches_is_dropped():
    """A weak match whose task lies outside the stretch between the tasks of the sure matches
    around it ("thao trường" taken for "hội thao" after the next requirement's task) is dropped;
    with only one sure match beside it, the order is not trusted and it stays."""
    from roviec.engine.review.coverage import _in_order

    scores = [
        {0: (0.56, 0.5, 6)},
        {1: (0.46, 0.4, 4)},
        {3: (0.07, 0.05, 1)},
        {2: (0.49, 0.45, 8)},
    ]
    out = _in_order(scores, [[(0.56, 0)], [(0.46, 1)], [(0.07, 3)], [(0.49, 2)]])
    assert [[j for _, j in found] for found in out] == [[0], [1], [], [2]]
    out = _in_order(scores[:3], [[(0.56, 0)], [(0.46, 1)], [(0.07, 3)]])
    assert [[j for _, j in found] for found in out] == [[0], [1], [3]]


def test_item_on_organising_the_work_does_not_take_a_task_from_a_requirement():
    """ "III- TỔ CHỨC THỰC HIỆN: Các đảng ủy trực thuộc … báo cáo …" shares words with the draft's
    reporting task; the requirement of the task section that the task carries out gets it."""
    from roviec.engine.review.coverage import _matches

    scores = [{0: (0.37, 0.17, 3)}, {0: (0.46, 0.3, 3)}]
    assert [[j for _, j in f] for f in _matches(scores, 0.3, 0.06)] == [[], [0]]
    found = _matches(scores, 0.3, 0.06, later=frozenset({1}))
    assert [[j for _, j in f] for f in found] == [[0], []]


@pytest.mark.parametrize(
    "text",
    [
        "Ban Xây dựng Đảng theo dõi tư tưởng đảng viên, tổng hợp thành báo cáo chuyên đề định kỳ 6 tháng.",
        'Hội Khuyến học xã bình xét, công nhận 300 "Gia đình học tập" trước ngày 31/5/2028.',
    ],
)
def test_product_made_into_a_report_or_counted_by_title(text):
    """ "Tổng hợp thành báo cáo" names the report; '300 "Gia đình học tập"' is a counted output."""
    assert "deliverable" not in review_task(text).missing


def test_item_on_organising_the_work_takes_no_weak_match():
    """A weak match of "Các đảng ủy trực thuộc xây dựng chương trình kiểm tra, giám sát…" to a
    task sharing "giám sát" is no evidence: such an item takes a task only on a full match."""
    from roviec.engine.review.coverage import _matches

    scores = [{0: (0.24, 0.2, 1)}]
    assert [[j for _, j in f] for f in _matches(scores, 0.3, 0.06)] == [[0]]
    assert _matches(scores, 0.3, 0.06, later=frozenset({0})) == [[]]


def test_task_merging_two_neighbouring_requirements_answers_both():
    """A draft task doing two neighbouring requirements at once ("khoanh vùng …, mời doanh nghiệp
    ký hợp đồng bao tiêu") carries both; a requirement two items away does not share it."""
    from roviec.engine.review.coverage import _matches

    # requirement -> {task: (score, balanced score, shared terms)}
    scores = [{0: (0.2, 0.11, 3), 1: (0.07, 0.07, 2)}, {0: (0.25, 0.14, 4)}, {}]
    assert [[j for _, j in found] for found in _matches(scores, 0.3, 0.06)] == [[0], [0], []]
    far = [{0: (0.25, 0.14, 4)}, {}, {0: (0.2, 0.11, 3), 1: (0.07, 0.07, 2)}]
    assert [[j for _, j in found] for found in _matches(far, 0.3, 0.06)] == [[0], [], [1]]
    # a task matching the second far less well than the first is the first's only
    lopsided = [{0: (0.2, 0.05, 3), 1: (0.07, 0.07, 2)}, {0: (0.25, 0.14, 4)}, {}]
    assert [[j for _, j in found] for found in _matches(lopsided, 0.3, 0.06)] == [[1], [0], []]


def test_bound_syllable_is_no_term_alone():
    """ "vệ" of "bảo vệ đê điều" and of "dọn vệ sinh" are different words: only the pair counts."""
    from roviec.engine.review.coverage import _terms

    guard, cleanup = _terms("Xây dựng phương án bảo vệ đê điều"), _terms("Ra quân dọn vệ sinh bờ sông")
    assert "bảo vệ" in guard and "vệ sinh" in cleanup
    assert not set(guard) & set(cleanup)


def test_uncovered_requirement_lists_the_tasks_a_reviewer_should_check():
    """A requirement left uncovered names the draft's closest tasks for the reviewer to confirm,
    even one already answering another requirement; the verdict stays "not covered". A requirement
    sharing no term with any task proposes nothing rather than noise."""
    report = review_texts(DRAFT, [SUPERIOR])
    protect, answer = report.coverage[-2:]
    assert (protect.verdict, protect.candidates) == ("not_covered", [])
    assert answer.verdict == "not_covered"
    assert [k.draft_offset for k in answer.candidates] == [DRAFT.index("1. Ban Xây dựng Đảng")]
    assert answer.candidates[0].text.startswith("1. Ban Xây dựng Đảng tham mưu củng cố")
    assert answer.candidates[0].missing == ["accountability"]
    assert all(not c.candidates for c in report.coverage if c.verdict != "not_covered")


def test_candidates_are_at_most_three_best_first():
    draft = DRAFT + "".join(
        f"{k}. Tổ công tác số {k} rà soát trách nhiệm người đứng đầu thôn {k} về khiếu nại.\n"
        for k in range(3, 9)
    )
    report = review_texts(draft, [SUPERIOR])
    lists = [c.candidates for c in report.coverage if c.verdict == "not_covered"]
    assert any(len(k) == 3 for k in lists)
    for found in lists:
        assert len(found) <= 3
        assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_candidates_are_in_the_json_contract():
    from roviec.engine.review import report_to_dict

    data = report_to_dict(review_texts(DRAFT, [SUPERIOR]))
    assert all("candidates" in c for c in data["coverage"])
    for c in data["coverage"]:
        for k in c["candidates"]:
            assert set(k) == {"draft_offset", "text", "score", "missing"}
