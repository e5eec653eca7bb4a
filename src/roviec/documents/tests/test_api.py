import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from conftest import make_user
from roviec.core.errors import ServiceError
from roviec.core.models import AuditEvent
from roviec.documents import services
from roviec.documents.models import Document, DocumentType
from roviec.orgs.models import Position

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def api(province):
    def _as(who):
        client = APIClient()
        client.force_authenticate(province.users[who])
        return client
    return _as


@pytest.fixture
def doc_a(register, province):
    return register("418-QĐ/TU", title="Thành lập Đoàn kiểm tra xã Ân Thi",
                    recipient_units=[province.commune_a])


def _payload(province, **extra):
    return {"registered_unit": province.root.pk, "direction": "issued",
            "doc_type": DocumentType.objects.get(code="QĐ").pk, "symbol": "418-QĐ/TU",
            "issue_date": "15/03/2021", "issuer_name": "Tỉnh ủy Hưng Yên", "title": "Thành lập Đoàn kiểm tra",
            **extra}


def test_api_scoping(api, province, doc_a):
    """Through the API too, commune B gets 404 for commune A's document, its files, and an empty list."""
    attachment = services.attachment_add(actor=province.users["office"], document=doc_a,
                                         uploaded=SimpleUploadedFile("qd.pdf", PDF))
    b = api("commune_b")
    assert b.get("/api/v1/documents/").json()["count"] == 0
    assert b.get("/api/v1/documents/", {"q": "an thi"}).json()["results"] == []
    assert b.get(f"/api/v1/documents/{doc_a.pk}/").status_code == 404
    assert b.get(f"/api/v1/documents/{doc_a.pk}/relations/").status_code == 404
    assert b.get(f"/api/v1/documents/{doc_a.pk}/attachments/{attachment.pk}/download/").status_code == 404
    assert b.post(f"/api/v1/documents/{doc_a.pk}/cancel/", {"reason": "x"}).status_code == 404
    a = api("commune_a")
    assert a.get("/api/v1/documents/").json()["count"] == 1
    download = a.get(f"/api/v1/documents/{doc_a.pk}/attachments/{attachment.pk}/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert api("office").get(f"/api/v1/documents/{doc_a.pk}/").json()["symbol"] == "418-QĐ/TU"


def test_api_create_through_service_with_structured_errors(api, province):
    """Creating through the API applies the same symbol rules and answers errors field by field."""
    office = api("office")
    bad = office.post("/api/v1/documents/", _payload(province, symbol="abc-XX/tu"), format="json")
    assert bad.status_code == 400
    body = bad.json()
    assert body["code"] == "invalid" and len(body["fields"]["symbol"]) == 3
    created = office.post("/api/v1/documents/", _payload(province), format="json")
    assert created.status_code == 201 and created.json()["number"] == 418
    again = office.post("/api/v1/documents/", _payload(province), format="json")
    assert again.status_code == 400 and again.json()["code"] == "duplicate_symbol"
    assert AuditEvent.objects.filter(object_type="documents.document").count() == 1


def test_api_create_refused_for_unit_staff(api, province):
    """Unit staff cannot register documents through the API either."""
    response = api("commune_a").post("/api/v1/documents/",
                                     _payload(province, registered_unit=province.commune_a.pk), format="json")
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_api_cancel_relations_and_upload(api, province, register, doc_a):
    """A client cancels with a reason, links documents, and uploads an original, all audited."""
    office = api("office")
    assert office.post(f"/api/v1/documents/{doc_a.pk}/cancel/", {}, format="json").status_code == 400
    new = register("419-QĐ/TU")
    old = register("100-QĐ/TU")
    related = office.post(f"/api/v1/documents/{new.pk}/relations/", {"target": old.pk, "kind": "replaces"},
                          format="json")
    assert related.status_code == 201
    lineage = office.get(f"/api/v1/documents/{old.pk}/relations/").json()
    assert lineage["downstream"][0]["document_id"] == new.pk
    assert office.get(f"/api/v1/documents/{old.pk}/").json()["status"] == "replaced"
    upload = office.post(f"/api/v1/documents/{new.pk}/attachments/",
                         {"file": SimpleUploadedFile("qd.pdf", PDF)}, format="multipart")
    assert upload.status_code == 201 and upload.json()["mime_type"] == "application/pdf"
    cancelled = office.post(f"/api/v1/documents/{doc_a.pk}/cancel/", {"reason": "Vào sổ nhầm"}, format="json")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_api_rejects_relation_to_out_of_scope_target(api, province, register, doc_a):
    """A client cannot link to, or learn about, a document outside its scope."""
    clerk_doc = register("01-NQ/ĐU", code="NQ", unit=province.commune_b, issuer_unit=province.commune_b,
                         issuer_name="Đảng ủy xã Yên Mỹ")
    from roviec.orgs.models import Position
    from tests.conftest import make_user

    clerk_b = make_user("vanthu_b", unit=province.commune_b, role=Position.AccessRole.OFFICE,
                        full_name="Văn thư xã Yên Mỹ")
    client = APIClient()
    client.force_authenticate(clerk_b)
    response = client.post(f"/api/v1/documents/{clerk_doc.pk}/relations/",
                           {"target": doc_a.pk, "kind": "based_on"}, format="json")
    assert response.status_code == 404
    assert "Ân Thi" not in response.content.decode()


def test_schema_describes_documents(api):
    """The OpenAPI schema lists the document endpoints."""
    response = api("office").get("/api/v1/schema")
    text = response.content.decode()
    assert response.status_code == 200
    for route in ("/api/v1/documents/", "/api/v1/documents/{id}/cancel/", "/api/v1/documents/{id}/relations/",
                  "/api/v1/documents/{id}/attachments/{attachment_id}/download/"):
        assert route in text


def test_units_out_of_reach_answer_like_missing_ones_whatever_else_is_wrong(api, province):
    """A clerk of commune A naming commune B's unit gets the answer of an id that does not exist, also
    when another field is wrong too; the service gives the same answer to the register form."""
    clerk = make_user("vanthu_a", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                      full_name="Văn thư xã Ân Thi")
    client = APIClient()
    client.force_authenticate(clerk)
    body = _payload(province, registered_unit=province.commune_a.pk, issuer_name="Đảng ủy xã", symbol="")
    for field, foreign, missing in (("registered_unit", province.commune_b.pk, 99999999),
                                    ("issuer_unit", province.commune_b.pk, 99999999),
                                    ("recipient_units", [province.commune_b.pk], [99999999])):
        for extra in ({}, {"symbol": "418-XYZ/??", "issue_date": "không phải ngày"}):
            one = client.post("/api/v1/documents/", {**body, **extra, field: foreign}, format="json")
            other = client.post("/api/v1/documents/", {**body, **extra, field: missing}, format="json")
            assert one.status_code == 400 and list(one.json()["fields"]) == [field], one.json()
            assert (one.status_code, one.json()) == (other.status_code, other.json())
    with pytest.raises(ServiceError) as refused:
        services.document_register(actor=clerk, registered_unit=province.commune_a,
                                   doc_type=DocumentType.objects.get(code="KH"), symbol="",
                                   issue_date=datetime.date(2026, 1, 5), issuer_name="Đảng ủy xã",
                                   title="Kế hoạch", direction="issued", recipient_units=[province.commune_b])
    assert refused.value.fields == {"recipient_units": [services.RECIPIENT_NOT_FOUND]}
    assert not Document.objects.exists()
