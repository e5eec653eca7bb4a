"""Pages: scope answers 404, the complainant is hidden, the import review highlights unmatched units."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from roviec.inspections import complaints, services
from roviec.inspections.models import Complaint, Inspection


def test_pages_answer_404_outside_scope(province, client):
    """Commune B cannot open an inspection of commune A, nor its notice draft."""
    inspection = services.inspection_create(
        actor=province.users["inspector"],
        committee=province.root,
        title="về việc kiểm tra xã Ân Thi",
        subject_units=[province.commune_a],
    )
    client.force_login(province.users["commune_b"])
    assert client.get(f"/kiem-tra/{inspection.pk}/").status_code == 404
    client.force_login(province.users["commune_a"])
    assert client.get(f"/kiem-tra/{inspection.pk}/").status_code == 200
    assert client.get(f"/kiem-tra/{inspection.pk}/thong-bao.docx").status_code == 404
    client.force_login(province.users["inspector"])
    response = client.get(f"/kiem-tra/{inspection.pk}/thong-bao.docx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_complaint_page_hides_sender_from_leaders(province, client):
    """A leader reads the letter but not who sent it; the inspection role reads both."""
    complaint = complaints.complaint_register(
        actor=province.users["inspector"],
        received_on=datetime.date(2026, 9, 1),
        kind=Complaint.Kind.DENUNCIATION,
        content="Tố cáo sai phạm.",
        handling_unit=province.inspection,
        sender_name="Nguyễn Văn Tố",
    )
    client.force_login(province.users["leader"])
    for url in (f"/kiem-tra/don-thu/{complaint.pk}/", "/kiem-tra/don-thu/"):
        page = client.get(url).content.decode()
        assert "Tố cáo sai phạm" in page and "Nguyễn Văn Tố" not in page
    client.force_login(province.users["inspector"])
    assert "Nguyễn Văn Tố" in client.get(f"/kiem-tra/don-thu/{complaint.pk}/").content.decode()
    assert "Nguyễn Văn Tố" not in client.get("/kiem-tra/don-thu/").content.decode()


def test_import_review_highlights_unmatched_and_creates_nothing_until_confirmed(
    province, client, sample_text
):
    """The sample shows its 30 organisations, unmatched ones marked; confirming creates the inspection."""
    client.force_login(province.users["inspector"])
    upload = SimpleUploadedFile("thong-bao.txt", sample_text.encode("utf-8"), content_type="text/plain")
    response = client.post("/kiem-tra/nhap/", {"file": upload})
    assert response.status_code == 302
    page = client.get("/kiem-tra/nhap/xem-lai/").content.decode()
    assert page.count('data-unmatched="true"') == 28
    assert not Inspection.objects.exists()
    # The browser submits every row's choice: here the two matched communes, the rest left unmatched.
    choices = {"org-7": province.commune_b.pk, "org-9": province.commune_a.pk}
    response = client.post("/kiem-tra/nhap/xem-lai/", {"committee": province.root.pk, **choices})
    assert response.status_code == 302
    inspection = Inspection.objects.get()
    assert inspection.subjects.count() == 2


def test_discipline_and_programme_pages_render(province, client):
    """The registers open for the inspection committee."""
    client.force_login(province.users["inspector"])
    for url in (
        "/kiem-tra/",
        "/kiem-tra/lap-moi/",
        "/kiem-tra/chuong-trinh/",
        "/kiem-tra/ky-luat/",
        "/kiem-tra/don-thu/?qua-han=1",
    ):
        assert client.get(url).status_code == 200, url


def test_import_review_shows_members_and_body_findings_before_creation(
    province, client, sample_units, sample_text
):
    """The review lists the members (the unplaced secretaries as one line) and the strengths and causes."""
    client.force_login(province.users["inspector"])
    upload = SimpleUploadedFile("thong-bao.txt", sample_text.encode("utf-8"), content_type="text/plain")
    client.post("/kiem-tra/nhap/", {"file": upload})
    page = client.get("/kiem-tra/nhap/xem-lai/").content.decode()
    assert page.count("data-member=") == 3 and "Phạm Tùng Lâm" in page
    assert page.count('data-unmatched-member="true"') == 1 and "còn 26/26" in page
    assert page.count('data-kind="strength"') == 8
    assert page.count('data-kind="cause_objective"') == 5
    assert page.count('data-kind="responsibility"') == 3
    assert not Inspection.objects.exists()


def test_finding_edit_page_asks_for_a_reason_once_issued(province, client):
    """The edit page saves a draft change, and after issue refuses a correction without a reason."""
    from roviec.inspections import conclusion

    inspector = province.users["inspector"]
    inspection = services.inspection_create(
        actor=inspector, committee=province.root, title="về việc kiểm tra", subject_units=[province.commune_a]
    )
    finding = services.finding_add(
        actor=inspector, inspection=inspection, text="Nháp.", units=[province.commune_a]
    )
    client.force_login(inspector)
    url = f"/kiem-tra/noi-dung/{finding.pk}/sua/"
    form = {
        "kind": "shortcoming",
        "field": "leadership",
        "text": "Bản sửa.",
        "units": [province.commune_a.pk],
    }
    assert client.post(url, form).status_code == 302
    finding.refresh_from_db()
    assert finding.text == "Bản sửa."
    services.inspection_update(
        actor=inspector, inspection=inspection, remediation_deadline=datetime.date(2026, 12, 31)
    )
    conclusion.conclusion_issue(
        actor=province.users["leader"],
        inspection=inspection,
        symbol="703-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
    )
    response = client.post(url, {**form, "text": "Đính chính."})
    assert response.status_code == 200 and "Lý do đính chính" in response.content.decode()
    finding.refresh_from_db()
    assert finding.text == "Bản sửa."
    assert client.post(url, {**form, "text": "Đính chính.", "reason": "Sai số liệu"}).status_code == 302
    finding.refresh_from_db()
    assert finding.text == "Đính chính."
    client.force_login(province.users["commune_a"])
    assert client.get(url).status_code == 404
