"""Ingestion API: upload → status and proposal → confirm, with the page's checks, scope and errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from roviec.documents.models import Document, DocumentRelation, IngestionRun
from roviec.orgs.models import Position
from roviec.tasks.models import Task
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("june_2026")


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def _upload(client, unit, data, capture, name="thong-bao.txt"):
    with capture(execute=True):
        return client.post("/api/v1/ingestions/", {"unit": unit.pk, "file": SimpleUploadedFile(name, data)},
                           format="multipart")


def _remediation(proposal):
    return next(t for t in proposal["tasks"] if t["deadline"] == "2026-08-31")


def test_upload_status_and_confirm(province, inspected_tree, conclusion_bytes,
                                   django_capture_on_commit_callbacks):
    """A client uploads the notice, reads the proposal when ready and confirms 30 remediation tasks."""
    client = _client(province.users["office"])
    response = _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    assert response.status_code == 201, response.json()
    run_id = response.json()["id"]
    body = client.get(f"/api/v1/ingestions/{run_id}/").json()
    assert (body["status"], body["step"], body["progress"]) == ("ready", "done", 100)
    proposal = body["proposal"]
    assert proposal["metadata"]["title"] and proposal["responsibility"]["committee"]["id"] == province.root.pk
    task = _remediation(proposal)
    decisions = {
        "metadata": {"issue_date": "10/06/2026"},
        "responsibility": {"authority": f"u:{province.inspection.pk}"},
        "tasks": [{"key": task["key"], "deliverable": "Kế hoạch khắc phục",
                   "picks": {str(i): "skip" for i, lead in enumerate(task["leads"]) if not lead["units"]}}],
    }
    response = client.post(f"/api/v1/ingestions/{run_id}/confirm/", decisions, format="json")
    assert response.status_code == 201, response.json()
    result = response.json()
    document = Document.objects.get(pk=result["document"])
    tasks = Task.objects.filter(pk__in=result["tasks"])
    assert tasks.count() == 30 and set(tasks.values_list("source_document", flat=True)) == {document.pk}
    assert set(tasks.values_list("deliverable", flat=True)) == {"Kế hoạch khắc phục"}
    assert set(tasks.values_list("authority_unit", flat=True)) == {province.inspection.pk}
    # Citations not mentioned follow the proposal (placeholders registered, as the page would).
    assert set(DocumentRelation.objects.filter(source=document).values_list("target__symbol", flat=True)) == {
        "418-QĐ/TU", "571-TB/TU"}
    again = client.post(f"/api/v1/ingestions/{run_id}/confirm/", decisions, format="json")
    assert again.status_code == 400 and again.json()["code"] == "run_confirmed"


def test_invalid_decisions_are_structured_and_create_nothing(province, inspected_tree, conclusion_bytes,
                                                             django_capture_on_commit_callbacks):
    """Every problem comes back keyed by where it is, in Vietnamese; no document or task is created."""
    client = _client(province.users["office"])
    run_id = _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks).json()["id"]
    proposal = client.get(f"/api/v1/ingestions/{run_id}/").json()["proposal"]
    task = _remediation(proposal)
    response = client.post(f"/api/v1/ingestions/{run_id}/confirm/", {
        "metadata": {"issue_date": "31/02/2026"},
        "responsibility": {"accountable": 999999},
        "tasks": [{"key": task["key"], "deadline": "cuối tháng 8"}],
    }, format="json")
    body = response.json()
    assert response.status_code == 400 and body["code"] == "invalid"
    assert "chưa có gì được tạo" in body["message"]
    assert {"doc-issue_date", "resp-accountable", f"task-{task['key']}"} <= set(body["fields"])
    assert "Thời hạn phải theo dạng dd/mm/yyyy." in body["fields"][f"task-{task['key']}"]
    assert Document.objects.count() == 0 and Task.objects.count() == 0
    for bad, field in (({"tasks": [{"key": 999}]}, "tasks"),
                       ({"metadata": {"colour": "red"}}, "metadata.colour"),
                       ({"tasks": [{"content": "no key"}]}, "tasks")):
        response = client.post(f"/api/v1/ingestions/{run_id}/confirm/", bad, format="json")
        assert response.status_code == 400 and field in response.json()["fields"], response.json()


def test_upload_errors_are_structured(province, django_capture_on_commit_callbacks):
    """A wrong type, a missing file or a unit the user may not register for answers 400 in Vietnamese."""
    client = _client(province.users["office"])
    image = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    png = _upload(client, province.root, image, django_capture_on_commit_callbacks, name="anh.png")
    assert png.status_code == 400 and "không được chấp nhận" in png.json()["message"]
    missing = client.post("/api/v1/ingestions/", {"unit": province.root.pk}, format="multipart")
    assert missing.status_code == 400 and missing.json()["fields"]["file"] == ["Chọn tệp văn bản."]
    clerk = make_user("vp-a", unit=province.commune_a, role=Position.AccessRole.OFFICE, full_name="A")
    outside = _upload(_client(clerk), province.commune_b, b"abc", django_capture_on_commit_callbacks)
    assert outside.status_code == 400 and "unit" in outside.json()["fields"]
    assert IngestionRun.objects.count() == 0


def test_runs_are_scoped(province, conclusion_bytes, django_capture_on_commit_callbacks):
    """Another commune's clerk gets 404 for a run, cannot confirm or retry it, and does not list it."""
    clerk_a = make_user("vp-a", unit=province.commune_a, role=Position.AccessRole.OFFICE, full_name="A")
    clerk_b = make_user("vp-b", unit=province.commune_b, role=Position.AccessRole.OFFICE, full_name="B")
    run_id = _upload(_client(clerk_a), province.commune_a, conclusion_bytes,
                     django_capture_on_commit_callbacks).json()["id"]
    b = _client(clerk_b)
    assert b.get(f"/api/v1/ingestions/{run_id}/").status_code == 404
    assert b.post(f"/api/v1/ingestions/{run_id}/confirm/", {}, format="json").status_code == 404
    assert b.post(f"/api/v1/ingestions/{run_id}/retry/").status_code == 404
    assert b.get("/api/v1/ingestions/").json()["count"] == 0
    assert _client(clerk_a).get("/api/v1/ingestions/").json()["count"] == 1
    assert APIClient().get(f"/api/v1/ingestions/{run_id}/").status_code in (401, 403)


