"""Score the engine against every gold file: precision / recall / F1 per field per sample.

    python benchmarks/extract_accuracy.py [--format txt|docx|pdf] [--corpus DIR]

`--format docx|pdf` renders each sample to DOCX with real Word footnotes (and that DOCX to PDF
with LibreOffice) through tests/engine/renditions.py, reads the rendition back and scores it.
A rendition's text is not the sample's text, so offset-based fields are scored without offsets
there: citation mentions by (type, symbol, date) as a multiset; named references are left out.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _gold import CORPUS, _multiset_score, gold_files, load_gold, score_all

from roviec.engine.jsonout import extraction_to_dict
from roviec.engine.pipeline import extract

TARGETS = {"citation_mentions": 0.98, "unique_symbols": 0.98, "footnotes": 1.0}


def predict(source: Path, fmt: str = "txt") -> dict:
    if fmt == "txt":
        text = source.read_text(encoding="utf-8")
    else:
        from roviec.engine.read import read_path
        from tests.engine import renditions

        sample = next(s for s in renditions.samples() if s.name == source.stem)
        rendition = renditions.render_docx(sample) if fmt == "docx" else renditions.render_pdf(sample)
        text = read_path(rendition).text
    return extraction_to_dict(extract(text), source.name)


def scores_for(gold: dict, predicted: dict, fmt: str) -> dict:
    scores = score_all(gold, predicted)
    if fmt != "txt":
        scores["citation_mentions"] = _multiset_score(
            ((c["type"], c["symbol"], c.get("date")) for c in gold.get("citations", [])),
            ((c["type"], c["symbol"], c.get("date")) for c in predicted.get("citations", [])),
        )
        for offset_based in ("citation_exact", "named_references"):
            scores.pop(offset_based, None)
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--format", default="txt", choices=["txt", "docx", "pdf"])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    failed = False
    for gold_path in gold_files(args.corpus):
        gold = load_gold(gold_path)
        source = gold_path.with_name(gold["source"])
        try:
            predicted = predict(source, args.format)
        except Exception as exc:
            print(f"{gold['source']}: cannot score ({exc})")
            failed = True
            continue
        print(f"\n{gold['source']} ({args.format})")
        print(f"  {'field':<20}{'P':>7}{'R':>7}{'F1':>7}   tp/pred/gold")
        for name, score in scores_for(gold, predicted, args.format).items():
            mark = ""
            if name in TARGETS and score.f1 < TARGETS[name]:
                mark, failed = "  < target", True
            print(
                f"  {name:<20}{score.precision:7.3f}{score.recall:7.3f}{score.f1:7.3f}"
                f"   {score.tp}/{score.predicted}/{score.gold}{mark}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
