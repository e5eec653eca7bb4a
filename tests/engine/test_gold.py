"""The engine reproduces the hand-annotated gold files of the sample corpus."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _gold import gold_files, load_gold, score_all

from roviec.engine import extract, extraction_to_dict

GOLD = gold_files()


def _predict(gold_path: Path) -> tuple[dict, dict, str]:
    gold = load_gold(gold_path)
    text = gold_path.with_name(gold["source"]).read_text(encoding="utf-8")
    return gold, extraction_to_dict(extract(text), gold["source"]), text


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.split("_")[0])
def test_gold_scores_at_target(gold_path):
    """Citations, symbols and footnotes meet the accuracy target on every sample."""
    gold, predicted, _text = _predict(gold_path)
    scores = score_all(gold, predicted)
    assert scores["citation_mentions"].f1 >= 0.98
    assert scores["unique_symbols"].f1 >= 0.98
    assert scores["footnotes"].recall == 1.0
    for field in ("deadlines", "signature", "recipients", "doc_type", "title", "issuer"):
        assert scores[field].f1 == 1.0, field


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.name.split("_")[0])
def test_offsets_index_the_original_text(gold_path):
    """Every reported offset slices the raw file text to the reported mention."""
    _gold, predicted, text = _predict(gold_path)
    for cit in predicted["citations"]:
        assert text[cit["offset"] : cit["offset"] + len(cit["text"])] == cit["text"]
    for ref in predicted["named_references"]:
        assert text[ref["offset"] : ref["offset"] + len(ref["text"])] == ref["text"]
    for d in predicted["deadlines"]:
        assert text[d["offset"] : d["offset"] + len(d["text"])] == d["text"]


def test_conclusion_notice_lists_inspected_units_and_findings():
    """A conclusion notice yields the inspected organisations and the findings per unit."""
    path = next(p for p in GOLD if load_gold(p).get("findings_by_unit"))
    gold, predicted, _text = _predict(path)
    assert predicted["inspected_organizations"] == gold["inspected_organizations"]
    assert predicted["findings_by_unit"] == gold["findings_by_unit"]
