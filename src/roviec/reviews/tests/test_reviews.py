import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from docx import Document as DocxDocument
from rest_framework.test import APIClient

from roviec.core.errors import ServiceError
from roviec.core.models import AuditEvent
from roviec.reviews import services
from roviec.reviews.models import ReviewRun
from roviec.reviews.tests.conftest import pair, upload
from roviec.tasks import services as task_services

pytestmark = pytest.mark.django_db


def _review(province, user="commune_a", unit=None, **kwargs):
    superior, draft = pair("p04")
    kwargs.setdefault("superior_files", [upload(superior, "cap-tren.txt")])
    return services.review_run_create(
        actor=province.users[user],
        unit=unit or province.commune_a,
        draft=upload(draft),
        today=datetime.date(2026, 4, 1),
        **kwargs,
    )


def test_review_keeps_the_draft_and_flags_copying_and_late_issue(province):
    """A unit uploading a draft gets its copied passages, coverage and lateness, with the file kept as sent."""  # noqa: E501
    run = _review(province)
    _, draft = pair("p04")
    assert run.draft_file.read() == draft.encode("utf-8")
    assert run.draft_sha256 and run.superiors.count() == 1
    result = run.result
    assert result["copy_share"]["chars"] > 0.8
    assert {c["verdict"] for c in result["coverage"]} == {"partly"}
    assert result["timeliness"]["days"] == 64 and result["timeliness"]["limit_days"] == 44
    assert result["timeliness"]["late"] is True
    assert all(t["vague"] or t["missing"] for t in result["tasks"])


def test_review_against_a_registered_document_reads_its_attachment(province, superior_document):
    """Choosing the superior from the registry uses the text of its attached file."""
    run = _review(province, superior_files=[], superior_documents=[superior_document])
    assert run.superiors.get().document == superior_document
    assert run.result["copied_spans"], "the copied draft repeats the registered plan"


def test_review_is_audited(province):
    """Every review run leaves an audit event for the unit concerned."""
    run = _review(province)
    event = AuditEvent.objects.get(object_type="reviews.reviewrun", object_id=str(run.pk))
    assert event.action == AuditEvent.Action.CREATE
    assert list(event.units.all()) == [province.commune_a]
    assert event.after["draft_sha256"] == run.draft_sha256


def test_review_outside_scope_is_refused(province):
    """A commune cannot file a review in another commune's name; the answer names nothing of it."""
    with pytest.raises(ServiceError) as refused:
        _review(province, user="commune_b", unit=province.commune_a)
    assert refused.value.fields == {"unit": [services.UNIT_NOT_FOUND]}
    assert not ReviewRun.objects.exists()


def test_unreadable_draft_stores_nothing(province):
    """A file that is not a document gets a clear message and leaves no record or file behind."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")
    with pytest.raises(ServiceError) as error:
        services.review_run_create(actor=province.users["commune_a"], unit=province.commune_a, draft=bad)
    assert "draft" in error.value.fields
    assert not ReviewRun.objects.exists()
    assert not default_storage.exists("reviews")


def test_registered_task_with_other_deadline_is_reported(province):
    """A draft task that repeats a task already assigned, with another deadline, is shown as a conflict."""
    task_services.task_create(
        actor=province.users["office"],
        assigned_by_unit=province.root,
        content="Đảng ủy xã Ân Thi hoàn thành kiện toàn 100% chi bộ thôn sau sáp "
        "nhập, báo cáo Ban Thường vụ Tỉnh ủy",
        lead_unit=province.commune_a,
        deadline=datetime.date(2026, 9, 30),
    )
    draft = (
        "KẾ HOẠCH\n\nII- NHIỆM VỤ\n\n1. Đảng ủy xã Ân Thi hoàn thành kiện toàn 100% chi bộ thôn sau sáp nhập, "  # noqa: E501
        "báo cáo Ban Thường vụ Tỉnh ủy trước ngày 31/12/2026.\n"
    )
    run = services.review_run_create(
        actor=province.users["commune_a"], unit=province.commune_a, draft=upload(draft)
    )
    overlaps = run.result["registry_overlaps"]
    assert len(overlaps) == 1 and "deadline_conflict" in overlaps[0]["kinds"]


def test_runs_of_other_units_are_invisible(client, province):
    """A commune sees its own runs only; another commune's run answers 404 in pages, API and list."""
    run = _review(province)
    client.force_login(province.users["commune_b"])
    assert client.get(reverse("reviews:detail", args=[run.pk])).status_code == 404
    assert client.get(reverse("reviews:docx", args=[run.pk])).status_code == 404
    assert client.get(reverse("reviews:draft_file", args=[run.pk])).status_code == 404
    assert run.title not in client.get(reverse("reviews:list")).content.decode()
    api = APIClient()
    api.force_authenticate(province.users["commune_b"])
    assert api.get(f"/api/v1/reviews/{run.pk}/").status_code == 404
    assert api.get("/api/v1/reviews/").json()["count"] == 0
    client.force_login(province.users["office"])
    assert client.get(reverse("reviews:detail", args=[run.pk])).status_code == 200


def test_review_page_upload_shows_findings(client, province):
    """Uploading a draft on the page leads to the findings, each linked to its paragraph."""
    superior, draft = pair("p04")
    client.force_login(province.users["commune_a"])
    response = client.post(
        reverse("reviews:list"),
        {
            "unit": province.commune_a.pk,
            "title": "Kế hoạch phát triển đảng viên",
            "draft": upload(draft),
            "superior_files": [upload(superior, "cap-tren.txt")],
        },
    )
    run = ReviewRun.objects.get()
    assert response.status_code == 302 and response.url == reverse("reviews:detail", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "Kế hoạch phát triển đảng viên" in page
    assert "Chung chung" in page and "Mới nhắc đến" in page
    first_task = run.result["tasks"][0]
    assert 'href="#p-' in page and f'id="p-{first_task["offset"]}' in page


def test_review_page_rejects_missing_draft_in_vietnamese(client, province):
    """Submitting without a draft shows a Vietnamese message next to the field."""
    client.force_login(province.users["commune_a"])
    response = client.post(reverse("reviews:list"), {"unit": province.commune_a.pk})
    assert response.status_code == 200
    assert "Hãy chọn tệp dự thảo." in response.content.decode()
    assert not ReviewRun.objects.exists()


def test_docx_report_lists_the_findings(client, province):
    """The DOCX report opens in Word and names each finding's paragraph."""
    run = _review(province)
    client.force_login(province.users["commune_a"])
    response = client.get(reverse("reviews:docx", args=[run.pk]))
    assert response.status_code == 200
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)
    assert "BÁO CÁO THẨM ĐỊNH DỰ THẢO" in text
    assert "Sao chép máy móc" in text and "đoạn " in text


def test_api_creates_and_reads_a_review(province):
    """A client can post a draft through the API and read the review JSON back."""
    superior, draft = pair("p04")
    api = APIClient()
    api.force_authenticate(province.users["commune_a"])
    response = api.post(
        "/api/v1/reviews/",
        {
            "unit": province.commune_a.pk,
            "draft": upload(draft),
            "superior_files": [upload(superior, "s.txt")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = api.get(f"/api/v1/reviews/{response.json()['id']}/").json()
    assert set(body["result"]) >= {"tasks", "copied_spans", "copy_share", "coverage", "timeliness", "figures"}
    refused = api.post(
        "/api/v1/reviews/", {"unit": province.commune_b.pk, "draft": upload(draft)}, format="multipart"
    )
    assert refused.status_code == 400 and "unit" in refused.json()["fields"]
