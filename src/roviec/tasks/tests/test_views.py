"""Task pages work end to end for the right people and show nothing outside their scope."""

import datetime
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roviec.tasks import services
from roviec.tasks.models import ProgressReport, Task

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def login(client, province):
    def as_(key):
        client.force_login(province.users[key])
        return client
    return as_


def test_report_then_accept_through_pages(province, make_task, login):
    """The lead unit reports with evidence, the authority accepts, the badge reads done on time."""
    task = make_task()
    client = login("commune_a")
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    html = page.content.decode()
    assert 'id="task-status"' in html and "Chưa thực hiện" in html
    assert "Gửi báo cáo" in html and 'name="evidence"' in html and "Nghiệm thu</button>" not in html
    response = client.post(reverse("tasks:report_submit", args=[task.pk]), {
        "percent": "100", "narrative": "Đã hoàn thành",
        "evidence": [SimpleUploadedFile("bien-ban.pdf", PDF), SimpleUploadedFile("anh.txt", b"ghi chu")],
    })
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.evidence.count() == 2

    client = login("office")
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Nghiệm thu</button>" in html and "bien-ban.pdf" in html
    response = client.post(reverse("tasks:report_accept", args=[report.pk]), {"comment": ""})
    assert response.status_code == 302
    html = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert '<span id="task-status" class="status status-done_on_time">Hoàn thành đúng hạn</span>' in html


