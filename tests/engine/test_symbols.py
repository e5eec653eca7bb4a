"""Symbols (số và ký hiệu): valid Party and State forms parse; every malformed part is named."""

from __future__ import annotations

import time

import pytest

from roviec.engine.reference import load_reference
from roviec.engine.symbols import Symbol, SymbolError, canonical_symbol, parse_symbol, symbol_problems

VALID = [
    # text, system, number, suffix, year, type_code, issuer_code, drafting_unit
    ("418-QĐ/TU", "party", 418, "", None, "QĐ", "TU", None),
    ("21-KL/TW", "party", 21, "", None, "KL", "TW", None),
    ("04-KH/ĐU", "party", 4, "", None, "KH", "ĐU", None),
    ("07-QĐi/TW", "party", 7, "", None, "QĐi", "TW", None),
    ("05-QC/BTCTU-BDVTU", "party", 5, "", None, "QC", "BTCTU-BDVTU", None),
    ("16-CTr/TU", "party", 16, "", None, "CTr", "TU", None),
    ("603-CV/ĐU", "party", 603, "", None, "CV", "ĐU", None),
    ("12-HD/UBKTTU", "party", 12, "", None, "HD", "UBKTTU", None),
    ("1419/KH-UBND", "state", 1419, "", None, "KH", "UBND", None),
    ("02/NQ-CP", "state", 2, "", None, "NQ", "CP", None),
    ("134a/QĐ-UBND", "state", 134, "a", None, "QĐ", "UBND", None),
    ("143/2020/NĐ-CP", "state", 143, "", 2020, "NĐ", "CP", None),
    ("21/2024/QĐ-UBND", "state", 21, "", 2024, "QĐ", "UBND", None),
    ("4872/UBND-KTN", "state", 4872, "", None, None, "UBND", "KTN"),
    ("35/QĐ-TTg", "state", 35, "", None, "QĐ", "TTg", None),
    ("25/2004/QH11", "state", 25, "", 2004, None, "QH11", None),
    ("88/HĐND-VP", "state", 88, "", None, None, "HĐND", "VP"),
]


@pytest.mark.parametrize(("text", "system", "number", "suffix", "year", "type_code", "issuer", "unit"), VALID)
def test_valid_symbols_parse(text, system, number, suffix, year, type_code, issuer, unit):
    """A clerk can register any well-formed Party or State symbol."""
    assert parse_symbol(text) == Symbol(text, system, number, suffix, year, type_code, issuer, unit)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [(" 05-\n\nCT/TW", "05-CT/TW"), ("418 - QĐ / TU", "418-QĐ/TU"), ("143/2020/\nNĐ-CP", "143/2020/NĐ-CP")],
)
def test_whitespace_and_line_breaks_are_removed(written, canonical):
    """Symbols split by PDF line breaks are joined."""
    assert canonical_symbol(written) == canonical
    assert parse_symbol(written).text == canonical


MALFORMED = [
    # text, the parts that must be reported, a word the message must contain
    ("418-QĐ-TU", {"separator"}, "/"),
    ("418/QĐ/TU", {"separator"}, "-"),
    ("-QĐ/TU", {"number"}, "số"),
    ("418-QĐ/", {"issuer_code"}, "cơ quan"),
    ("abc-QĐ/TU", {"number"}, "abc"),
    ("143/20/NĐ-CP", {"year"}, "4 chữ số"),
    ("143/1850/NĐ-CP", {"year"}, "1850"),
    ("418-QX/TU", {"type_code"}, "QX"),
    ("418-NĐ/TU", {"type_code"}, "NĐ"),
    ("12/QĐX-UBND", {"type_code"}, "QĐX"),
    ("0-QĐ/TU", {"number"}, "dương"),
    ("418-QĐ/tu", {"issuer_code"}, "in hoa"),
    ("418", {"separator"}, "418"),
    ("418/QĐ", {"issuer_code"}, "QĐ"),
    ("418–QĐ/TU", {"separator"}, "gạch"),
    ("418-QĐ/T#U", {"whole"}, "#"),
    ("", {"whole"}, "trống"),
    ("abc-QX/", {"number", "type_code", "issuer_code"}, "abc"),
    ("12/20/QX-ub", {"year", "type_code", "issuer_code"}, "QX"),
]


@pytest.mark.parametrize(("text", "parts", "word"), MALFORMED)
def test_malformed_symbols_name_every_faulty_part(text, parts, word):
    """A clerk sees every faulty part at once, each in a Vietnamese sentence."""
    with pytest.raises(SymbolError) as info:
        parse_symbol(text)
    assert {p.part for p in info.value.problems} == parts
    assert word in str(info.value)
    assert all(p.message.strip() for p in info.value.problems)
    assert symbol_problems(text) == info.value.problems


def test_unknown_type_code_suggests_close_valid_codes():
    """An unknown type code lists the valid codes it resembles."""
    (problem,) = symbol_problems("5/CD-UBND")
    assert problem.part == "type_code"
    assert "CĐ" in problem.message


def test_reference_lists_are_loaded_once_and_complete():
    """Type codes and names come from the CSV, not from code."""
    ref = load_reference()
    assert ref is load_reference()
    assert ref.type_name("KL") == "Kết luận"
    assert "QĐ" in ref.type_codes_for("party") and "NĐ" not in ref.type_codes_for("party")
    assert "TTg" not in ref.type_codes  # an issuer code in QĐ-TTg
    assert "UBND" in ref.issuers


def test_parsing_is_linear_on_long_input():
    """A pathological symbol does not hang the registry form."""
    start = time.perf_counter()
    for text in ("1" * 200_000 + "-QĐ/TU", "1-" + "Q" * 200_000 + "/TU", "1/" + "A-" * 100_000):
        assert symbol_problems(text) or True
    assert time.perf_counter() - start < 5
