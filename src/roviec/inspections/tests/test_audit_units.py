"""Entries of letters, inspections and people reach the audit log of those who handle them, no one else."""

import datetime

import pytest

from conftest import make_user
from roviec.core import scoping
from roviec.core.models import AuditEvent
from roviec.inspections import complaints, services
from roviec.inspections.models import Complaint
from roviec.orgs import services as org_services
from roviec.orgs.models import Position


def _sees(user, event: AuditEvent) -> bool:
    return scoping.visible_audit_events(user).filter(pk=event.pk).exists()


@pytest.fixture
def commune_inspector(province):
    return make_user(
        "a_kiemtra", unit=province.commune_a, role=Position.AccessRole.INSPECTION, full_name="Bùi Văn Soát"
    )


def test_letter_entries_reach_the_handling_body_not_the_unit_complained_about(province, commune_inspector):
    """The inspection committee and leaders of the handling body read a letter's entries; its office, which
    may not open the letter, does not, nor does the commune the letter is about, whatever its role."""
    complaint = complaints.complaint_register(
        actor=province.users["inspector"],
        received_on=datetime.date(2026, 9, 1),
        kind=Complaint.Kind.DENUNCIATION,
        content="Tố cáo sai phạm đất đai.",
        handling_unit=province.inspection,
        sender_name="Nguyễn Văn Tố",
        subject_unit=province.commune_a,
    )
    complaints.complaint_update(
        actor=province.users["inspector"], complaint=complaint, status=Complaint.Status.HANDLING
    )
    events = list(AuditEvent.objects.filter(object_type="inspections.complaint", object_id=str(complaint.pk)))
    assert sorted(e.action for e in events) == ["create", "update"]
    for event in events:
        assert _sees(province.users["inspector"], event) and _sees(province.users["leader"], event)
        assert not scoping.visible_complaints(province.users["office"]).filter(pk=complaint.pk).exists()
        assert not _sees(province.users["office"], event)
        assert not _sees(province.users["commune_a"], event)
        assert not _sees(commune_inspector, event)


def test_a_commune_letter_reaches_the_commune_not_its_neighbour(province, commune_inspector):
    """A letter the commune handles itself is in the commune's audit log, not in the other commune's."""
    complaints.complaint_register(
        actor=commune_inspector,
        received_on=datetime.date(2026, 9, 1),
        kind=Complaint.Kind.PETITION,
        content="Phản ánh chậm giải quyết hồ sơ.",
        handling_unit=province.commune_a,
        subject_unit=province.cell_a,
    )
    event = AuditEvent.objects.get(object_type="inspections.complaint")
    assert _sees(commune_inspector, event) and _sees(province.users["inspector"], event)
    assert not _sees(province.users["commune_b"], event)


def test_inspection_entries_reach_the_committee_not_the_subjects(province):
    """Setting up and editing an inspection is read by the inspecting committee's staff; a subject commune
    reads neither (the entry lists the team and every subject)."""
    inspection = services.inspection_create(
        actor=province.users["inspector"],
        committee=province.root,
        title="về việc kiểm tra hai xã",
        subject_units=[province.commune_a, province.commune_b],
    )
    services.inspection_update(
        actor=province.users["inspector"],
        inspection=inspection,
        content="Kiểm tra việc lãnh đạo công tác cán bộ.",
    )
    events = list(
        AuditEvent.objects.filter(object_type="inspections.inspection", object_id=str(inspection.pk))
    )
    assert sorted(e.action for e in events) == ["create", "update"]
    for event in events:
        assert _sees(province.users["inspector"], event) and _sees(province.users["leader"], event)
        assert not _sees(province.users["commune_a"], event)
        assert not _sees(province.users["office"], event)


def test_a_person_recorded_for_a_unit_reaches_that_units_log(province):
    """A member recorded while importing an inspection is in the audit log of their unit only."""
    person = org_services.person_create(
        actor=province.users["inspector"], full_name="Hà Văn Mới", units=[province.commune_a]
    )
    event = AuditEvent.objects.get(object_type="orgs.person", object_id=str(person.pk))
    assert _sees(province.users["commune_a"], event) and _sees(province.users["office"], event)
    assert not _sees(province.users["commune_b"], event)