def test_report_form_shows_errors_inline(province, make_task, login):
    """A bad report is refused with Vietnamese messages next to the fields."""
    task = make_task()
    response = login("commune_a").post(reverse("tasks:report_submit", args=[task.pk]), {
        "percent": "150", "narrative": "", "evidence": [SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03")]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "field-error" in html and "Vui lòng nhập nội dung báo cáo." in html
    assert not ProgressReport.objects.exists()


def test_return_needs_comment_page(province, make_task, login):
    """Returning a report without a comment is refused with a message."""
    task = make_task()
    report = services.report_submit(actor=province.users["commune_a"], task=task, percent=50, narrative="x")
    client = login("office")
    response = client.post(reverse("tasks:report_return", args=[report.pk]), {"comment": ""}, follow=True)
    assert "Vui lòng nêu ý kiến" in response.content.decode()
    report.refresh_from_db()
    assert report.review == "pending"
    client.post(reverse("tasks:report_return", args=[report.pk]), {"comment": "Bổ sung số liệu"})
    report.refresh_from_db()
    assert report.review == "returned"


def test_clarities_flagged_in_red(province, make_task, login):
    """Missing clarities are marked so the office knows what to clarify."""
    task = make_task(deliverable="", authority_unit=None)
    html = login("office").get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert 'class="missing" data-clarity="deliverable" data-missing="true"' in html
    assert 'class="missing" data-clarity="authority" data-missing="true"' in html
    assert 'data-clarity="owner" data-missing="false"' in html


def test_scoping_pages(province, make_task, login):
    """Commune B cannot open, list, find, act on or download commune A's task; the office can."""
    task = make_task(content="Chỉnh trang nghĩa trang liệt sĩ xã Ân Thi")
    report = services.report_submit(actor=province.users["commune_a"], task=task, percent=10,
                                    narrative="Bắt đầu", evidence_files=[SimpleUploadedFile("a.pdf", PDF)])
    evidence = report.evidence.get()
    client = login("commune_b")
    for url in (reverse("tasks:detail", args=[task.pk]), reverse("tasks:edit", args=[task.pk]),
                reverse("tasks:evidence_download", args=[evidence.pk]),
                reverse("tasks:unit_overview", args=[province.commune_a.pk])):
        assert client.get(url).status_code == 404, url
    for url in (reverse("tasks:report_submit", args=[task.pk]), reverse("tasks:cancel", args=[task.pk]),
                reverse("tasks:report_accept", args=[report.pk]),
                reverse("tasks:report_return", args=[report.pk])):
        data = {"reason": "x", "comment": "x", "percent": 5, "narrative": "x"}
        assert client.post(url, data).status_code == 404, url
    listing = client.get(reverse("tasks:list"), {"q": "nghia trang"}).content.decode()
    assert "Chỉnh trang" not in listing
    assert "Chỉnh trang" not in client.get(reverse("home")).content.decode()
    task.refresh_from_db()
    assert task.cancelled_at is None and task.reports.count() == 1

    client = login("office")
    assert "Chỉnh trang" in client.get(reverse("tasks:list"), {"q": "nghia trang"}).content.decode()
    download = client.get(reverse("tasks:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == evidence.sha256


def test_coordinator_sees_task(province, make_task, login):
    """A commune named as coordinating unit sees the task, in the list and on its page."""
    task = make_task(lead_unit=province.office, coordinating_units=[province.commune_b],
                     content="Phối hợp tổ chức hội nghị")
    client = login("commune_b")
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 200
    assert "Phối hợp tổ chức" in client.get(reverse("tasks:list")).content.decode()


def test_list_filters_and_htmx_partial(province, make_task, login):
    """Filters narrow the list by unit subtree, status and missing clarity; htmx gets only results."""
    make_task(content="Bê tông hóa đường thôn", lead_unit=province.cell_a)
    make_task(content="Nạo vét kênh mương", lead_unit=province.commune_b, deliverable="")
    client = login("office")
    html = client.get(reverse("tasks:list"), {"unit": province.commune_a.pk}).content.decode()
    assert "Bê tông hóa" in html and "Nạo vét" not in html
    html = client.get(reverse("tasks:list"), {"missing_clarity": "deliverable"}).content.decode()
    assert "Bê tông hóa" not in html and "Nạo vét" in html
    html = client.get(reverse("tasks:list"), {"status": "overdue"}).content.decode()
    assert "Bê tông hóa" not in html
    html = client.get(reverse("tasks:list"), {"status": "not_started"}).content.decode()
    assert "Bê tông hóa" in html and "Nạo vét" in html
    partial = client.get(reverse("tasks:list"), {"q": "duong thon"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Bê tông hóa" in partial and "Nạo vét" not in partial
    assert 'id="result-count"' in partial


def test_list_query_count_is_bounded(province, make_task, login, django_assert_max_num_queries):
    """The list costs the same few queries for 3 tasks or 30."""
    for i in range(30):
        make_task(content=f"Nhiệm vụ số {i}", coordinating_units=[province.inspection])
    client = login("office")
    client.get(reverse("tasks:list"))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tasks:list"))
    assert response.content.decode().count('class="status status-') >= 25


def test_home_shows_counts_due_soon_overdue_and_to_accept(province, make_task, login):
    """The dashboard counts tasks by status and lists what needs attention."""
    import time_machine
    from django.utils import timezone

    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=timezone.get_default_timezone())):
        make_task(content="Sắp đến hạn", deadline=datetime.date(2026, 6, 10))
        make_task(content="Đã quá hạn", deadline=datetime.date(2026, 5, 20))
        pending = make_task(content="Chờ nghiệm thu", deadline=datetime.date(2026, 12, 1))
        services.report_submit(actor=province.users["commune_a"], task=pending, percent=50, narrative="x")
        html = login("office").get(reverse("home")).content.decode()
    assert 'id="status-counts"' in html
    assert 'data-status="overdue">\n    <strong>1</strong>' in html
    assert 'data-status="not_started">\n    <strong>1</strong>' in html
    assert 'data-status="in_progress">\n    <strong>1</strong>' in html
    assert "Sắp đến hạn" in html and "Đã quá hạn" in html and "Chờ nghiệm thu" in html


def test_create_and_edit_pages(province, login):
    """The office assigns and edits a task through the form; errors come back inline."""
    client = login("office")
    assert client.get(reverse("tasks:create")).status_code == 200
    response = client.post(reverse("tasks:create"), {"content": " ", "assigned_by_unit": province.root.pk})
    assert response.status_code == 200 and "field-error" in response.content.decode()
    response = client.post(reverse("tasks:create"), {
        "content": "Tổng kết 5 năm thực hiện Chỉ thị", "assigned_by_unit": province.root.pk,
        "lead_unit": province.commune_a.pk, "deadline": "2030-12-31", "recurrence": ""})
    task = Task.objects.get()
    assert response.status_code == 302 and response.url == reverse("tasks:detail", args=[task.pk])
    data = {"content": "Tổng kết 5 năm", "assigned_by_unit": province.root.pk,
            "lead_unit": province.commune_a.pk, "deadline": "31/12/2030", "recurrence": ""}
    assert client.post(reverse("tasks:edit", args=[task.pk]), data).status_code == 302
    task.refresh_from_db()
    assert task.content == "Tổng kết 5 năm"
    assert login("commune_a").get(reverse("tasks:edit", args=[task.pk])).status_code == 404


def test_unit_overview_counts_subtree_and_children(province, make_task, login):
    """The overview of a commune counts its own tasks and those of its cells."""
    make_task(lead_unit=province.cell_a)
    make_task(lead_unit=province.commune_a)
    make_task(lead_unit=province.commune_b)
    html = login("office").get(reverse("tasks:unit_overview", args=[province.commune_a.pk])).content.decode()
    assert "2 nhiệm vụ" in html and "Chi bộ thôn 1" in html
    html = login("commune_a").get(reverse("tasks:unit_overview", args=[province.root.pk]))
    assert html.status_code == 404


def test_cancel_and_suspend_pages(province, make_task, login):
    """Managers suspend, resume and cancel with a reason; a missing reason is refused."""
    task = make_task()
    client = login("office")
    client.post(reverse("tasks:cancel", args=[task.pk]), {"reason": ""})
    task.refresh_from_db()
    assert task.cancelled_at is None
    client.post(reverse("tasks:suspend", args=[task.pk]), {"reason": "Chờ"})
    task.refresh_from_db()
    assert task.suspended_at is not None
    client.post(reverse("tasks:resume", args=[task.pk]), {"reason": "Tiếp"})
    client.post(reverse("tasks:cancel", args=[task.pk]), {"reason": "Không còn phù hợp"})
    task.refresh_from_db()
    assert task.suspended_at is None and task.cancel_reason == "Không còn phù hợp"
    other = make_task()
    response = login("commune_a").post(reverse("tasks:cancel", args=[other.pk]), {"reason": "x"}, follow=True)
    assert "không có quyền" in response.content.decode()
    other.refresh_from_db()
    assert other.cancelled_at is None