def test_retry_through_the_api(province, django_capture_on_commit_callbacks):
    """A failed run is analysed again as a new run; a ready run is not, and the proposal stays hidden
    until the analysis is ready."""
    client = _client(province.users["office"])
    created = _upload(client, province.root, b"%PDF-1.4\n%broken", django_capture_on_commit_callbacks,
                      name="hong.pdf").json()
    assert created["status"] == "queued" and created["proposal"] is None
    failed = client.get(f"/api/v1/ingestions/{created['id']}/").json()
    assert failed["status"] == "failed" and failed["proposal"] is None and failed["error"]
    with django_capture_on_commit_callbacks(execute=True):
        retry = client.post(f"/api/v1/ingestions/{failed['id']}/retry/")
    assert retry.status_code == 201 and retry.json()["retry_of"] == failed["id"]
    text = _upload(client, province.root, "Thông báo.".encode(), django_capture_on_commit_callbacks).json()
    refused = client.post(f"/api/v1/ingestions/{text['id']}/retry/")
    assert refused.status_code == 400 and refused.json()["code"] == "run_not_failed"


def test_schema_documents_the_ingestion_api(province):
    """The OpenAPI schema lists the ingestion endpoints with their request and error shapes."""
    schema = _client(province.users["office"]).get("/api/v1/schema", {"format": "json"}).json()
    paths = schema["paths"]
    assert {"/api/v1/ingestions/", "/api/v1/ingestions/{id}/", "/api/v1/ingestions/{id}/confirm/",
            "/api/v1/ingestions/{id}/retry/"} <= set(paths)
    confirm = paths["/api/v1/ingestions/{id}/confirm/"]["post"]
    assert set(confirm["responses"]) >= {"201", "400", "403", "404"}
    assert "multipart/form-data" in paths["/api/v1/ingestions/"]["post"]["requestBody"]["content"]
