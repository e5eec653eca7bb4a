"""Task extraction reaches its targets on the hand-labelled examples (tune, held-out, sample)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "task_extraction.py"


@pytest.fixture(scope="module")
def scores():
    spec = importlib.util.spec_from_file_location("task_extraction", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate()


@pytest.mark.parametrize("split", ["tune", "heldout", "sample"])
@pytest.mark.parametrize("field", ["task", "lead", "deadline", "addressees"])
def test_core_fields_reach_ninety_percent(scores, split, field):
    """Tasks, leads, deadlines and addressees reach F1 ≥ 0.9 on every split."""
    assert scores[split][field] >= 0.9


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_deliverables_reach_ninety_percent(scores, split):
    """Deliverables reach F1 ≥ 0.9 on the labelled plans, programmes and notices."""
    assert scores[split]["deliverable"] >= 0.9
