"""Editing findings and requirements through the API, and corrections reaching remediation tasks."""

import datetime

import pytest
from rest_framework.test import APIClient

from conftest import make_user
from roviec.core.errors import NotFoundError, PermissionDeniedError
from roviec.core.models import AuditEvent
from roviec.inspections import editing, services
from roviec.inspections.models import RemediationTask, Requirement
from roviec.inspections.tests.conftest import issue_notice
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position
from roviec.tasks import services as task_services

NEW_DEADLINE = datetime.date(2026, 10, 31)
REMEDIATION_DEADLINE = datetime.date(2026, 12, 31)


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _finding_url(inspection, finding):
    return f"/api/v1/inspections/{inspection.pk}/findings/{finding.pk}/"


def _requirement_url(inspection, requirement):
    return f"/api/v1/inspections/{inspection.pk}/requirements/{requirement.pk}/"


def _requirement_task(requirement, unit):
    link = RemediationTask.objects.select_related("task").get(requirement=requirement, unit=unit)
    return link.task


# --- the API ---------------------------------------------------------------------------


def test_api_edits_a_draft_finding_and_audits_it(drafted, province):
    """While drafting, the inspector patches a finding's text and units; the audit keeps both."""
    inspection, shortcoming, *_ = drafted
    response = _client(province.users["inspector"]).patch(
        _finding_url(inspection, shortcoming),
        {"text": "Quy chế làm việc chậm sửa đổi.", "units": [province.commune_a.pk, province.commune_b.pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["text"] == "Quy chế làm việc chậm sửa đổi."
    assert {a["unit"] for a in body["applications"]} == {province.commune_a.pk, province.commune_b.pk}
    event = AuditEvent.objects.get(object_type="inspections.finding", action="update")
    assert event.actor == province.users["inspector"]
    assert event.before["text"] == "Quy chế chậm sửa đổi."
    assert event.after["text"] == "Quy chế làm việc chậm sửa đổi."


def test_api_issued_finding_needs_a_correction_reason(drafted, province):
    """Once issued, a patch without a reason is refused (400); with one it is recorded with it."""
    inspection, shortcoming, *_ = drafted
    issue_notice(province, inspection)
    client = _client(province.users["inspector"])
    refused = client.patch(_finding_url(inspection, shortcoming), {"text": "Sửa lặng lẽ."}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "reason_required"
    shortcoming.refresh_from_db()
    assert shortcoming.text == "Quy chế chậm sửa đổi."
    dropped = client.patch(
        _finding_url(inspection, shortcoming), {"units": [], "reason": "Nhầm đơn vị"}, format="json"
    )
    assert dropped.json()["code"] == "unit_removal_after_issue"
    accepted = client.patch(
        _finding_url(inspection, shortcoming),
        {"text": "Quy chế chậm sửa đổi, bổ sung.", "reason": "Sai sót khi soạn"},
        format="json",
    )
    assert accepted.status_code == 200, accepted.json()
    event = AuditEvent.objects.get(object_type="inspections.finding", action="update")
    assert event.reason == "Sai sót khi soạn"


def test_api_outsiders_get_404_on_findings_and_requirements(drafted, province):
    """A subject commune, another commune and the office cannot edit, before or after issue."""
    inspection, shortcoming, _strength, _duty, requirement = drafted
    for stage in ("draft", "issued"):
        if stage == "issued":
            issue_notice(province, inspection)
        for key in ("commune_a", "commune_b", "office"):
            client = _client(province.users[key])
            finding = client.patch(
                _finding_url(inspection, shortcoming), {"text": "Khác.", "reason": "x"}, format="json"
            )
            asked = client.patch(
                _requirement_url(inspection, requirement), {"text": "Khác.", "reason": "x"}, format="json"
            )
            assert (finding.status_code, asked.status_code) == (404, 404), (stage, key)
            assert finding.json()["code"] == asked.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(object_type="inspections.finding", action="update").exists()


def test_api_finding_ids_outside_scope_answer_like_missing_ones(drafted, province):
    """A unit the caller cannot see, or another inspection's member, is answered exactly like an id
    that does not exist, and nothing changes."""
    inspection, shortcoming, *_ = drafted
    other_root = org_services.unit_create(
        actor=None, code="tinh-khac", kind=OrgUnit.Kind.PROVINCIAL_COMMITTEE, name="Tỉnh ủy Khác"
    )
    make_user("khac", unit=other_root, role=Position.AccessRole.UNIT_STAFF, full_name="Người Khác")
    other = services.inspection_create(
        actor=province.users["inspector"],
        committee=province.root,
        title="về việc kiểm tra khác",
        subject_units=[province.commune_b],
        subject_members=[(province.people["commune_b"], province.commune_b, "Cán bộ")],
    )
    stranger = other.subjects.exclude(person=None).get()
    client = _client(province.users["inspector"])
    url = _finding_url(inspection, shortcoming)
    for name, foreign in (("units", [other_root.pk]), ("members", [stranger.pk])):
        answer, missing = (client.patch(url, {name: value}, format="json") for value in (foreign, [99999999]))
        assert answer.status_code == 400, name
        assert answer.json() == missing.json(), name
        assert answer.json()["fields"][name] == [answer.json()["message"]]
        assert "Tỉnh ủy Khác" not in answer.content.decode()
    assert list(shortcoming.applications.values_list("unit_id", flat=True)) == [province.commune_a.pk]
    assert list(shortcoming.members.all()) == []


def test_api_requirement_correction_updates_open_tasks(drafted, province):
    """A leader corrects a requirement through the API; the response says which tasks followed."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    task_b = _requirement_task(requirement, province.commune_b)
    task_services.task_cancel(actor=province.users["leader"], task=task_b, reason="Giao nhầm")
    response = _client(province.users["leader"]).patch(
        _requirement_url(inspection, requirement),
        {
            "text": "Sửa đổi, bổ sung quy chế làm việc.",
            "deadline": NEW_DEADLINE.isoformat(),
            "reason": "Đính chính",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    task_a = _requirement_task(requirement, province.commune_a)
    assert body["requirement"]["deadline"] == NEW_DEADLINE.isoformat()
    assert body["tasks_updated"] == [task_a.pk]
    assert body["tasks_left_alone"] == [
        {"task": task_b.pk, "unit_name": province.commune_b.name, "why": "đã hủy, giữ nguyên"}
    ]


# --- the service: corrections reach the remediation tasks --------------------------------------


def test_correction_updates_open_tasks_and_audits_each(drafted, province):
    """Text and deadline corrected after issue: each open task gets them, audited, tied to the reason."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    result = editing.requirement_update(
        actor=province.users["leader"],
        requirement=requirement,
        text="Sửa đổi, bổ sung quy chế làm việc.",
        deadline=NEW_DEADLINE,
        reason="Đính chính thời hạn",
    )
    tasks = [_requirement_task(requirement, unit) for unit in (province.commune_a, province.commune_b)]
    assert {t.pk for t in result.tasks_updated} == {t.pk for t in tasks}
    assert result.tasks_left_alone == ()
    for task in tasks:
        assert task.content == "Thực hiện yêu cầu 1: Sửa đổi, bổ sung quy chế làm việc."
        assert task.deadline == NEW_DEADLINE
        event = AuditEvent.objects.get(object_type="tasks.task", object_id=str(task.pk), action="update")
        assert event.before["deadline"] == REMEDIATION_DEADLINE.isoformat()
        assert event.after["deadline"] == NEW_DEADLINE.isoformat()
    correction = AuditEvent.objects.get(object_type="inspections.requirement", action="update")
    assert correction.reason == "Đính chính thời hạn"
    assert correction.after["tasks_updated"] == sorted(t.pk for t in tasks)


def test_correction_leaves_done_and_cancelled_tasks_alone(drafted, province):
    """A task already done or cancelled keeps its terms and is reported, not silently skipped."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    done = _requirement_task(requirement, province.commune_a)
    report = task_services.report_submit(
        actor=province.users["commune_a"], task=done, percent=100, narrative="Đã sửa đổi quy chế."
    )
    task_services.report_accept(actor=province.users["leader"], report=report)
    cancelled = _requirement_task(requirement, province.commune_b)
    task_services.task_cancel(actor=province.users["leader"], task=cancelled, reason="Giao nhầm")
    result = editing.requirement_update(
        actor=province.users["leader"], requirement=requirement, deadline=NEW_DEADLINE, reason="Đính chính"
    )
    assert result.tasks_updated == ()
    assert {(i.task.pk, i.why) for i in result.tasks_left_alone} == {
        (done.pk, "đã hoàn thành, giữ nguyên"),
        (cancelled.pk, "đã hủy, giữ nguyên"),
    }
    for task in (done, cancelled):
        task.refresh_from_db()
        assert task.deadline == REMEDIATION_DEADLINE
    assert not AuditEvent.objects.filter(
        object_type="tasks.task", action="update", object_id__in=[str(done.pk), str(cancelled.pk)]
    ).exists()


def test_correction_keeps_a_deadline_moved_on_the_task(drafted, province):
    """An extension granted on one task is kept; its content still follows the corrected text."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    leader = province.users["leader"]
    extended = _requirement_task(requirement, province.commune_a)
    extension = datetime.date(2027, 3, 31)
    task_services.task_update(actor=leader, task=extended, deadline=extension)
    result = editing.requirement_update(
        actor=leader,
        requirement=requirement,
        text="Sửa đổi quy chế làm việc của ban chấp hành.",
        deadline=NEW_DEADLINE,
        reason="Đính chính",
    )
    extended.refresh_from_db()
    assert extended.deadline == extension
    assert extended.content.endswith("quy chế làm việc của ban chấp hành.")
    assert [(i.task.pk, i.why) for i in result.tasks_left_alone] == [
        (extended.pk, "thời hạn đã được điều chỉnh riêng trên nhiệm vụ, giữ nguyên thời hạn")
    ]
    other = _requirement_task(requirement, province.commune_b)
    assert other.deadline == NEW_DEADLINE


def test_correction_by_the_inspection_committee_reaches_the_tasks_its_notice_created(drafted, province):
    """The inspection committee's staff correct a requirement: its open tasks follow, each task's
    own audit entry naming them; a cancelled one is still left alone and reported."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    inspector = province.users["inspector"]
    cancelled = _requirement_task(requirement, province.commune_b)
    task_services.task_cancel(actor=province.users["leader"], task=cancelled, reason="Giao nhầm")
    result = editing.requirement_update(
        actor=inspector,
        requirement=requirement,
        text="Sửa đổi, bổ sung quy chế làm việc.",
        deadline=NEW_DEADLINE,
        reason="Đính chính",
    )
    task = _requirement_task(requirement, province.commune_a)
    assert [t.pk for t in result.tasks_updated] == [task.pk]
    assert [(i.task.pk, i.why) for i in result.tasks_left_alone] == [(cancelled.pk, "đã hủy, giữ nguyên")]
    assert task.content == "Thực hiện yêu cầu 1: Sửa đổi, bổ sung quy chế làm việc."
    assert task.deadline == NEW_DEADLINE
    event = AuditEvent.objects.get(object_type="tasks.task", object_id=str(task.pk), action="update")
    assert event.actor == inspector
    assert event.before["deadline"] == REMEDIATION_DEADLINE.isoformat()
    assert event.after["deadline"] == NEW_DEADLINE.isoformat()
    assert event.after["content"] == task.content
    assert set(event.units.values_list("pk", flat=True)) == {province.root.pk, province.commune_a.pk}
    cancelled.refresh_from_db()
    assert cancelled.deadline == REMEDIATION_DEADLINE


def test_the_correction_right_reaches_no_other_task(drafted, province, client):
    """The same staff cannot change a task of the same commune that no requirement of the inspection
    assigned, nor the remediation tasks outside a correction or beyond content and deadline: the
    tasks service refuses, the task's edit page is not found."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    inspector = province.users["inspector"]
    unrelated = task_services.task_create(
        actor=province.users["office"],
        assigned_by_unit=province.root,
        lead_unit=province.commune_a,
        content="Tổng kết công tác năm.",
        deadline=REMEDIATION_DEADLINE,
    )
    plan = RemediationTask.objects.get(inspection=inspection, unit=province.commune_a, requirement=None).task
    remediation = _requirement_task(requirement, province.commune_a)
    refused = [
        (unrelated, {}),
        (unrelated, {"correcting": inspection}),
        (plan, {"correcting": inspection}),
        (remediation, {}),
    ]
    for task, how in refused:
        with pytest.raises(PermissionDeniedError):
            task_services.task_update(actor=inspector, task=task, deadline=NEW_DEADLINE, **how)
    with pytest.raises(PermissionDeniedError):
        task_services.task_update(
            actor=inspector, task=remediation, correcting=inspection, deliverable="Khác."
        )
    client.force_login(inspector)
    for task in (unrelated, remediation):
        page = client.post(f"/nhiem-vu/{task.pk}/sua/", {"content": "Khác.", "deadline": "31/10/2026"})
        assert page.status_code == 404
    for task in (unrelated, plan, remediation):
        task.refresh_from_db()
        assert task.deadline == REMEDIATION_DEADLINE
    assert not AuditEvent.objects.filter(object_type="tasks.task", action="update").exists()


def test_the_correction_right_is_not_lent_to_the_subjects_or_outsiders(drafted, province):
    """The subject commune may not use a correction to move its own deadline; another commune does
    not see the task at all; neither can correct the requirement."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    task = _requirement_task(requirement, province.commune_a)
    with pytest.raises(PermissionDeniedError):
        task_services.task_update(
            actor=province.users["commune_a"], task=task, correcting=inspection, deadline=NEW_DEADLINE
        )
    with pytest.raises(NotFoundError):
        task_services.task_update(
            actor=province.users["commune_b"], task=task, correcting=inspection, deadline=NEW_DEADLINE
        )
    for key in ("commune_a", "commune_b", "office"):
        with pytest.raises(NotFoundError):
            editing.requirement_update(
                actor=province.users[key], requirement=requirement, deadline=NEW_DEADLINE, reason="Đính chính"
            )
    task.refresh_from_db()
    assert task.deadline == REMEDIATION_DEADLINE


def test_draft_requirement_edit_touches_no_task(drafted, province):
    """Before issue there are no tasks: an edit is only an edit."""
    _inspection, *_, requirement = drafted
    result = editing.requirement_update(
        actor=province.users["inspector"], requirement=requirement, deadline=NEW_DEADLINE
    )
    assert (result.tasks_updated, result.tasks_left_alone) == ((), ())
    assert not AuditEvent.objects.filter(object_type="tasks.task", action="update").exists()


def test_requirement_page_shows_what_became_of_the_tasks(drafted, province, client):
    """After a correction the page says how many tasks were updated and which were left alone."""
    inspection, *_, requirement = drafted
    issue_notice(province, inspection)
    cancelled = _requirement_task(requirement, province.commune_b)
    task_services.task_cancel(actor=province.users["leader"], task=cancelled, reason="Giao nhầm")
    client.force_login(province.users["leader"])
    response = client.post(
        f"/kiem-tra/yeu-cau/{requirement.pk}/sua/",
        {
            "heading": "",
            "text": requirement.text,
            "audience": requirement.audience,
            "deadline": NEW_DEADLINE.strftime("%d/%m/%Y"),
            "reason": "Đính chính thời hạn",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Đã cập nhật 1 nhiệm vụ khắc phục" in page
    assert f"Nhiệm vụ khắc phục của {province.commune_b.name}: đã hủy, giữ nguyên." in page


@pytest.mark.parametrize("field", ["text", "deadline"])
def test_self_review_tasks_follow_only_the_deadline(drafted, province, field):
    """Self-review tasks take their deadline from the requirement, never its text."""

    inspection, *_ = drafted
    org_services.unit_create(
        actor=None,
        code="xa-khac",
        kind=OrgUnit.Kind.COMMUNE_COMMITTEE,
        name="Đảng ủy xã Khoái Châu",
        parent=province.root,
    )
    review = services.requirement_add(
        actor=province.users["inspector"],
        inspection=inspection,
        text="Các tổ chức đảng không được kiểm tra tự rà soát.",
        audience=Requirement.Audience.NOT_INSPECTED,
    )
    issue_notice(province, inspection)
    task = RemediationTask.objects.select_related("task").get(requirement=review).task
    before = task.content
    change = {"text": "Tự rà soát, báo cáo kết quả."} if field == "text" else {"deadline": NEW_DEADLINE}
    result = editing.requirement_update(
        actor=province.users["leader"], requirement=review, reason="Đính chính", **change
    )
    task.refresh_from_db()
    assert task.content == before
    assert task.deadline == (NEW_DEADLINE if field == "deadline" else REMEDIATION_DEADLINE)
    assert len(result.tasks_updated) == (1 if field == "deadline" else 0)
