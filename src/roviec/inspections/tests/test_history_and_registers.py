"""The inspection history page, cancelling discipline cases, and configurable complaint limits."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from roviec.core.errors import NotFoundError, ServiceError
from roviec.core.models import AuditEvent
from roviec.inspections import discipline, editing, limits, selectors, services
from roviec.inspections.models import Complaint, DisciplineCase


@pytest.fixture
def inspection(province):
    inspector = province.users["inspector"]
    inspection = services.inspection_create(
        actor=inspector,
        committee=province.root,
        body=province.inspection,
        title="về việc kiểm tra xã Ân Thi",
        subject_units=[province.commune_a],
    )
    finding = services.finding_add(
        actor=inspector, inspection=inspection, text="Hạn chế nháp.", units=[province.commune_a]
    )
    editing.finding_update(actor=inspector, finding=finding, text="Hạn chế đã sửa.")
    services.requirement_add(actor=inspector, inspection=inspection, text="Khắc phục.")
    return inspection


def test_history_lists_the_inspection_and_its_papers(inspection, province):
    """The inner circle reads every change of the inspection and its working papers, newest first."""
    events = list(selectors.inspection_history(user=province.users["inspector"], pk=inspection.pk))
    types = {e.object_type for e in events}
    assert {"inspections.inspection", "inspections.finding", "inspections.requirement"} <= types
    assert events[0].object_type == "inspections.requirement"
    edit = next(e for e in events if e.object_type == "inspections.finding" and e.action == "update")
    assert edit.before == {"text": "Hạn chế nháp."}
    # Another inspection's entries never show up.
    other = services.inspection_create(
        actor=province.users["inspector"],
        committee=province.root,
        title="cuộc khác",
        subject_units=[province.commune_b],
    )
    ids = {e.object_id for e in events if e.object_type == "inspections.inspection"}
    assert ids == {str(inspection.pk)} and str(other.pk) not in ids


def test_history_is_hidden_from_those_without_the_working_papers(inspection, province, client):
    """A subject commune and the office get 404 for the history, as for the papers themselves."""
    for key in ("commune_a", "office"):
        with pytest.raises(NotFoundError):
            selectors.inspection_history(user=province.users[key], pk=inspection.pk)
        client.force_login(province.users[key])
        assert client.get(f"/kiem-tra/{inspection.pk}/lich-su/").status_code == 404
    client.force_login(province.users["inspector"])
    page = client.get(f"/kiem-tra/{inspection.pk}/lich-su/").content.decode()
    assert "Hạn chế đã sửa" in page and "Hạn chế nháp." in page


def _case(province, **kwargs):
    values = {
        "actor": province.users["inspector"],
        "subject_kind": DisciplineCase.SubjectKind.MEMBER,
        "unit": province.commune_a,
        "membership": DisciplineCase.Membership.FULL,
        "person_name": "Nguyễn Văn Hải",
        "form": "warning",
        "authority": province.inspection,
        "decided_on": datetime.date(2026, 3, 10),
        "violation": "Vi phạm quy định quản lý đất đai.",
    }
    values.update(kwargs)
    return discipline.discipline_record(**values)


def test_cancelled_case_is_kept_audited_and_left_out_of_statistics(province):
    """A case recorded in error is cancelled with a reason, not deleted, and no longer counted."""
    inspector = province.users["inspector"]
    wrong = _case(province)
    _case(province, person_name="Trần Thị Mai", form="reprimand")
    assert discipline.discipline_statistics(user=inspector).total == 2
    with pytest.raises(ServiceError):
        discipline.discipline_cancel(actor=inspector, case=wrong, reason="  ")
    discipline.discipline_cancel(actor=inspector, case=wrong, reason="Ghi trùng vụ")
    assert DisciplineCase.objects.filter(pk=wrong.pk).exists()
    stats = discipline.discipline_statistics(user=inspector)
    assert stats.total == 1 and "cảnh cáo" not in stats.summary
    assert list(discipline.discipline_cancelled(user=inspector)) == [DisciplineCase.objects.get(pk=wrong.pk)]
    event = AuditEvent.objects.get(object_type="inspections.disciplinecase", action="cancel")
    assert event.reason == "Ghi trùng vụ" and event.before["cancelled_at"] is None
    with pytest.raises(ServiceError):
        discipline.discipline_cancel(actor=inspector, case=wrong, reason="Lần nữa")


def test_only_the_deciding_side_cancels_a_case(province, client):
    """A commune cannot cancel a case; the page answers 404 to it."""
    case = _case(province)
    with pytest.raises(NotFoundError):
        discipline.discipline_cancel(actor=province.users["commune_a"], case=case, reason="Không đồng ý")
    client.force_login(province.users["commune_a"])
    assert client.post(f"/kiem-tra/ky-luat/{case.pk}/huy/", {"reason": "x"}).status_code == 404
    client.force_login(province.users["inspector"])
    response = client.post(f"/kiem-tra/ky-luat/{case.pk}/huy/", {"reason": "Ghi nhầm"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.cancel_reason == "Ghi nhầm" and case.cancelled_at is not None


def test_complaint_limits_follow_the_setting(settings):
    """An operator shortens a time limit by setting ROVIEC_COMPLAINT_LIMITS, without a code change."""
    received = datetime.date(2026, 1, 1)
    assert limits.complaint_due_date(Complaint.Kind.COMPLAINT, received) == datetime.date(2026, 4, 1)
    settings.ROVIEC_COMPLAINT_LIMITS = {"complaint": 45}
    assert limits.complaint_due_date(Complaint.Kind.COMPLAINT, received) == datetime.date(2026, 2, 15)
    assert limits.complaint_limits()["denunciation"] == 60
    settings.ROVIEC_COMPLAINT_LIMITS = {"complaint": 0}
    with pytest.raises(ImproperlyConfigured):
        limits.complaint_limits()
    settings.ROVIEC_COMPLAINT_LIMITS = {"letter": 10}
    with pytest.raises(ImproperlyConfigured):
        limits.complaint_limits()
