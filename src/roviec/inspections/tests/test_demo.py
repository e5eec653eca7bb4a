"""The demo inspection builds from the sample notice on top of the demo province."""

import datetime

from django.contrib.auth import get_user_model

from roviec.demo import builder
from roviec.documents.models import Document
from roviec.inspections import programmes
from roviec.inspections.models import DisciplineCase, Inspection, RemediationTask


def test_demo_inspection_from_the_sample(db, client):
    """30 subjects, findings from the footnotes, the existing remediation tasks linked, registers filled."""
    builder.build_demo(password="Mat-khau-demo-2026", today=datetime.date(2026, 11, 22))
    inspection = Inspection.objects.get()
    inspector = get_user_model().objects.get(username="kiemtra")
    assert inspection.subjects.filter(person=None).count() == 30
    # Three named members, and the two commune secretaries the demo tree knows; the other 24 wait.
    assert inspection.subjects.exclude(person=None).count() == 5
    assert any("24/26" in line for line in inspection.unmatched_members)
    assert inspection.notice == Document.objects.get(symbol="635-TB/TU")
    assert inspection.decision == Document.objects.get(symbol="418-QĐ/TU")
    assert inspection.findings.count() >= 10
    assert RemediationTask.objects.filter(inspection=inspection).count() == 30
    programme = inspection.committee.inspection_programmes.get()
    coverage = programmes.programme_coverage(user=inspector, programme=programme)
    assert len(coverage.wrong_subjects) == 1
    assert DisciplineCase.objects.count() == 5
    # The walk-through of docs/inspections.md: the page shows the members waiting and the history.
    client.force_login(inspector)
    page = client.get(f"/kiem-tra/{inspection.pk}/").content.decode()
    assert 'id="unmatched-members"' in page and 'id="history-link"' in page
    assert client.get(f"/kiem-tra/{inspection.pk}/lich-su/").status_code == 200
