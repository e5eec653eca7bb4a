"""The office sends back a wrong or late update; a unit splits its task among its subordinate units."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from conftest import make_user
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.notifications.models import Notification
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position
from roviec.tasks import cascade, services
from roviec.tasks.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def login(client, province):
    def as_(key):
        client.force_login(province.users[key])
        return client

    return as_


@pytest.fixture
def commune_office(province):
    """A focal point of commune A's office, allowed to assign work to the commune's cells."""
    return make_user(
        "vpxa",
        unit=province.commune_a,
        role=Position.AccessRole.OFFICE,
        full_name="Vũ Thị Lan",
        kind=Position.Kind.FOCAL_POINT,
    )


def _completed(province, make_task):
    task = make_task()
    report = services.report_submit(
        actor=province.users["commune_a"], task=task, percent=100, narrative="Đã xong"
    )
    services.report_accept(actor=province.users["office"], report=report)
    task.refresh_from_db()
    assert task.completed_on is not None and task.progress_percent == 100
    return task, report


# --- the office returns an update --------------------------------------------------------


def test_office_reopens_a_task_completed_on_a_wrong_update(province, make_task):
    """Taking back an accepted final report reopens the task, audited and notified to the unit."""
    task, report = _completed(province, make_task)
    services.report_revoke(
        actor=province.users["office"], report=report, reason="Báo cáo chưa kèm biên bản hội nghị"
    )
    task.refresh_from_db()
    report.refresh_from_db()
    assert task.completed_on is None and task.progress_percent == 0
    assert report.review == ProgressReport.Review.RETURNED
    assert report.review_comment == "Báo cáo chưa kèm biên bản hội nghị"
    event = AuditEvent.objects.filter(object_type="tasks.progressreport", action="return").get()
    assert event.before["review"] == "accepted" and event.after["task.completed_on"] is None
    note = Notification.objects.get(
        recipient=province.users["commune_a"], title__startswith="Văn phòng trả lại"
    )
    assert "biên bản" in note.body


def test_revoke_keeps_earlier_accepted_progress_and_recurring_count(province, make_task):
    """After a return, progress falls back to the previous accepted report; a recurring task is due again."""
    task = make_task()
    first = services.report_submit(actor=province.users["commune_a"], task=task, percent=40, narrative="a")
    services.report_accept(actor=province.users["office"], report=first)
    second = services.report_submit(actor=province.users["commune_a"], task=task, percent=70, narrative="b")
    services.report_accept(actor=province.users["office"], report=second)
    services.report_revoke(actor=province.users["office"], report=second, reason="Số liệu sai")
    task.refresh_from_db()
    assert task.progress_percent == 40

    recurring = make_task(recurrence="quarterly", deadline=datetime.date(2030, 3, 31))
    report = services.report_submit(
        actor=province.users["commune_a"], task=recurring, percent=100, narrative="Quý I"
    )
    services.report_accept(actor=province.users["office"], report=report)
    recurring.refresh_from_db()
    assert recurring.due_date == datetime.date(2030, 6, 30)
    services.report_revoke(
        actor=province.users["office"], report=report, reason="Báo cáo chậm, thiếu số liệu"
    )
    recurring.refresh_from_db()
    assert recurring.due_date == datetime.date(2030, 3, 31) and recurring.fulfilled_occurrences == 0


def test_revoke_rules(province, make_task):
    """Only a manager of the task may return an update, with a reason, once."""
    _task, report = _completed(province, make_task)
    with pytest.raises(PermissionDeniedError):
        services.report_revoke(actor=province.users["commune_a"], report=report, reason="x")
    with pytest.raises(ServiceError) as error:
        services.report_revoke(actor=province.users["office"], report=report, reason=" ")
    assert error.value.code == "reason_required"
    services.report_revoke(actor=province.users["office"], report=report, reason="Sai")
    with pytest.raises(ServiceError) as error:
        services.report_revoke(actor=province.users["office"], report=report, reason="Sai")
    assert error.value.code == "report_returned"


def test_revoke_page_and_api(province, make_task, login):
    """The office finds a return form under each update; the API answers the same, scoped."""
    task, report = _completed(province, make_task)
    html = login("office").get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Trả lại cập nhật</button>" in html
    assert (
        "Trả lại cập nhật</button>"
        not in login("commune_a").get(reverse("tasks:detail", args=[task.pk])).content.decode()
    )
    assert (
        login("commune_b").post(reverse("tasks:report_revoke", args=[report.pk]), {"reason": "x"}).status_code
        == 404
    )
    response = login("office").post(reverse("tasks:report_revoke", args=[report.pk]), {"reason": "Chậm"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.review == "returned"
    other = make_task()
    pending = services.report_submit(actor=province.users["commune_a"], task=other, percent=20, narrative="x")
    api = APIClient()
    api.force_authenticate(province.users["office"])
    response = api.post(f"/api/v1/reports/{pending.pk}/revoke/", {"reason": "Báo cáo muộn"}, format="json")
    assert response.status_code == 200 and response.json()["review"] == "returned"


# --- cascade -----------------------------------------------------------------------------


def _second_cell(province):
    return org_services.unit_create(
        actor=None,
        code="chi-bo-thon-2",
        kind=OrgUnit.Kind.BRANCH,
        name="Chi bộ thôn 2",
        parent=province.commune_a,
    )


def test_split_creates_sub_tasks_and_rolls_up(province, make_task, commune_office):
    """The commune splits its task for two cells in one step; the parent's progress is their mean."""
    cell_b = _second_cell(province)
    parent = make_task(deadline=datetime.date(2030, 6, 30))
    children = cascade.task_split(
        actor=commune_office,
        task=parent,
        lines=[
            cascade.SubTaskLine(
                lead_unit=province.cell_a,
                content="Quán triệt ở thôn 1",
                deadline=datetime.date(2030, 5, 31),
                deliverable="Biên bản",
            ),
            cascade.SubTaskLine(
                lead_unit=cell_b, content="Quán triệt ở thôn 2", deadline=datetime.date(2030, 6, 30)
            ),
        ],
    )
    assert [c.lead_unit for c in children] == [province.cell_a, cell_b]
    assert all(
        c.parent == parent
        and c.assigned_by_unit == province.commune_a
        and c.authority_unit == province.commune_a
        for c in children
    )
    cell_user = make_user("thon1", unit=province.cell_a, role=Position.AccessRole.UNIT_STAFF, full_name="Hà")
    report = services.report_submit(actor=cell_user, task=children[0], percent=100, narrative="Xong")
    services.report_accept(actor=commune_office, report=report)
    parent.refresh_from_db()
    assert parent.progress_percent == 50


