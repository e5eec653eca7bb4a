"""Score task extraction against the hand-labelled tasks: precision / recall / F1 per field.

    python benchmarks/task_extraction.py [--show-misses]

Labels: tests/fixtures/tasks_labelled/labels.jsonl (one task a line, located by `at`, the
first words of its text). Splits: `tune` (looked at while writing the rules), `heldout`
(held-out-1: never looked at while the rules were first written), `heldout2` (held-out-2: the
`h2_*` documents, written and labelled — with the `action` field too — and committed before
the second round of fixes, so the figures measured on them before those fixes are honest) and
`sample` (the sample conclusion notice 000).

A predicted task matches a labelled one when it starts at the label's `at` (±3 characters)
or its span contains that position. Per field, TP = matched task with an equal non-null
value; FP = a non-null predicted value that is wrong (or belongs to an unmatched prediction);
FN = a non-null label value not found. Equality: lead and coordinators compare folded text
(case, whitespace, tone-placement spelling) or the same supplied organisation; deadline and
recurrence exact; deliverable when the token F1 of the two phrases is at least 0.5;
addressees as sets of keys (organisation, `group:code`, or folded name); action (scored only
where the label has one) when the token F1 of the two phrases is at least 0.8.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "fixtures" / "tasks_labelled"
sys.path.insert(0, str(ROOT / "src"))

from roviec.engine.pipeline import extract  # noqa: E402
from roviec.engine.taskfind.vocab import as_organizations, build_org_matcher, key, load_vocabulary  # noqa: E402

FIELDS = ("task", "lead", "coordinators", "deadline", "recurrence", "deliverable", "addressees", "action")
TARGET = 0.9


def _path(doc: str) -> Path:
    if doc.startswith("corpus/"):
        return ROOT / "tests" / "fixtures" / doc
    return LABELS / "docs" / doc


def _fold(text: str | None) -> str:
    return " ".join(key(text or "").replace('"', " ").replace("“", " ").replace("”", " ").split()).strip(
        " .,;:"
    )


def _tokens(text: str) -> list[str]:
    return [t for t in _fold(text).replace(",", " ").split() if t]


def _token_f1(a: str, b: str) -> float:
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum(min(ta.count(t), tb.count(t)) for t in set(ta))
    if not common:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


class Scorer:
    def __init__(self, organizations):
        self.orgs = build_org_matcher(organizations, load_vocabulary())
        self.counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        self.misses: list[str] = []
        self.labelled: dict[str, int] = defaultdict(int)

    def unit_key(self, name: str) -> str:
        if name.startswith(("group:", "name:")):
            kind, _, rest = name.partition(":")
            return f"{kind}:{_fold(rest)}" if kind == "name" else name
        canonical = self.orgs.canonical(name)
        return _fold(canonical or name)

    def addressee_key(self, a: dict) -> str:
        if a["unit"]:
            return _fold(a["unit"])
        if a["group"]:
            return f"group:{a['group']}"
        if a["generic"]:
            return f"name:{_fold(a['name'])}"
        return self.unit_key(a["name"])

    def add(self, split: str, name: str, tp: int, fp: int, fn: int) -> None:
        c = self.counts[(split, name)]
        c[0] += tp
        c[1] += fp
        c[2] += fn

    def compare(
        self, split: str, doc: str, label: dict | None, pred: dict | None, inspected: list[str]
    ) -> None:
        for name in FIELDS[1:]:
            if name == "action" and (label is None or "action" not in label):
                continue  # only the held-out-2 labels carry the action
            gold = None if label is None else label[name]
            got = None if pred is None else pred.get(name)
            if name in ("coordinators", "addressees"):
                if label is not None and name == "addressees":
                    gold_list = []
                    for g in gold:
                        gold_list.extend(inspected if g == "@inspected" else [g])
                    gold_set = {self.unit_key(g) for g in gold_list}
                elif label is not None:
                    gold_set = {self.unit_key(g) for g in gold}
                else:
                    gold_set = set()
                if pred is None:
                    got_set = set()
                elif name == "addressees":
                    got_set = {self.addressee_key(a) for a in got}
                else:
                    got_set = {self.unit_key(g) for g in got}
                tp = len(gold_set & got_set)
                self.add(split, name, tp, len(got_set - gold_set), len(gold_set - got_set))
                if gold_set != got_set and label is not None:
                    self.misses.append(
                        f"{doc} {label['at'][:40]!r} {name}: want {sorted(gold_set)} got {sorted(got_set)}"
                    )
                continue
            if name == "lead":
                ok = (
                    gold is not None
                    and got is not None
                    and (_fold(gold) == _fold(got) or self.unit_key(gold) == self.unit_key(got))
                )
            elif name == "deliverable":
                ok = gold is not None and got is not None and _token_f1(gold, got) >= 0.5
            elif name == "action":
                ok = gold is not None and got is not None and _token_f1(gold, got) >= 0.8
            else:
                ok = gold is not None and gold == got
            tp = 1 if ok else 0
            fp = 1 if got is not None and not ok else 0
            fn = 1 if gold is not None and not ok else 0
            self.add(split, name, tp, fp, fn)
            if (fp or fn) and label is not None:
                self.misses.append(f"{doc} {label['at'][:40]!r} {name}: want {gold!r} got {got!r}")

    def f1(self, split: str, name: str) -> tuple[float, float, float]:
        tp, fp, fn = self.counts[(split, name)]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def report(self, splits: list[str]) -> None:
        print(f"{'field':<14}" + "".join(f"{SPLIT_NAMES.get(s, s):>24}" for s in splits))
        print(f"{'':<14}" + "".join(f"{'P     R     F1':>24}" for _ in splits))
        for name in FIELDS:
            row = f"{name:<14}"
            for split in splits:
                if not any(self.counts[(split, name)]):
                    row += f"{'n/a':>22}  "
                    continue
                p, r, f = self.f1(split, name)
                row += f"{p:>10.2f}{r:>6.2f}{f:>6.2f}  "
            print(row)
        print(f"{'labelled tasks':<14}" + "".join(f"{self.labelled[s]:>22}  " for s in splits))


SPLITS = ["tune", "heldout", "heldout2", "sample"]
SPLIT_NAMES = {"heldout": "held-out-1", "heldout2": "held-out-2"}


def score() -> tuple[Scorer, dict]:
    organizations = as_organizations(json.loads((LABELS / "organizations.json").read_text(encoding="utf-8")))
    documents = json.loads((LABELS / "documents.json").read_text(encoding="utf-8"))
    labels = [
        json.loads(line)
        for line in (LABELS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
        if line
    ]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for label in labels:
        by_doc[label["doc"]].append(label)
    scorer = Scorer(organizations)
    from roviec.engine.tasks import task_to_dict

    for doc, doc_labels in by_doc.items():
        text = _path(doc).read_text(encoding="utf-8")
        split = documents[doc]["split"]
        extraction = extract(text, organizations=organizations)
        inspected = documents[doc].get("inspected") or list(extraction.inspected_organizations or ())
        if doc.startswith("corpus/"):
            gold = json.loads(_path(doc + ".gold.json").read_text(encoding="utf-8"))
            first = gold["footnotes"][0]["text"]
            inspected = [i.strip().rstrip(".") for i in first.split(":", 1)[1].split(",")]
        preds = [task_to_dict(t) | {"end": t.end} for t in extraction.tasks]
        used: set[int] = set()
        for label in doc_labels:
            scorer.labelled[split] += 1
            at = text.index(label["at"])
            match = None
            for i, p in enumerate(preds):
                if i in used:
                    continue
                if abs(p["offset"] - at) <= 3 or p["offset"] <= at < p["end"]:
                    match = i
                    break
            if match is None:
                scorer.add(split, "task", 0, 0, 1)
                scorer.misses.append(f"{doc} {label['at'][:40]!r} task: not found")
                scorer.compare(split, doc, label, None, inspected)
            else:
                used.add(match)
                scorer.add(split, "task", 1, 0, 0)
                scorer.compare(split, doc, label, preds[match], inspected)
        for i, p in enumerate(preds):
            if i not in used:
                scorer.add(split, "task", 0, 1, 0)
                scorer.misses.append(f"{doc} extra task at {p['offset']}: {p['text'][:60]!r}")
                scorer.compare(split, doc, None, p, inspected)
    return scorer, documents


def evaluate() -> dict[str, dict[str, float]]:
    """F1 per split per field (for the tests)."""
    scorer, _documents = score()
    return {split: {name: scorer.f1(split, name)[2] for name in FIELDS} for split in SPLITS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--split", default=None, help="show misses of one split only")
    args = parser.parse_args(argv)
    scorer, documents = score()
    scorer.report(SPLITS)
    if args.show_misses:
        print()
        for miss in scorer.misses:
            if args.split is None or documents[miss.split()[0]]["split"] == args.split:
                print(miss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
