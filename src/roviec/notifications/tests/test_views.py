"""Pages and API: each person sees and marks only their own notifications."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from roviec.notifications.models import Notification, NotificationKind
from roviec.notifications.services import PlannedNotice, notice_deliver
from roviec.notifications.tests.factories import make_task

pytestmark = pytest.mark.django_db


def deliver(user, title, *, task=None, url="", key=None):
    notice = PlannedNotice(key=key or f"test:{title}:{user.pk}", kind=NotificationKind.REMINDER,
                           recipient_id=user.pk, title=title, body="Nội dung nhắc việc", url=url,
                           task_id=task.pk if task else None)
    return notice_deliver(notice=notice, enqueue_email=lambda pk: None)


@pytest.fixture
def notes(province):
    mine = deliver(province.users["commune_a"], "Nhắc hạn: còn 3 ngày", url="/thong-bao/")
    theirs = deliver(province.users["commune_b"], "Nhắc hạn: việc của xã Yên Mỹ")
    return mine, theirs


def login(client, province, key):
    client.force_login(province.users[key])
    return client


def test_list_shows_own_notifications_and_unread_count(client, province, notes):
    """The list shows my notices with the unread count, never another person's."""
    response = login(client, province, "commune_a").get(reverse("notifications:list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Nhắc hạn: còn 3 ngày" in text
    assert "việc của xã Yên Mỹ" not in text
    assert "1 thông báo chưa đọc" in text


def test_another_persons_notification_is_absent(client, province, notes):
    """Opening or marking someone else's notification answers 404 and changes nothing."""
    _mine, theirs = notes
    login(client, province, "commune_a")
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:mark_read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_even_an_administrator_cannot_read_others_notifications(client, province, notes):
    """Notifications are personal: a superuser's wide scope does not reach them."""
    _mine, theirs = notes
    login(client, province, "admin")
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(province.users["admin"])
    assert api.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api.get("/api/v1/notifications/").json()["results"] == []


def test_mark_read_with_htmx_returns_the_item_and_refreshes_the_bell(client, province, notes):
    """Marking read in place swaps the item and tells the bell to refresh."""
    mine, _theirs = notes
    response = login(client, province, "commune_a").post(
        reverse("notifications:mark_read", args=[mine.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    assert "Đánh dấu đã đọc" not in response.content.decode()
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_mark_read_needs_post(client, province, notes):
    """A link cannot mark read by GET on the action URL (CSRF-safe)."""
    mine, _ = notes
    response = login(client, province, "commune_a").get(reverse("notifications:mark_read", args=[mine.pk]))
    assert response.status_code == 405


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, province, notes):
    """Clicking a notice goes to its page and it stops counting as unread."""
    mine, _ = notes
    response = login(client, province, "commune_a").get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/thong-bao/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_external_links_are_not_followed(client, province):
    """A notice can never redirect the user to another site."""
    note = deliver(province.users["commune_a"], "Liên kết lạ", url="https://evil.example/")
    response = login(client, province, "commune_a").get(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read(client, province, notes):
    """One button clears my unread notices, and only mine."""
    _mine, theirs = notes
    deliver(province.users["commune_a"], "Quá hạn")
    login(client, province, "commune_a").post(reverse("notifications:mark_all_read"))
    unread = Notification.objects.filter(recipient=province.users["commune_a"], read_at__isnull=True)
    assert not unread.exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_bell_shows_my_unread_count(client, province, notes):
    """The bell in the navigation shows how many notices I have not read."""
    deliver(province.users["commune_a"], "Quá hạn")
    response = login(client, province, "commune_a").get(reverse("notifications:bell"))
    assert 'data-unread="2"' in response.content.decode()
    response = login(client, province, "office").get(reverse("notifications:bell"))
    assert "data-unread" not in response.content.decode()


def test_pages_need_login(client, notes):
    """Signed-out visitors are sent to the login page."""
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_api_lists_only_own_and_marks_read(province, notes):
    """The API lists my notices, filters unread, marks read; others' answer 404."""
    mine, theirs = notes
    api = APIClient()
    api.force_authenticate(province.users["commune_a"])
    listed = api.get("/api/v1/notifications/").json()
    assert [n["id"] for n in listed["results"]] == [mine.pk]
    assert api.get("/api/v1/notifications/unread-count/").json() == {"unread": 1}
    assert api.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    response = api.post(f"/api/v1/notifications/{theirs.pk}/read/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = api.post(f"/api/v1/notifications/{mine.pk}/read/")
    assert response.status_code == 200 and response.json()["is_read"] is True
    assert api.get("/api/v1/notifications/", {"unread": "1"}).json()["results"] == []
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_api_has_no_writes_besides_marking_read(province, notes):
    """Notifications cannot be created, edited or deleted through the API."""
    mine, _ = notes
    api = APIClient()
    api.force_authenticate(province.users["commune_a"])
    assert api.post("/api/v1/notifications/", {"title": "x"}).status_code == 405
    assert api.delete(f"/api/v1/notifications/{mine.pk}/").status_code == 405
    assert api.patch(f"/api/v1/notifications/{mine.pk}/", {"title": "x"}).status_code == 405


def test_report_submitted_notifies_the_authority_once(province):
    """When a report is submitted, the authority unit's office and leaders hear of it, once per report."""
    from roviec.notifications.models import Notification
    from roviec.notifications.services import notify_report_submitted
    from roviec.tasks import services as task_services

    task = make_task(province, authority_unit=province.root)
    report = task_services.report_submit(actor=province.users["commune_a"], task=task, percent=40,
                                         narrative="Đã tổ chức hội nghị quán triệt")
    # report_submit already notified, inside its transaction; a retried call adds nothing.
    delivered = Notification.objects.filter(kind="report_submitted", task=task)
    assert sorted(n.recipient.username for n in delivered) == ["admin", "lanhdao", "vanphong"]
    assert notify_report_submitted(report=report, enqueue_email=lambda pk: None) == []
    assert delivered.count() == 3
