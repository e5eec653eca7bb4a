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
