"""The demo inspection builds from the sample notice on top of the demo province."""

import datetime

from roviec.demo import builder
from roviec.demo.inspections import build_demo_inspection
from roviec.inspections import programmes
from roviec.inspections.models import DisciplineCase, RemediationTask


def test_demo_inspection_from_the_sample(db):
    """30 subjects, findings from the footnotes, the existing remediation tasks linked, registers filled."""
    tree = builder._build_tree()
    users = builder._build_people(tree, "Mat-khau-demo-2026", builder.DemoResult())
    docs = builder._build_documents(tree, users)
    builder._build_tasks(tree, users, docs, datetime.date(2026, 11, 22))
    inspection = build_demo_inspection(tree, users, docs)
    assert inspection.subjects.count() == 30
    assert inspection.notice == docs["conclusion"] and inspection.decision == docs["decision"]
    assert inspection.findings.count() >= 10
    assert RemediationTask.objects.filter(inspection=inspection).count() == 30
    programme = inspection.committee.inspection_programmes.get()
    coverage = programmes.programme_coverage(user=users["kiemtra"], programme=programme)
    assert len(coverage.wrong_subjects) == 1
    assert DisciplineCase.objects.count() == 5
