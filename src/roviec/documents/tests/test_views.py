import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roviec.documents import services
from roviec.documents.models import Document, DocumentType

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def doc_a(register, province):
    """A document registered by the province for commune A only."""
    return register("418-QĐ/TU", title="Thành lập Đoàn kiểm tra xã Ân Thi",
                    recipient_units=[province.commune_a])


def _client(client, province, who):
    client.force_login(province.users[who])
    return client


def test_commune_b_cannot_reach_commune_a_document(client, province, doc_a):
    """An out-of-scope document answers 404 and never shows in list, search or CSV export."""
    attachment = services.attachment_add(actor=province.users["office"], document=doc_a,
                                         uploaded=SimpleUploadedFile("qd.pdf", PDF))
    c = _client(client, province, "commune_b")
    assert c.get(reverse("documents:detail", args=[doc_a.pk])).status_code == 404
    assert c.get(reverse("documents:edit", args=[doc_a.pk])).status_code == 404
    assert c.get(reverse("documents:attachment_download", args=[attachment.pk])).status_code == 404
    listing = c.get(reverse("documents:list"))
    assert "xã Ân Thi" not in listing.text and listing.context["page"].paginator.count == 0
    assert "xã Ân Thi" not in c.get(reverse("documents:list"), {"q": "418"}).text
    assert "xã Ân Thi" not in c.get(reverse("documents:list"), {"q": "an thi"}, HTTP_HX_REQUEST="true").text
    assert "xã Ân Thi" not in c.get(reverse("documents:export_csv")).content.decode("utf-8-sig")


def test_commune_a_and_office_see_it(client, province, doc_a):
    """The recipient commune and the office both find the document."""
    for who in ("commune_a", "office"):
        c = _client(client, province, who)
        assert c.get(reverse("documents:detail", args=[doc_a.pk])).status_code == 200
        assert "418-QĐ/TU" in c.get(reverse("documents:export_csv")).content.decode("utf-8-sig")


@pytest.mark.parametrize("query", ["ket luan 21", "KẾT LUẬN", "kết luận số 21", "21-kl/tw"])
def test_search_ignores_diacritics_and_case(client, province, register, query):
    """Searching "ket luan 21" or "KẾT LUẬN" finds Kết luận số 21-KL/TW."""
    register("21-KL/TW", code="KL", title="về tiếp tục đẩy mạnh xây dựng, chỉnh đốn Đảng",
             issuer_name="Ban Chấp hành Trung ương", issue_date=datetime.date(2021, 10, 25))
    register("418-QĐ/TU", title="Thành lập Đoàn kiểm tra")
    response = _client(client, province, "office").get(reverse("documents:list"), {"q": query})
    symbols = [d.symbol for d in response.context["page"]]
    assert symbols == ["21-KL/TW"]


def test_search_by_number_finds_the_decision(client, province, register):
    """Typing only the number "418" finds Quyết định 418-QĐ/TU."""
    register("418-QĐ/TU")
    register("21-KL/TW", code="KL", issuer_name="Ban Chấp hành Trung ương")
    response = _client(client, province, "office").get(reverse("documents:list"), {"q": "418"})
    assert [d.symbol for d in response.context["page"]] == ["418-QĐ/TU"]


def test_live_search_returns_only_results(client, province, register):
    """The search box updates the result table in place (htmx) without reloading the page."""
    register("418-QĐ/TU")
    response = _client(client, province, "office").get(reverse("documents:list"), {"q": "418"},
                                                          HTTP_HX_REQUEST="true")
    assert "<form" not in response.text and "418-QĐ/TU" in response.text


