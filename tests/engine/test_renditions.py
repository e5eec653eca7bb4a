"""Reading a Word or PDF rendition of a corpus sample loses no footnote and no citation."""

from __future__ import annotations

import pytest

from roviec.engine.read import read_path

from . import renditions

SAMPLES = renditions.samples()
FORMATS = ["docx", "pdf"]


def _render(sample: renditions.Sample, fmt: str):
    if fmt == "pdf":
        if renditions.soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed; PDF renditions need it")
        return renditions.render_pdf(sample)
    return renditions.render_docx(sample)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_rendition_keeps_footnotes(sample, fmt):
    """Every gold footnote comes back as '<superscript mark> <body>' and its mark sits in the text."""
    source = read_path(_render(sample, fmt))
    folded = renditions.fold(renditions.join_broken_symbols(source.text))
    for note in sample.gold["footnotes"]:
        mark = str(note["mark"]).translate(renditions.SUP)
        assert f"{mark} {renditions.fold(note['text'])}" in folded, f"footnote {note['mark']} body"
        assert folded.count(mark) >= 2, f"footnote {note['mark']} reference mark"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_rendition_keeps_citation_symbols(sample, fmt):
    """Every cited symbol of the gold file can be found again (line breaks aside)."""
    source = read_path(_render(sample, fmt))
    squeezed = "".join(source.text.split())
    missing = [c["symbol"] for c in sample.gold["citations"] if c["symbol"] not in squeezed]
    assert not missing


# -- end-to-end: the analysis scores as well on a rendition as on the text ------------------
# Offsets of a rendition index its own text, not the gold's, so only offset-free fields count.
# The layout stage (engine/layout.py) joins hard-wrapped PDF lines across the blank line the
# PDF reader puts at a paragraph break, so a trích yếu runs into the next paragraph and
# "Ng. Châu" swallows "Nơi nhận:". Known, owned by the analysis stages; XPASS once fixed.
OFFSET_FREE = (
    "unique_symbols",
    "footnotes",
    "deadlines",
    "signature",
    "recipients",
    "doc_type",
    "title",
    "issuer",
)


def _score(gold: dict, text: str) -> dict[str, float]:
    pipeline = pytest.importorskip("roviec.engine.pipeline", reason="analysis pipeline not built yet")
    jsonout = pytest.importorskip("roviec.engine.jsonout", reason="engine JSON output not built yet")
    gold_scores = pytest.importorskip("benchmarks._gold", reason="benchmarks/_gold.py not present")
    predicted = jsonout.extraction_to_dict(pipeline.extract(text), gold["source"])
    scores = {name: gold_scores.SCORERS[name](gold, predicted).f1 for name in OFFSET_FREE}
    mentions = gold_scores._multiset_score(
        ((c["type"], c["symbol"], c.get("date")) for c in gold.get("citations", [])),
        ((c["type"], c["symbol"], c.get("date")) for c in predicted.get("citations", [])),
    )
    scores["citation_mentions_any_offset"] = mentions.f1
    return scores


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_rendition_scores_within_two_points_of_text(sample, fmt):
    """The pipeline on a Word/PDF rendition scores (mean F1 of offset-free fields) no more than
    0.02 below the same pipeline on the sample's .txt."""
    baseline = _score(sample.gold, sample.text)
    rendition = _score(sample.gold, read_path(_render(sample, fmt)).text)
    mean = lambda scores: sum(scores.values()) / len(scores)  # noqa: E731
    worse = {
        k: (round(baseline[k], 3), round(rendition[k], 3)) for k in baseline if rendition[k] < baseline[k]
    }
    assert mean(rendition) >= mean(baseline) - 0.02, worse
