"""Who sees what of an inspection, a finding, a complaint."""

import datetime

import pytest

from roviec.core import scoping
from roviec.core.models import AuditEvent
from roviec.inspections import complaints, conclusion, selectors, services
from roviec.inspections.models import Complaint, FindingUnit
from roviec.tasks import selectors as task_selectors


@pytest.fixture
def concluded(province):
    inspector = province.users["inspector"]
    inspection = services.inspection_create(
        actor=inspector,
        committee=province.root,
        body=province.inspection,
        title="về việc kiểm tra hai xã",
        subject_units=[province.commune_a, province.commune_b],
        team_head=province.people["inspector"],
    )
    services.finding_add(
        actor=inspector,
        inspection=inspection,
        text="Hạn chế riêng của xã Ân Thi.",
        units=[province.commune_a],
    )
    services.finding_add(
        actor=inspector,
        inspection=inspection,
        text="Hạn chế riêng của xã Yên Mỹ.",
        units=[province.commune_b],
    )
    services.inspection_update(
        actor=inspector, inspection=inspection, remediation_deadline=datetime.date(2026, 12, 31)
    )
    return inspection


def test_commune_sees_no_finding_before_the_notice(concluded, province):
    """Drafts are working papers: a subject sees nothing of the findings before the notice is issued."""
    user = province.users["commune_a"]
    assert scoping.visible_inspections(user).filter(pk=concluded.pk).exists()
    assert not scoping.can_see_working_papers(user, concluded)
    assert not scoping.visible_finding_units(user).exists()
    detail = selectors.inspection_detail(user=user, pk=concluded.pk)
    assert detail.findings == [] and detail.steps == []


def test_commune_sees_its_own_findings_and_tasks_never_another(concluded, province):
    """After the notice, commune A sees its finding and its tasks only, not commune B's."""
    conclusion.conclusion_issue(
        actor=province.users["leader"],
        inspection=concluded,
        symbol="700-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
    )
    user = province.users["commune_a"]
    texts = [a.finding.text for a in scoping.visible_finding_units(user)]
    assert texts == ["Hạn chế riêng của xã Ân Thi."]
    detail = selectors.inspection_detail(user=user, pk=concluded.pk)
    assert [a.unit for view in detail.findings for a in view.applications] == [province.commune_a]
    assert {s.unit for s in detail.subjects} == {province.commune_a}
    assert {record.unit for record, _ in detail.remediation} == {province.commune_a}
    tasks = task_selectors.task_list(user=user)
    assert tasks.exists() and set(tasks.values_list("lead_unit", flat=True)) == {province.commune_a.pk}
    # The inner circle sees both.
    inner = selectors.inspection_detail(user=province.users["inspector"], pk=concluded.pk)
    assert len(inner.findings) == 2 and inner.steps


def test_office_outside_the_inner_circle_sees_no_working_papers(concluded, province):
    """The office registers documents but is no part of the inspection's inner circle."""
    office = province.users["office"]
    assert not scoping.can_see_working_papers(office, concluded)
    assert not scoping.visible_finding_units(office).exists()
    assert selectors.inspection_detail(user=office, pk=concluded.pk).steps == []
    assert (
        not AuditEvent.objects.filter(object_type="inspections.finding")
        .filter(pk__in=scoping.visible_audit_events(office).values("pk"))
        .exists()
    )


def test_team_member_outside_the_committee_sees_the_working_papers(concluded, province):
    """A team member borrowed from a commune reads the papers of that inspection."""
    services.inspection_update(
        actor=province.users["inspector"], inspection=concluded, team_members=[province.people["commune_b"]]
    )
    assert scoping.can_see_working_papers(province.users["commune_b"], concluded)
    assert scoping.visible_finding_units(province.users["commune_b"]).count() == 2


def test_complainant_identity_is_protected(province):
    """Only the inspection role sees who sent a denunciation; it never reaches lists, search or the audit."""
    complaint = complaints.complaint_register(
        actor=province.users["inspector"],
        received_on=datetime.date(2026, 9, 1),
        kind=Complaint.Kind.DENUNCIATION,
        content="Tố cáo sai phạm trong quản lý đất đai.",
        handling_unit=province.inspection,
        sender_name="Nguyễn Văn Tố",
        sender_contact="thôn 3, xã Ân Thi",
        subject_unit=province.commune_a,
    )
    assert complaints.sender_for(province.users["inspector"], complaint) == {
        "name": "Nguyễn Văn Tố",
        "contact": "thôn 3, xã Ân Thi",
    }
    assert complaints.sender_for(province.users["leader"], complaint) is None
    assert complaints.complaint_list(user=province.users["leader"]).count() == 1
    assert not complaints.complaint_list(user=province.users["commune_a"]).exists()
    assert not complaints.complaint_list(user=province.users["inspector"], q="Nguyễn Văn Tố").exists()
    event = AuditEvent.objects.get(object_type="inspections.complaint")
    assert "Nguyễn Văn Tố" not in str(event.after) and event.after["sender"] == complaints.PROTECTED


def test_overdue_complaints_are_flagged(province):
    """A letter still open past its statutory limit shows up in the overdue selector."""
    complaint = complaints.complaint_register(
        actor=province.users["inspector"],
        received_on=datetime.date(2026, 1, 5),
        kind=Complaint.Kind.PETITION,
        content="Phản ánh chậm giải quyết hồ sơ.",
        handling_unit=province.inspection,
    )
    assert complaint.due_date == datetime.date(2026, 2, 4)
    overdue = complaints.complaints_overdue(user=province.users["inspector"], today=datetime.date(2026, 3, 1))
    assert list(overdue) == [complaint]
    complaints.complaint_update(
        actor=province.users["inspector"],
        complaint=complaint,
        status=Complaint.Status.RESOLVED,
        outcome="Đã trả lời công dân.",
    )
    assert not complaints.complaints_overdue(
        user=province.users["inspector"], today=datetime.date(2026, 3, 1)
    )


def test_finding_units_of_other_inspections_stay_hidden(concluded, province):
    """A finding row of commune B is never reachable by commune A, even by id."""
    conclusion.conclusion_issue(
        actor=province.users["leader"],
        inspection=concluded,
        symbol="701-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
    )
    other = FindingUnit.objects.get(unit=province.commune_b)
    assert not scoping.visible_finding_units(province.users["commune_a"]).filter(pk=other.pk).exists()
