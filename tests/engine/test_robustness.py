"""The engine never crashes and stays linear, whatever text a user uploads."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roviec.engine import extract, extraction_to_dict
from roviec.engine.normalise import normalise

_LETTERS = 'aăâbcdđeêghiklmnoôơpqrstuưvxyÀÁẢÃẠĐáàảãạấầẩẫậếềểễệọộợụựữ0123456789 \n\t-/.,;:()*¹²³⁽⁾“”"'
_PIECES = [
    *_LETTERS,
    "Quyết định số ",
    "ngày 17/4/2026",
    "418-QĐ/TU",
    "của Ban Thường vụ Tỉnh ủy",
    "\n\n",
    "**",
    "T/M ",
    "Nơi nhận:\n- ",
    " " * 40 + "\n1 ",
]
VIETNAMESE = st.lists(st.sampled_from(_PIECES), max_size=120).map("".join)


def _check(text: str) -> None:
    result = extract(text)
    extraction_to_dict(result, "x.txt")
    for cit in result.citations:
        assert 0 <= cit.offset <= cit.end <= len(text)
        assert text[cit.offset : cit.end] == cit.text
    for note in result.footnotes:
        assert 0 <= note.offset <= note.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=500))
def test_random_unicode_never_crashes(text):
    """Arbitrary Unicode yields a result with offsets inside the text."""
    _check(text)


@settings(max_examples=150, deadline=None)
@given(VIETNAMESE)
def test_document_like_noise_never_crashes(text):
    """Fragments of real documents in random order yield consistent offsets."""
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=600))
def test_binary_garbage_decoded_never_crashes(data):
    """Binary junk decoded leniently (as a bad upload would be) does not crash the engine."""
    _check(data.decode("utf-8", errors="replace"))
    _check(data.decode("latin-1"))


def test_decomposed_unicode_maps_offsets_to_the_original():
    """NFD input (combining accents) is analysed as NFC but offsets index the NFD text."""
    import unicodedata

    text = unicodedata.normalize(
        "NFD", "Thực hiện Quyết định số 418-QĐ/TU, ngày 17/4/2026 của Ban Thường vụ Tỉnh ủy."
    )
    (cit,) = extract(text).citations
    assert text[cit.offset : cit.end] == cit.text
    assert unicodedata.normalize("NFC", cit.text).startswith("Quyết định số 418-QĐ/TU")


def test_one_megabyte_single_line():
    """A 1 MB file without a line break is handled."""
    text = (
        "Thực hiện Quyết định số 12-QĐ/TU ngày 1/2/2026 của Tỉnh ủy, hoàn thành trong tháng 8/2026; " * 11000
    )[: 1024 * 1024]
    result = extract(text)
    assert len(result.citations) > 10000


def test_deeply_nested_numbering():
    """Numbering nested many levels deep builds a section tree without recursion trouble."""
    lines = []
    for depth in range(1, 6):
        lines.append(".".join(["1"] * depth) + ". Mục cấp " + str(depth))
    text = "\n".join(lines * 400)
    result = extract(text)
    assert result.sections


def test_thousands_of_footnote_marks():
    """Thousands of marks and bodies are paired in linear time."""
    sup = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
    n = 3000
    body = " ".join(f"đơn vị{str(i).translate(sup)}" for i in range(1, n + 1))
    notes = "\n".join(f"{str(i).translate(sup)} Ghi chú số {i}." for i in range(1, n + 1))
    start = time.perf_counter()
    result = extract(body + "\n" + notes)
    assert len(result.footnotes) == n
    assert all(f.mark_offset is not None for f in result.footnotes)
    assert time.perf_counter() - start < 60


def test_time_grows_linearly():
    """4× the input takes roughly 4× the time (loose bound: no quadratic stage)."""
    unit = "Quyết định số 1-QĐ/TU, ngày 1/1/2026 của Ban Thường vụ Tỉnh ủy¹ trước ngày 31/8/2025 báo cáo. "
    small = (unit * 4 + "\n") * 1500
    big = small * 4

    def timed(text: str) -> float:
        start = time.perf_counter()
        normalise(text)
        extract(text)
        return time.perf_counter() - start

    t_small = min(timed(small) for _ in range(2))
    t_big = timed(big)
    assert t_big < 12 * t_small + 1.0
