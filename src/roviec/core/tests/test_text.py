"""Vietnamese folding for search and Vietnamese alphabetical order for names."""

import pytest

from roviec.core.text import fold, vietnamese_sort_key


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Kết luận số 21-KL/TW", "ket luan so 21-kl/tw"),
        ("ĐẢNG ỦY  XÃ\tÂn Thi", "dang uy xa an thi"),
        ("Nghị quyết", "nghi quyet"),
        ("", ""),
    ],
)
def test_fold(text, folded):
    """Search ignores diacritics, case, đ/Đ and repeated spaces."""
    assert fold(text) == folded


def test_vietnamese_alphabetical_order():
    """Names sort as a Vietnamese reader expects: a ă â … d đ …, tone marks second."""
    names = [
        "Đông Hưng",
        "Dương Quang",
        "Ân Thi",
        "Ăn Xuân",
        "An Lão",
        "Bình Thanh",
        "Á Đông",
        "Ơn Hoà",
        "Ô Diên",
    ]
    assert sorted(names, key=vietnamese_sort_key) == [
        "An Lão",
        "Á Đông",
        "Ăn Xuân",
        "Ân Thi",
        "Bình Thanh",
        "Dương Quang",
        "Đông Hưng",
        "Ô Diên",
        "Ơn Hoà",
    ]
