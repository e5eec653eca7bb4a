"""Scoring helpers shared by benchmarks/extract_accuracy.py and the engine tests.

Each scorer takes the gold dict (a *.gold.json file) and the predicted dict (the engine's
JSON output) and returns a Score with precision, recall and F1.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"
OFFSET_TOLERANCE = 3


@dataclass(frozen=True)
class Score:
    tp: int
    predicted: int
    gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.predicted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def gold_files(corpus: Path = CORPUS) -> list[Path]:
    return sorted(corpus.glob("*.gold.json"))


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _multiset_score(gold: Iterable, predicted: Iterable) -> Score:
    g, p = Counter(gold), Counter(predicted)
    return Score(sum((g & p).values()), sum(p.values()), sum(g.values()))


def score_citation_mentions(gold: dict, predicted: dict) -> Score:
    """A mention matches when type, symbol and date agree and offsets differ by a few characters."""
    remaining = list(gold.get("citations", []))
    tp = 0
    for cit in predicted.get("citations", []):
        for k, g in enumerate(remaining):
            if (
                abs(g["offset"] - cit["offset"]) <= OFFSET_TOLERANCE
                and g["type"] == cit["type"]
                and g["symbol"] == cit["symbol"]
                and g.get("date") == cit.get("date")
            ):
                tp += 1
                del remaining[k]
                break
    return Score(tp, len(predicted.get("citations", [])), len(gold.get("citations", [])))


def score_citation_exact(gold: dict, predicted: dict) -> Score:
    """Stricter: offset, text and issuer must agree too."""
    key = ("offset", "text", "type", "symbol", "date", "issuer")
    return _multiset_score(
        (tuple(c.get(k) for k in key) for c in gold.get("citations", [])),
        (tuple(c.get(k) for k in key) for c in predicted.get("citations", [])),
    )


def score_unique_symbols(gold: dict, predicted: dict) -> Score:
    g = {c["symbol"] for c in gold.get("citations", [])}
    p = {c["symbol"] for c in predicted.get("citations", [])}
    return Score(len(g & p), len(p), len(g))


def score_footnotes(gold: dict, predicted: dict) -> Score:
    return _multiset_score(
        ((f["mark"], f["text"]) for f in gold.get("footnotes", [])),
        ((f["mark"], f["text"]) for f in predicted.get("footnotes", [])),
    )


def score_deadlines(gold: dict, predicted: dict) -> Score:
    return _multiset_score(
        (d["normalized"] for d in gold.get("deadlines", [])),
        (d["normalized"] for d in predicted.get("deadlines", [])),
    )


def score_signature(gold: dict, predicted: dict) -> Score:
    g = gold.get("signature") or {}
    p = predicted.get("signature") or {}
    keys = ("on_behalf", "signer_title", "signer_name")
    tp = sum(1 for k in keys if g.get(k) and g.get(k) == p.get(k))
    return Score(tp, sum(1 for k in keys if p.get(k)), sum(1 for k in keys if g.get(k)))


def score_recipients(gold: dict, predicted: dict) -> Score:
    return _multiset_score(gold.get("recipients", []), predicted.get("recipients", []))


def score_named_references(gold: dict, predicted: dict) -> Score:
    """Named references matched by offset (± a few characters) only: their extent is borderline."""
    remaining = [g["offset"] for g in gold.get("named_references", [])]
    tp = 0
    for ref in predicted.get("named_references", []):
        for k, off in enumerate(remaining):
            if abs(off - ref["offset"]) <= OFFSET_TOLERANCE:
                tp += 1
                del remaining[k]
                break
    return Score(tp, len(predicted.get("named_references", [])), len(gold.get("named_references", [])))


def score_exact_field(gold: dict, predicted: dict, field: str) -> Score:
    g, p = gold.get(field), predicted.get(field)
    return Score(int(g is not None and g == p), int(p is not None), int(g is not None))


SCORERS = {
    "citation_mentions": score_citation_mentions,
    "citation_exact": score_citation_exact,
    "unique_symbols": score_unique_symbols,
    "footnotes": score_footnotes,
    "deadlines": score_deadlines,
    "signature": score_signature,
    "recipients": score_recipients,
    "named_references": score_named_references,
    "doc_type": lambda g, p: score_exact_field(g, p, "doc_type"),
    "title": lambda g, p: score_exact_field(g, p, "title"),
    "issuer": lambda g, p: score_exact_field(g, p, "issuer"),
}


def score_all(gold: dict, predicted: dict) -> dict[str, Score]:
    return {name: scorer(gold, predicted) for name, scorer in SCORERS.items()}
