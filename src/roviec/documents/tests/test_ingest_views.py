"""Ingestion pages: upload, progress fragment, review with inline problems, confirmation, scope."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roviec.core.models import AuditEvent
from roviec.documents.models import Document, IngestionRun
from roviec.documents.tests.conftest import review_data
from roviec.orgs.models import Position
from roviec.tasks.models import Task
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("june_2026")


def _upload(client, unit, data, django_capture_on_commit_callbacks, name="thong-bao.txt"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/van-ban/nhap/", {"unit": unit.pk, "file": SimpleUploadedFile(name, data)})


def test_upload_progress_review_confirm(client, province, inspected_tree, conclusion_bytes,
                                        django_capture_on_commit_callbacks):
    """A clerk uploads the notice, follows the progress, reviews the proposal and confirms it."""
    client.force_login(province.users["office"])
    response = _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/van-ban/nhap/{run.pk}/"
    page = client.get(f"/van-ban/nhap/{run.pk}/").content.decode()
    assert "Đối chiếu đơn vị" in page and "Rà soát kết quả" in page
    fragment = client.get(f"/van-ban/nhap/{run.pk}/trang-thai/", HTTP_HX_REQUEST="true")
    assert fragment["HX-Redirect"] == f"/van-ban/nhap/{run.pk}/ra-soat/"
    review = client.get(f"/van-ban/nhap/{run.pk}/ra-soat/").content.decode()
    assert "Trần Quốc Toàn" in review and "418-QĐ/TU" in review
    assert "Vào sổ văn bản đến giữ chỗ" in review
    assert review.count('name="task-0-unit"') == 30
    response = client.post(f"/van-ban/nhap/{run.pk}/ra-soat/", review_data(run))
    document = Document.objects.get(ingestion_runs=run)
    assert response.status_code == 302 and response["Location"] == f"/van-ban/{document.pk}/"
    assert Task.objects.filter(source_document=document).count() == 30
    # The run now leads to its document.
    assert client.get(f"/van-ban/nhap/{run.pk}/ra-soat/")["Location"] == f"/van-ban/{document.pk}/"


def test_review_problems_shown_inline_and_nothing_created(client, province, inspected_tree, conclusion_bytes,
                                                         django_capture_on_commit_callbacks):
    """An undecided unit name and a bad date are shown on their rows; nothing is registered."""
    client.force_login(province.users["office"])
    _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    data = review_data(run, keep_deadline=None, issue_date="31/02/2026")
    for t in run.proposal["tasks"]:
        for index, lead in enumerate(t["leads"]):
            if not lead["units"]:
                data[f"task-{t['key']}-pick-{index}"] = ""
    data["task-0-deadline"] = "cuối tháng 8"
    response = client.post(f"/van-ban/nhap/{run.pk}/ra-soat/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Thời hạn phải theo dạng dd/mm/yyyy." in page
    assert "Vui lòng sửa các mục được đánh dấu" in page
    assert Document.objects.count() == 0 and Task.objects.count() == 0


def test_unmatched_name_picked_from_the_tree(client, province, inspected_tree, conclusion_bytes,
                                             django_capture_on_commit_callbacks):
    """A clerk decides an unmatched addressee by picking a unit; the task goes to that unit."""
    client.force_login(province.users["office"])
    _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    run.proposal["tasks"][0]["leads"] = [{"name": "Ban Nội chính Tỉnh ủy", "generic": False, "groups": [],
                                          "units": [], "suggestion": None}]
    run.save(update_fields=["proposal"])
    data = review_data(run)
    data.pop("task-0-unit", None)
    data["task-0-pick-0"] = province.inspection.pk
    response = client.post(f"/van-ban/nhap/{run.pk}/ra-soat/", data)
    assert response.status_code == 302
    assert list(Task.objects.values_list("lead_unit", flat=True)) == [province.inspection.pk]


@pytest.mark.parametrize(("name", "data", "message"), [
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "có định dạng không được chấp nhận"),
    ("bang-tinh.xlsx", b"PK\x03\x04" + b"\x00" * 64, "không được chấp nhận"),
])
def test_wrong_type_refused_on_the_page(client, province, name, data, message,
                                        django_capture_on_commit_callbacks):
    """The upload form says in Vietnamese why a file is refused."""
    client.force_login(province.users["office"])
    response = _upload(client, province.root, data, django_capture_on_commit_callbacks, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert IngestionRun.objects.count() == 0


def test_oversize_refused_on_the_page(client, province, settings, django_capture_on_commit_callbacks):
    """A file over the limit is refused with the limit in MB."""
    settings.ROVIEC_MAX_UPLOAD_BYTES = 1024 * 1024
    client.force_login(province.users["office"])
    response = _upload(client, province.root, b"a" * (1024 * 1024 + 10), django_capture_on_commit_callbacks)
    assert "vượt quá dung lượng cho phép (1 MB)" in response.content.decode()


def test_duplicate_upload_links_to_earlier_run(client, province, inspected_tree, conclusion_bytes,
                                               django_capture_on_commit_callbacks):
    """Uploading the same file again points to the run already under way."""
    client.force_login(province.users["office"])
    _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    response = _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks,
                       name="ban-sao.txt")
    page = response.content.decode()
    assert "đã được tải lên" in page and f'href="/van-ban/nhap/{run.pk}/"' in page
    assert IngestionRun.objects.count() == 1


def test_other_commune_cannot_see_a_run(client, province, conclusion_bytes,
                                        django_capture_on_commit_callbacks):
    """A commune's run answers 404 to another commune and is not listed there."""
    clerk_a = make_user("vp-a", unit=province.commune_a, role=Position.AccessRole.OFFICE, full_name="A")
    clerk_b = make_user("vp-b", unit=province.commune_b, role=Position.AccessRole.OFFICE, full_name="B")
    client.force_login(clerk_a)
    _upload(client, province.commune_a, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    assert client.get(f"/van-ban/nhap/{run.pk}/").status_code == 200
    client.force_login(clerk_b)
    for suffix in ("", "trang-thai/", "ra-soat/", "tep/"):
        assert client.get(f"/van-ban/nhap/{run.pk}/{suffix}").status_code == 404
    assert client.post(f"/van-ban/nhap/{run.pk}/ra-soat/", {}).status_code == 404
    assert run.original_name not in client.get("/van-ban/nhap/").content.decode()
    # A focal point (no right to register documents) cannot even open the upload page.
    client.force_login(province.users["commune_a"])
    assert client.get("/van-ban/nhap/").status_code == 403
    assert client.get(f"/van-ban/nhap/{run.pk}/").status_code == 404


def test_original_file_downloads_byte_for_byte(client, province, conclusion_bytes,
                                               django_capture_on_commit_callbacks):
    """The uploaded original is kept exactly as sent."""
    client.force_login(province.users["office"])
    _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    response = client.get(f"/van-ban/nhap/{run.pk}/tep/")
    assert b"".join(response.streaming_content) == conclusion_bytes


def test_review_cards_offer_select_all_and_counts(client, province, inspected_tree, conclusion_bytes,
                                                  django_capture_on_commit_callbacks):
    """Each card says how many units are chosen, offers “chọn tất cả / bỏ chọn”, and cards addressed to
    the same units as an earlier one fold their list away."""
    client.force_login(province.users["office"])
    _upload(client, province.root, conclusion_bytes, django_capture_on_commit_callbacks)
    run = IngestionRun.objects.get()
    page = client.get(f"/van-ban/nhap/{run.pk}/ra-soat/").content.decode()
    first = page[page.index('id="task-0"'):page.index('id="task-1"')]
    second = page[page.index('id="task-1"'):page.index('id="task-2"')]
    assert "30/30 đơn vị được chọn" in first
    assert 'data-check="all"' in first and "Chọn tất cả" in first and "Bỏ chọn" in first
    assert 'aria-controls="task-0-units"' in first
    assert '<details class="unit-list" open>' in first
    # Same 30 organisations again: folded, with the reason, still ticked and still sent.
    assert '<details class="unit-list">' in second and "cùng nhóm đơn vị với Nhiệm vụ 1" in second
    assert second.count("checked") >= 30
    # Every checkbox sits inside its label (accessible name, large target); the script is served locally.
    assert '<label><input type="checkbox" data-unit name="task-0-unit"' in first
    assert "/static/documents/ingest.js" in page and "https://" not in page.split("</header>")[-1]
    # Units the words do not pin down (“các cơ quan, đơn vị liên quan”) are offered unticked.
    last = page[page.rindex('class="ingest-task"'):]
    assert "chưa chọn sẵn, hãy đánh dấu những đơn vị phù hợp" in last


def test_failed_run_can_be_retried(client, province, django_capture_on_commit_callbacks, monkeypatch):
    """A run that failed offers “Phân tích lại”: the same stored file goes through a new analysis."""
    from roviec.documents import ingest

    client.force_login(province.users["office"])
    real = ingest.build_proposal
    monkeypatch.setattr(ingest, "build_proposal", lambda **kwargs: 1 / 0)
    _upload(client, province.root, "Thông báo số 1.".encode(), django_capture_on_commit_callbacks)
    failed = IngestionRun.objects.get()
    assert failed.status == IngestionRun.Status.FAILED
    page = client.get(f"/van-ban/nhap/{failed.pk}/").content.decode()
    assert f'action="/van-ban/nhap/{failed.pk}/thu-lai/"' in page and "Phân tích lại tệp này" in page
    monkeypatch.setattr(ingest, "build_proposal", real)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/van-ban/nhap/{failed.pk}/thu-lai/")
    retry = IngestionRun.objects.exclude(pk=failed.pk).get()
    assert response["Location"] == f"/van-ban/nhap/{retry.pk}/"
    assert retry.status == IngestionRun.Status.READY and retry.retry_of == failed
    assert retry.file.name == failed.file.name and retry.sha256 == failed.sha256
    failed.refresh_from_db()
    assert failed.status == IngestionRun.Status.FAILED
    assert AuditEvent.objects.filter(object_type="documents.ingestionrun", action="create").count() == 2
    # A run that is not failed (or already retried successfully) is not analysed again.
    client.post(f"/van-ban/nhap/{failed.pk}/thu-lai/")
    client.post(f"/van-ban/nhap/{retry.pk}/thu-lai/")
    assert IngestionRun.objects.count() == 2
    # Retrying is a write: GET is refused, another commune gets 404.
    assert client.get(f"/van-ban/nhap/{failed.pk}/thu-lai/").status_code == 405
    client.force_login(make_user("vp-b", unit=province.commune_b, role=Position.AccessRole.OFFICE,
                                 full_name="B"))
    assert client.post(f"/van-ban/nhap/{failed.pk}/thu-lai/").status_code == 404