def test_register_form_shows_each_malformed_part(client, province):
    """The register form names each malformed part of the symbol next to the field."""
    c = _client(client, province, "office")
    response = c.post(reverse("documents:register"), {
        "registered_unit": province.root.pk, "direction": "issued",
        "doc_type": DocumentType.objects.get(code="QĐ").pk, "symbol": "abc-XX/tu",
        "issue_date": "15/03/2021", "issuer_name": "Tỉnh ủy", "title": "Thử",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors["symbol"]
    assert len(errors) == 3
    assert not Document.objects.exists()
    check = c.get(reverse("documents:symbol_check"), {"symbol": "abc-XX/tu"})
    assert "Số văn bản “abc”" in check.text and "Mã loại văn bản “XX”" in check.text


def test_register_form_creates_document(client, province):
    """A clerk registers a document from the form and lands on its page."""
    c = _client(client, province, "office")
    response = c.post(reverse("documents:register"), {
        "registered_unit": province.root.pk, "direction": "issued",
        "doc_type": DocumentType.objects.get(code="QĐ").pk, "symbol": "418-QĐ/TU",
        "issue_date": "15/03/2021", "issuer_name": "Tỉnh ủy", "title": "Thành lập Đoàn kiểm tra",
        "recipient_units": [province.commune_a.pk],
    })
    document = Document.objects.get()
    assert response.status_code == 302 and response.url == reverse("documents:detail", args=[document.pk])
    assert list(document.recipient_units.all()) == [province.commune_a]


def test_commune_staff_cannot_open_register_or_edit(client, province, doc_a):
    """Unit staff read documents but do not register or change them."""
    c = _client(client, province, "commune_a")
    assert c.get(reverse("documents:register")).status_code == 403
    assert c.post(reverse("documents:cancel", args=[doc_a.pk]), {"reason": "x"}).status_code == 403
    doc_a.refresh_from_db()
    assert doc_a.status == "in_force"


def test_cancel_page_requires_reason(client, province, doc_a):
    """Cancelling from the page without a reason is refused with a message on the reason field."""
    c = _client(client, province, "office")
    response = c.post(reverse("documents:cancel", args=[doc_a.pk]), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    response = c.post(reverse("documents:cancel", args=[doc_a.pk]), {"reason": "Vào sổ nhầm"})
    doc_a.refresh_from_db()
    assert response.status_code == 302 and doc_a.status == "cancelled"


def test_relate_page_by_symbol(client, province, register, doc_a):
    """A clerk links a plan to the decision it implements by typing the decision's symbol."""
    plan = register("15-KH/TU", code="KH", title="Kế hoạch thực hiện")
    c = _client(client, province, "office")
    response = c.post(reverse("documents:relate", args=[plan.pk]),
                      {"kind": "implements", "target": "418-QĐ/TU"})
    assert response.status_code == 302
    detail = c.get(reverse("documents:detail", args=[doc_a.pk]))
    assert [link.document for link in detail.context["lineage"].downstream] == [plan]


def test_download_streams_original_bytes(client, province, doc_a):
    """The original file downloads byte for byte with its type and file name."""
    attachment = services.attachment_add(actor=province.users["office"], document=doc_a,
                                         uploaded=SimpleUploadedFile("Quyết định 418.pdf", PDF))
    response = _client(client, province, "commune_a").get(
        reverse("documents:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]


def test_upload_page_refuses_wrong_type(client, province, doc_a):
    """Uploading an executable as a document original is refused with a clear message."""
    c = _client(client, province, "office")
    response = c.post(reverse("documents:attachment_upload", args=[doc_a.pk]),
                      {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)})
    assert response.status_code == 200
    assert "không được chấp nhận" in response.context["form"].errors["file"][0]
    assert not doc_a.attachments.exists()


def test_detail_shows_files_history_and_cancel_reason(client, province, doc_a):
    """The document page lists its original files, its history and, once cancelled, why."""
    services.attachment_add(actor=province.users["office"], document=doc_a,
                            uploaded=SimpleUploadedFile("Quyết định 418.pdf", PDF))
    services.document_cancel(actor=province.users["office"], document=doc_a, reason="Vào sổ nhầm đơn vị")
    response = _client(client, province, "office").get(reverse("documents:detail", args=[doc_a.pk]))
    assert "Quyết định 418.pdf" in response.text
    assert "Vào sổ nhầm đơn vị" in response.text
    assert len(response.context["history"]) == 3
    assert not response.context["can_change"]


def test_csv_export_follows_filters(client, province, register):
    """The CSV export contains what the filtered list shows, with formulas neutralised."""
    register("418-QĐ/TU", title="=HYPERLINK(\"x\")")
    register("21-KL/TW", code="KL", title="Kết luận", issuer_name="Ban Chấp hành Trung ương")
    response = _client(client, province, "office").get(reverse("documents:export_csv"), {"q": "418"})
    text = response.content.decode("utf-8-sig")
    assert "418-QĐ/TU" in text and "21-KL/TW" not in text
    assert "'=HYPERLINK" in text
