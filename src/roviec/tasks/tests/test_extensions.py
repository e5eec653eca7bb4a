"""Extensions (gia hạn): the lead unit asks, the authority decides, the deadline moves, history stays."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.notifications.models import Notification
from roviec.tasks import extensions
from roviec.tasks.models import ExtensionRequest

pytestmark = pytest.mark.django_db
NEW = datetime.date(2030, 9, 30)


@pytest.fixture
def login(client, province):
    def as_(key):
        client.force_login(province.users[key])
        return client

    return as_


def _request(province, task, **overrides):
    values = {
        "actor": province.users["commune_a"],
        "task": task,
        "new_deadline": NEW,
        "reason": "Chờ kinh phí được phê duyệt",
    }
    values.update(overrides)
    return extensions.extension_request(**values)


def test_approval_moves_the_deadline_and_keeps_history(province, make_task):
    """Approving moves deadline and next due date; the request keeps the old date, both are audited."""
    task = make_task()
    extension = _request(province, task)
    assert extension.old_deadline == datetime.date(2030, 6, 30)
    extensions.extension_approve(actor=province.users["office"], extension=extension, comment="Đồng ý")
    task.refresh_from_db()
    extension.refresh_from_db()
    assert task.deadline == NEW and task.due_date == NEW
    assert extension.decision == "approved" and extension.decided_by == province.users["office"]
    actions = list(
        AuditEvent.objects.filter(object_type="tasks.extensionrequest").values_list("action", flat=True)
    )
    assert sorted(actions) == ["accept", "create"]
    task_event = AuditEvent.objects.get(object_type="tasks.task", object_id=str(task.pk), action="update")
    assert task_event.before == {"deadline": "2030-06-30", "due_date": "2030-06-30"}
    assert task_event.after == {"deadline": "2030-09-30", "due_date": "2030-09-30"}


def test_refusal_needs_a_comment_and_keeps_the_deadline(province, make_task):
    """A refusal must say why; the deadline does not move and the unit may ask again."""
    task = make_task()
    extension = _request(province, task)
    with pytest.raises(ServiceError) as error:
        extensions.extension_refuse(actor=province.users["office"], extension=extension, comment=" ")
    assert error.value.code == "comment_required"
    extensions.extension_refuse(
        actor=province.users["office"], extension=extension, comment="Không có căn cứ gia hạn"
    )
    task.refresh_from_db()
    assert task.deadline == datetime.date(2030, 6, 30)
    again = _request(province, task, reason="Bổ sung căn cứ")
    assert again.decision == "pending"
    assert ExtensionRequest.objects.filter(task=task).count() == 2


def test_request_rules(province, make_task):
    """Only the lead unit asks, with a reason and a later date, one pending request at a time."""
    task = make_task()
    with pytest.raises(PermissionDeniedError):
        _request(province, make_task(lead_unit=province.office, coordinating_units=[province.commune_a]))
    with pytest.raises(NotFoundError):
        _request(province, task, actor=province.users["commune_b"])
    for overrides, code in (
        ({"reason": ""}, "reason_required"),
        ({"new_deadline": datetime.date(2030, 6, 1)}, "new_deadline_not_later"),
        ({"new_deadline": None}, "new_deadline_required"),
    ):
        with pytest.raises(ServiceError) as error:
            _request(province, task, **overrides)
        assert error.value.code == code
    _request(province, task)
    with pytest.raises(ServiceError) as error:
        _request(province, task, new_deadline=datetime.date(2030, 12, 31))
    assert error.value.code == "extension_pending"
    recurring = make_task(recurrence="quarterly")
    with pytest.raises(ServiceError) as error:
        _request(province, recurring)
    assert error.value.code == "recurring_task"


def test_only_the_authority_decides(province, make_task):
    """The lead unit cannot grant its own extension; a decided request cannot be decided again."""
    task = make_task()
    extension = _request(province, task)
    with pytest.raises(PermissionDeniedError):
        extensions.extension_approve(actor=province.users["commune_a"], extension=extension)
    with pytest.raises(NotFoundError):
        extensions.extension_approve(actor=province.users["commune_b"], extension=extension)
    extensions.extension_approve(actor=province.users["leader"], extension=extension)
    with pytest.raises(ServiceError) as error:
        extensions.extension_refuse(actor=province.users["office"], extension=extension, comment="x")
    assert error.value.code == "extension_decided"


def test_sub_task_cannot_outrun_its_parent(province, make_task):
    """A sub-task's extension stops at the parent's deadline."""
    parent = make_task(deadline=datetime.date(2030, 8, 31))
    child = make_task(
        parent=parent,
        lead_unit=province.cell_a,
        assigned_by_unit=province.commune_a,
        deadline=datetime.date(2030, 6, 30),
    )
    with pytest.raises(ServiceError) as error:
        _request(province, child, new_deadline=datetime.date(2030, 9, 30))
    assert error.value.code == "beyond_parent"
    assert _request(province, child, new_deadline=datetime.date(2030, 8, 31)).pk


def test_notifications_go_to_the_authority_then_the_lead_unit(province, make_task):
    """The authority hears of the request, the requester of the decision, each once."""
    task = make_task(authority_unit=province.root)
    extension = _request(province, task)
    asked = Notification.objects.filter(kind="extension", task=task)
    assert sorted(n.recipient.username for n in asked) == ["admin", "lanhdao", "vanphong"]
    extensions.extension_approve(actor=province.users["office"], extension=extension)
    told = Notification.objects.filter(kind="extension", recipient=province.users["commune_a"])
    assert told.count() == 1 and "30/09/2030" in told.get().title
    from roviec.notifications.services import notify_extension_decided, notify_extension_requested

    extension.refresh_from_db()
    assert notify_extension_requested(extension=extension) == []
    assert notify_extension_decided(extension=extension) == []


def test_pages_request_decide_and_show_history(province, make_task, login):
    """Through the pages: the commune asks, the office approves, the new deadline and history show."""
    task = make_task()
    client = login("commune_a")
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'id="extension-form"' in html and "Đồng ý gia hạn</button>" not in html
    response = client.post(
        reverse("tasks:extension_request", args=[task.pk]), {"new_deadline": "15/07/2030", "reason": ""}
    )
    assert response.status_code == 400 and "Vui lòng nêu lý do" in response.content.decode()
    response = client.post(
        reverse("tasks:extension_request", args=[task.pk]),
        {"new_deadline": "15/07/2030", "reason": "Mưa bão kéo dài"},
    )
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert login("commune_b").post(reverse("tasks:extension_approve", args=[extension.pk])).status_code == 404
    client = login("office")
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Đồng ý gia hạn</button>" in html and "Mưa bão kéo dài" in html
    client.post(reverse("tasks:extension_approve", args=[extension.pk]), {"comment": ""})
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert '<strong id="task-due-date">15/07/2030</strong>' in html
    assert 'data-decision="approved"' in html and "30/06/2030" in html


def test_api_request_and_decide(province, make_task):
    """The API offers the same steps, scoped: history, request, approve, refuse."""
    task = make_task()
    api = APIClient()
    api.force_authenticate(province.users["commune_a"])
    url = f"/api/v1/tasks/{task.pk}/extensions/"
    response = api.post(url, {"new_deadline": "30/09/2030", "reason": ""}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    response = api.post(url, {"new_deadline": "30/09/2030", "reason": "Chờ quy hoạch"}, format="json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert api.post(f"/api/v1/extensions/{pk}/approve/", {}, format="json").status_code == 403
    other = APIClient()
    other.force_authenticate(province.users["commune_b"])
    assert other.get(f"/api/v1/extensions/{pk}/").status_code == 404
    assert other.get(url).status_code == 404
    api.force_authenticate(province.users["office"])
    response = api.post(f"/api/v1/extensions/{pk}/refuse/", {"comment": "Chưa đủ căn cứ"}, format="json")
    assert response.status_code == 200 and response.json()["decision"] == "refused"
    assert api.get(url).json()["results"][0]["decision_label"] == "Không đồng ý"
