"""Score the engine against every gold file: precision / recall / F1 per field per sample.

    python benchmarks/extract_accuracy.py [--format txt|docx|pdf] [--corpus DIR]

`--format docx|pdf` scores renditions of the samples once the readers provide them
(tests/engine/renditions.py); offsets are then compared on the rendition's own text.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gold import CORPUS, gold_files, load_gold, score_all

from roviec.engine.jsonout import extraction_to_dict
from roviec.engine.pipeline import extract

TARGETS = {"citation_mentions": 0.98, "unique_symbols": 0.98, "footnotes": 1.0}


def predict(source: Path, fmt: str = "txt") -> dict:
    if fmt == "txt":
        text = source.read_text(encoding="utf-8")
    else:
        from roviec.engine.read import read_path

        rendition = source.with_suffix(f".{fmt}")
        text = read_path(rendition).text
    return extraction_to_dict(extract(text), source.name)


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
        for name, score in score_all(gold, predicted).items():
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