def test_split_is_all_or_nothing_and_checked(province, make_task, commune_office):
    """A late deadline, a unit outside the commune or no right to assign leaves nothing behind."""
    parent = make_task(deadline=datetime.date(2030, 6, 30))
    lines = [
        cascade.SubTaskLine(lead_unit=province.cell_a, content="a", deadline=datetime.date(2030, 5, 1)),
        cascade.SubTaskLine(lead_unit=province.commune_b, content="b", deadline=datetime.date(2030, 5, 1)),
    ]
    with pytest.raises(ServiceError) as error:
        cascade.task_split(actor=commune_office, task=parent, lines=lines)
    assert "lines-1-lead_unit" in error.value.fields
    late = [cascade.SubTaskLine(lead_unit=province.cell_a, content="a", deadline=datetime.date(2030, 7, 1))]
    with pytest.raises(ServiceError) as error:
        cascade.task_split(actor=commune_office, task=parent, lines=late)
    assert "không được sau thời hạn" in error.value.message
    with pytest.raises(NotFoundError):
        cascade.task_split(actor=province.users["commune_b"], task=parent, lines=lines[:1])
    assert parent.children.count() == 0


def test_split_page_and_late_children_on_parent(province, make_task, commune_office, client):
    """The split page prefills the parent's content; the parent page names the late children."""
    import time_machine
    from django.utils import timezone

    _second_cell(province)
    parent = make_task(deadline=datetime.date(2030, 6, 30), content="Tuyên truyền Nghị quyết")
    client.force_login(commune_office)
    url = reverse("tasks:split", args=[parent.pk])
    html = client.get(url).content.decode()
    assert html.count("Tuyên truyền Nghị quyết</textarea>") == 2 and "Chi bộ thôn 2" in html
    units = list(OrgUnit.objects.filter(parent=province.commune_a).order_by("path"))
    data = {"lines-TOTAL_FORMS": "2", "lines-INITIAL_FORMS": "2"}
    for i, (unit, deadline) in enumerate(zip(units, ("2030-07-15", "2030-05-31"), strict=True)):
        data.update(
            {
                f"lines-{i}-unit": unit.pk,
                f"lines-{i}-include": "on",
                f"lines-{i}-content": f"Phần việc của {unit.name}",
                f"lines-{i}-deadline": deadline,
                f"lines-{i}-deliverable": "Báo cáo",
            }
        )
    response = client.post(url, data)
    assert response.status_code == 200 and "không được sau thời hạn" in response.content.decode()
    assert parent.children.count() == 0
    data["lines-0-deadline"] = "2030-04-30"
    assert client.post(url, data).status_code == 302
    assert parent.children.count() == 2
    assert client.get(reverse("tasks:split", args=[parent.pk])).status_code == 200
    with time_machine.travel(datetime.datetime(2030, 5, 5, 9, tzinfo=timezone.get_default_timezone())):
        client.force_login(commune_office)
        html = client.get(reverse("tasks:detail", args=[parent.pk])).content.decode()
    assert 'id="late-children"' in html and "1 nhiệm vụ con chậm hạn" in html
    assert html.count('data-late="true"') == 1
    client.force_login(province.users["commune_b"])
    assert client.get(url).status_code == 404


def test_focal_point_splits_a_received_task_for_its_cells(province, make_task):
    """A commune focal point splits its own task for its cells, but cannot assign anything else."""
    parent = make_task(lead_unit=province.commune_a, deadline=datetime.date(2030, 6, 30))
    focal = province.users["commune_a"]
    line = cascade.SubTaskLine(lead_unit=province.cell_a, content="Chi bộ triển khai",
                               deadline=datetime.date(2030, 5, 31))
    (child,) = cascade.task_split(actor=focal, task=parent, lines=[line])
    assert child.parent_id == parent.pk and child.assigned_by_unit_id == province.commune_a.pk
    with pytest.raises(PermissionDeniedError):
        services.task_create(actor=focal, assigned_by_unit=province.commune_a, lead_unit=province.cell_a,
                             content="Việc tự đặt ra, không từ nhiệm vụ được giao")


def test_lead_unit_cannot_move_its_own_deadline(province, make_task):
    """The lead unit asks for an extension; only the assigning side changes deadline and deliverable."""
    task = make_task(lead_unit=province.commune_a, deadline=datetime.date(2030, 6, 30))
    commune_leader = make_user("bithu_anthi", unit=province.commune_a, role="leader", full_name="Bí Thư Xã")
    with pytest.raises(PermissionDeniedError):
        services.task_update(actor=commune_leader, task=task, deadline=datetime.date(2031, 1, 31))
    with pytest.raises(PermissionDeniedError):
        services.task_update(actor=commune_leader, task=task, deliverable="Báo cáo ngắn hơn")
    services.task_update(actor=province.users["office"], task=task, deadline=datetime.date(2031, 1, 31))
