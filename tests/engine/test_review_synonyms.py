"""The administrative synonym list (data/review_synonyms.csv) that coverage maps wording onto.

A group written with hyphens ("người-cao-tuổi") stands for its own words: a paraphrase is
rewritten as the canonical wording and keeps its syllables and pairs. A group written with
spaces, or of one word (an abbreviation such as "ubnd"), stays one term: used where a word of
the canonical wording is a function word coverage drops ("số" of "số hóa").
"""

import re

import pytest

from roviec.engine.review import coverage
from roviec.engine.review._text import table

ROWS = table("synonyms")


def _shared(a: str, b: str) -> set[str]:
    return set(coverage._terms(a)) & set(coverage._terms(b))


def test_every_phrase_has_one_group():
    """A phrase listed under two groups would silently take the last one."""
    seen: dict[str, str] = {}
    for phrase, group in ROWS:
        assert seen.setdefault(phrase, group) == group, phrase


def test_phrases_are_written_as_coverage_reads_text():
    """Lower case, single spaces and new-style tone placement ("hóa", "ủy"): other spellings never match."""
    for phrase, group in ROWS:
        assert phrase == phrase.lower().strip(), phrase
        assert "  " not in phrase, phrase
        assert coverage._TONE_RE.sub(lambda m: coverage._TONE_MOVE[m.group()], phrase) == phrase, phrase
        assert re.fullmatch(r"[^\W\d_]+(?:[ -][^\W\d_]+)*", group), group


@pytest.mark.parametrize(
    ("requirement", "task", "term"),
    [
        ("Số hóa hồ sơ hộ tịch.", "Chuyển hồ sơ hộ tịch sang dạng điện tử.", "số_hóa"),
        ("Chăm sóc người cao tuổi.", "Thăm hỏi người từ 60 tuổi trở lên.", "cao tuổi"),
        ("Kiểm tra lối thoát nạn.", "Kiểm tra lối thoát hiểm của các hộ.", "thoát nạn"),
        ("Phòng cháy, chữa cháy tại khu dân cư.", "Diễn tập chữa cháy ở thôn.", "cháy"),
        ("Vận động chức sắc, tín đồ.", "Gặp mặt linh mục, giáo dân giáo xứ.", "tín đồ"),
        ("Tuyên truyền về PCCC.", "Tuyên truyền phòng cháy và chữa cháy.", "chữa cháy"),
    ],
)
def test_paraphrase_shares_the_canonical_words(requirement, task, term):
    assert term in _shared(requirement, task)


def test_full_name_of_a_body_is_not_read_as_the_people():
    """ "Ủy ban nhân dân" is the commune authority, not "nhân dân" (the people)."""
    shared = _shared("Công khai quyết định của Ủy ban nhân dân.", "Công khai cho nhân dân.")
    assert not [term for term in shared if "dân" in term]
    groups = dict(ROWS)
    assert groups["ủy ban nhân dân"] == "ubnd"


@pytest.mark.parametrize(
    "syllable", ["trường", "bản", "hộ", "đình", "đền", "mạng", "xuân", "trẻ", "pháo", "đơn"]
)
def test_syllables_of_other_words_are_not_mapped(syllable):
    """A one-syllable phrase also matches inside other words ("trường" of "môi trường", "hộ" of
    "cứu hộ", "đình" of "đình chỉ"), so such syllables are never listed alone."""
    assert syllable not in dict(ROWS)
