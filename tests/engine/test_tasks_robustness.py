"""Task extraction never crashes, keeps offsets inside the text and stays linear in time."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roviec.engine.tasks import find_tasks

_PIECES = [
    *"aăâbcdđeêghiklmnoôơuưy 0123456789-/.,;:()|",
    "III. TỔ CHỨC THỰC HIỆN\n",
    "II. NHIỆM VỤ VÀ GIẢI PHÁP\n",
    "1. ",
    "- ",
    "Ban Tổ chức Tỉnh ủy ",
    "chủ trì, phối hợp với ",
    "các sở, ban, ngành",
    "Giao ",
    "Đề nghị ",
    "Đối với ",
    "xây dựng kế hoạch ",
    "báo cáo ",
    "hoàn thành trong tháng 8/2026",
    "trước ngày 31/7/2026",
    "hằng quý ",
    "STT | Nội dung | Chủ trì | Thời gian | Sản phẩm\n",
    "1 | Việc | Sở | Quý III/2026 | Báo cáo\n",
    "\n\n",
    "¹ 03 Ban Thường vụ Đảng ủy: xã A, xã B, xã C.\n",
    "THÔNG BÁO KẾT LUẬN\n",
]
DOCUMENTS = st.lists(st.sampled_from(_PIECES), max_size=150).map("".join)


def _check(text: str) -> None:
    for task in find_tasks(text, organizations=[("Ban Tổ chức Tỉnh ủy", ["BTCTU"])]):
        assert 0 <= task.offset <= task.end <= len(text)
        assert text[task.offset : task.end] == task.text
        for a in task.addressees:
            assert a.offset is None or 0 <= a.offset <= len(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_unicode_never_crashes(text):
    """Arbitrary Unicode yields tasks whose offsets slice the text."""
    _check(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS)
def test_document_like_noise_never_crashes(text):
    """Pieces of plans and tables in random order yield consistent tasks."""
    _check(text)


def _timed(text: str) -> float:
    start = time.perf_counter()
    find_tasks(text)
    return time.perf_counter() - start


def test_time_grows_linearly():
    """Ten times the text takes about ten times as long (no pathological patterns)."""
    item = (
        "- Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Văn phòng Tỉnh ủy, các sở, ban, ngành xây dựng"
        " kế hoạch, hoàn thành trước ngày 31/7/2026; hằng quý báo cáo Thường trực Tỉnh ủy.\n\n"
    )
    head = "KẾ HOẠCH\n\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n\n"
    small = head + item * 40
    large = head + item * 400
    _timed(small)
    t_small = min(_timed(small) for _ in range(3))
    t_large = min(_timed(large) for _ in range(2))
    assert t_large < 25 * t_small + 0.5


def test_one_huge_paragraph_and_long_unit_lists_stay_fast():
    """A single 200 000-character paragraph or a list of 5 000 units finishes quickly."""
    long_paragraph = "KẾ HOẠCH\n\nII. NHIỆM VỤ\n\n" + "Sở Nội vụ, " * 5000 + "xây dựng kế hoạch " * 8000
    start = time.perf_counter()
    find_tasks(long_paragraph)
    assert time.perf_counter() - start < 20
