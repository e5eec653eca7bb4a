"""Editing findings and requirements; subjects see the general and member findings after issue."""

import datetime

import pytest

from roviec.core import scoping
from roviec.core.errors import NotFoundError, ServiceError
from roviec.core.models import AuditEvent
from roviec.inspections import conclusion, editing, selectors, services
from roviec.inspections.tests.conftest import issue_notice
from roviec.orgs import services as org_services


def test_draft_finding_is_edited_and_audited_before_and_after(drafted, province):
    """While drafting, the team changes a finding's text and units; the audit keeps both versions."""
    _inspection, shortcoming, *_ = drafted
    editing.finding_update(
        actor=province.users["inspector"],
        finding=shortcoming,
        text="Quy chế làm việc chậm sửa đổi, bổ sung.",
        units=[province.commune_a, province.commune_b],
    )
    shortcoming.refresh_from_db()
    assert shortcoming.text == "Quy chế làm việc chậm sửa đổi, bổ sung."
    assert set(shortcoming.applications.values_list("unit_id", flat=True)) == {
        province.commune_a.pk,
        province.commune_b.pk,
    }
    event = AuditEvent.objects.filter(object_type="inspections.finding", action="update").get()
    assert event.before["text"] == "Quy chế chậm sửa đổi."
    assert event.after["units"] == sorted([province.commune_a.pk, province.commune_b.pk])


def test_issued_finding_needs_a_reason_and_keeps_its_units(drafted, province):
    """After issue a finding changes only by a correction with a reason, never dropping a unit."""
    inspection, shortcoming, *_ = drafted
    issue_notice(province, inspection)
    inspector = province.users["inspector"]
    with pytest.raises(ServiceError) as no_reason:
        editing.finding_update(actor=inspector, finding=shortcoming, text="Sửa lại.")
    assert no_reason.value.code == "reason_required"
    with pytest.raises(ServiceError) as dropped:
        editing.finding_update(actor=inspector, finding=shortcoming, units=[], reason="Nhầm đơn vị")
    assert dropped.value.code == "unit_removal_after_issue"
    editing.finding_update(
        actor=inspector, finding=shortcoming, text="Quy chế chậm sửa đổi (đính chính).", reason="Sai chính tả"
    )
    event = AuditEvent.objects.filter(object_type="inspections.finding", action="update").get()
    assert event.reason == "Sai chính tả" and event.after == {"text": "Quy chế chậm sửa đổi (đính chính)."}


def test_outsiders_cannot_edit(drafted, province):
    """A commune, even a subject, cannot change the findings; after issue a borrowed team member cannot."""
    inspection, shortcoming, _strength, _duty, requirement = drafted
    with pytest.raises(NotFoundError):
        editing.finding_update(actor=province.users["commune_a"], finding=shortcoming, text="Xóa hạn chế.")
    services.inspection_update(
        actor=province.users["inspector"], inspection=inspection, team_members=[province.people["commune_b"]]
    )
    editing.requirement_update(actor=province.users["commune_b"], requirement=requirement, heading="Quy chế")
    issue_notice(province, inspection)
    with pytest.raises(NotFoundError):
        editing.requirement_update(
            actor=province.users["commune_b"], requirement=requirement, text="Khác.", reason="Vì sao"
        )


def test_requirement_correction_is_audited_with_reason(drafted, province):
    """A corrected requirement deadline is recorded with its reason; the audience stays fixed."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    leader = province.users["leader"]
    with pytest.raises(ServiceError):
        editing.requirement_update(actor=leader, requirement=requirement, audience="others", reason="Đổi")
    editing.requirement_update(
        actor=leader,
        requirement=requirement,
        deadline=datetime.date(2026, 10, 31),
        reason="Theo kết luận mới",
    )
    event = AuditEvent.objects.filter(object_type="inspections.requirement", action="update").get()
    assert event.before == {"deadline": None} and event.after["deadline"] == "2026-10-31"
    assert event.reason == "Theo kết luận mới"


def test_subject_sees_general_and_own_member_findings_after_issue(drafted, province):
    """After the notice commune A sees the strength for all and its secretary's responsibility;
    commune B sees the strength but not commune A's secretary."""
    inspection, shortcoming, strength, duty, _ = drafted
    user_a, user_b = province.users["commune_a"], province.users["commune_b"]
    assert not scoping.visible_findings(user_a).exists()
    # Before the notice the office, no part of the inner circle, sees no draft either.
    assert not scoping.visible_findings(province.users["office"]).exists()
    issue_notice(province, inspection)
    seen_a = set(scoping.visible_findings(user_a).values_list("pk", flat=True))
    seen_b = set(scoping.visible_findings(user_b).values_list("pk", flat=True))
    assert seen_a == {shortcoming.pk, strength.pk, duty.pk}
    assert seen_b == {strength.pk}
    detail = selectors.inspection_detail(user=user_a, pk=inspection.pk)
    duty_view = next(v for v in detail.findings if v.finding.pk == duty.pk)
    assert [m.person.full_name for m in duty_view.members] == ["Vũ Văn Bí"]


def test_notice_lists_some_members_in_a_footnote(drafted, province):
    """A finding naming some of the members carries them in a footnote of the notice."""
    inspection, *_ = drafted
    other = org_services.person_create(actor=None, full_name="Hà Thị Phó")
    services.subject_add(
        actor=province.users["inspector"],
        inspection=inspection,
        unit=province.commune_b,
        person=other,
        note="Phó Bí thư",
    )
    document = conclusion.notice_document(inspection)
    notes = [n for section in document.sections for p in section.paragraphs for n in p.footnotes]
    assert "đồng chí Vũ Văn Bí, Bí thư Đảng ủy xã Ân Thi." in notes
