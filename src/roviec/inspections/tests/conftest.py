"""Fixtures for inspection tests: the sample conclusion notice and the province it names."""

import datetime
from pathlib import Path

import pytest

from roviec.demo.builder import _unit_from_written_name, slug
from roviec.engine import extract
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit

CORPUS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "corpus"
SAMPLE = CORPUS / "000_7e00125ec9cf1de4.txt"


@pytest.fixture(scope="session")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_gold() -> dict:
    import json

    return json.loads((CORPUS / (SAMPLE.name + ".gold.json")).read_text(encoding="utf-8"))


@pytest.fixture
def sample_units(province, sample_text):
    """The 30 organisations of the sample, under the province root (two exist in ``province``)."""
    units = []
    for written in extract(sample_text).inspected_organizations:
        kind, name, aliases = _unit_from_written_name(written)
        unit = OrgUnit.objects.filter(name=name).first()
        if unit is None:
            unit = org_services.unit_create(
                actor=None, code=slug(name)[:64], kind=kind, name=name, parent=province.root, aliases=aliases
            )
        units.append(unit)
    return units


@pytest.fixture
def dates():
    return {
        "decision": datetime.date(2026, 4, 17),
        "notice": datetime.date(2026, 6, 15),
        "deadline": datetime.date(2026, 12, 31),
    }
