"""The task API answers within the user's scope, with status and missing clarities, and structured errors."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from roviec.core.models import AuditEvent
from roviec.tasks import services
from roviec.tasks.models import ProgressReport, Task

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(province):
    def as_(key):
        client = APIClient()
        client.force_authenticate(province.users[key])
        return client
    return as_


def test_list_payload_filters_and_pagination(province, make_task, api):
    """Lists carry status and missing clarities and accept the same filters as the page."""
    make_task(content="Bê tông hóa đường thôn", lead_unit=province.cell_a)
    make_task(content="Nạo vét kênh", lead_unit=province.commune_b, deliverable="")
    client = api("office")
    body = client.get("/api/v1/tasks/").json()
    assert body["count"] == 2 and "results" in body
    first = body["results"][0]
    assert first["status"] == "not_started" and first["status_label"] == "Chưa thực hiện"
    assert "missing_clarities" in first
    body = client.get("/api/v1/tasks/", {"missing_clarity": "deliverable"}).json()
    assert [t["content"] for t in body["results"]] == ["Nạo vét kênh"]
    assert body["results"][0]["missing_clarities"] == ["deliverable"]
    body = client.get("/api/v1/tasks/", {"unit": province.commune_a.pk, "q": "duong"}).json()
    assert [t["content"] for t in body["results"]] == ["Bê tông hóa đường thôn"]
    response = client.get("/api/v1/tasks/", {"status": "nonsense"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"


def test_scoped_404_and_invisible_in_list(province, make_task, api):
    """Commune B neither sees nor touches commune A's task or report through the API."""
    task = make_task()
    report = services.report_submit(actor=province.users["commune_a"], task=task, percent=10, narrative="x")
    client = api("commune_b")
    assert client.get("/api/v1/tasks/").json()["count"] == 0
    assert client.get("/api/v1/tasks/", {"unit": province.commune_a.pk}).json()["count"] == 0
    t, r = f"/api/v1/tasks/{task.pk}/", f"/api/v1/reports/{report.pk}/"
    data = {"reason": "x", "comment": "x", "percent": 5, "narrative": "x", "content": "x"}
    for method, url in [("get", t), ("patch", t), ("post", t + "cancel/"), ("get", t + "reports/"),
                        ("post", t + "reports/"), ("get", r), ("post", r + "accept/"),
                        ("post", r + "return/")]:
        response = getattr(client, method)(url, data, format="json")
        assert response.status_code == 404, (method, url)
        assert response.json()["code"] == "not_found"
    task.refresh_from_db()
    assert task.cancelled_at is None and task.content != "x"


def test_create_update_cancel(province, api):
    """The office assigns, edits and cancels a task; errors come back as code, message and fields."""
    client = api("office")
    response = client.post("/api/v1/tasks/", {"assigned_by_unit": province.root.pk, "content": " "},
                           format="json")
    assert response.status_code == 400 and "content" in response.json()["fields"]
    response = client.post("/api/v1/tasks/", {
        "assigned_by_unit": province.root.pk, "content": "Sơ kết 3 năm", "lead_unit": province.commune_a.pk,
        "deadline": "30/06/2030", "coordinating_units": [province.inspection.pk]}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["due_date"] == "2030-06-30" and data["coordinating_units"] == [province.inspection.pk]
    assert set(data["missing_clarities"]) == {"accountability", "deliverable", "authority"}
    task_id = data["id"]
    response = client.patch(f"/api/v1/tasks/{task_id}/", {"deliverable": "Báo cáo sơ kết"}, format="json")
    assert response.status_code == 200
    assert response.json()["content"] == "Sơ kết 3 năm"
    assert "deliverable" not in response.json()["missing_clarities"]
    response = client.post(f"/api/v1/tasks/{task_id}/cancel/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "reason_required"
    response = client.post(f"/api/v1/tasks/{task_id}/cancel/", {"reason": "Trùng"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task_id)).count() == 3


def test_commune_cannot_create_for_other_unit(province, api):
    """Another commune as lead unit is answered exactly like a unit that does not exist; a unit in
    scope without the right to assign is a 403 with a Vietnamese message."""
    def create(lead_unit):
        return api("commune_a").post("/api/v1/tasks/", {
            "assigned_by_unit": province.commune_a.pk, "content": "x", "lead_unit": lead_unit}, format="json")

    foreign, missing = create(province.commune_b.pk), create(99999999)
    assert foreign.status_code == 400 and foreign.json()["fields"] == {"lead_unit": [services.UNIT_NOT_FOUND]}
    assert (foreign.status_code, foreign.json()) == (missing.status_code, missing.json())
    refused = create(province.cell_a.pk)
    assert refused.status_code == 403 and refused.json()["code"] == "permission_denied"
    assert not Task.objects.exists()


def test_report_multipart_then_accept(province, make_task, api):
    """A report with evidence files is submitted in multipart; the authority accepts it."""
    task = make_task()
    response = api("commune_a").post(f"/api/v1/tasks/{task.pk}/reports/", {
        "percent": 100, "narrative": "Hoàn thành",
        "evidence": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.txt", b"so lieu")]},
        format="multipart")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert [e["original_name"] for e in data["evidence"]] == ["a.pdf", "b.txt"]
    assert data["evidence"][0]["sha256"] == hashlib.sha256(PDF).hexdigest()
    report_id = data["id"]
    assert api("commune_a").post(f"/api/v1/reports/{report_id}/accept/").status_code == 403
    response = api("office").post(f"/api/v1/reports/{report_id}/return/", {}, format="json")
    assert response.status_code == 400 and "comment" in response.json()["fields"]
    response = api("office").post(f"/api/v1/reports/{report_id}/accept/", {"comment": "Tốt"}, format="json")
    assert response.status_code == 200 and response.json()["review"] == "accepted"
    task_data = api("commune_a").get(f"/api/v1/tasks/{task.pk}/").json()
    assert task_data["progress_percent"] == 100 and task_data["status"] in ("done_on_time", "done_late")
    listing = api("commune_a").get(f"/api/v1/tasks/{task.pk}/reports/").json()
    assert listing["count"] == 1 and ProgressReport.objects.get().review == "accepted"


def test_report_with_bad_file_is_refused(province, make_task, api):
    """A refused evidence file returns a field error and leaves no report."""
    task = make_task()
    response = api("commune_a").post(f"/api/v1/tasks/{task.pk}/reports/", {
        "percent": 50, "narrative": "x", "evidence": [SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03")]},
        format="multipart")
    assert response.status_code == 400 and "evidence" in response.json()["fields"]
    assert not ProgressReport.objects.exists()


def test_no_delete(province, make_task, api):
    """Tasks are never deleted through the API."""
    task = make_task()
    assert api("admin").delete(f"/api/v1/tasks/{task.pk}/").status_code == 405
    assert Task.objects.filter(pk=task.pk).exists()
