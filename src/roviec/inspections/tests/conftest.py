"""Fixtures for inspection tests: the sample conclusion notice and the province it names."""

import datetime
from pathlib import Path

import pytest

from roviec.demo.builder import _unit_from_written_name, slug
from roviec.engine import extract
from roviec.inspections import conclusion, services
from roviec.inspections.models import Finding, InspectionSubject
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


@pytest.fixture
def drafted(province):
    """A draft inspection of two communes: a shortcoming, a strength, a member's duty, a requirement."""
    inspector = province.users["inspector"]
    secretary = org_services.person_create(actor=None, full_name="Vũ Văn Bí")
    inspection = services.inspection_create(
        actor=inspector,
        committee=province.root,
        body=province.inspection,
        title="về việc kiểm tra hai xã",
        subject_units=[province.commune_a, province.commune_b],
        subject_members=[(secretary, province.commune_a, "Bí thư Đảng ủy xã Ân Thi")],
    )
    member = InspectionSubject.objects.get(inspection=inspection, person=secretary)
    shortcoming = services.finding_add(
        actor=inspector, inspection=inspection, text="Quy chế chậm sửa đổi.", units=[province.commune_a]
    )
    strength = services.finding_add(
        actor=inspector, inspection=inspection, text="Đoàn kết, thống nhất.", kind=Finding.Kind.STRENGTH
    )
    duty = services.finding_add(
        actor=inspector,
        inspection=inspection,
        text="Chịu trách nhiệm người đứng đầu.",
        kind=Finding.Kind.RESPONSIBILITY,
        members=[member],
        responsible_role=Finding.Role.HEAD,
    )
    requirement = services.requirement_add(
        actor=inspector, inspection=inspection, text="Sửa đổi quy chế làm việc."
    )
    services.inspection_update(
        actor=inspector, inspection=inspection, remediation_deadline=datetime.date(2026, 12, 31)
    )
    return inspection, shortcoming, strength, duty, requirement


def issue_notice(province, inspection):
    """A leader issues the notice of ``inspection`` (remediation tasks are assigned)."""
    conclusion.conclusion_issue(
        actor=province.users["leader"],
        inspection=inspection,
        symbol="702-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
    )
    inspection.refresh_from_db()
