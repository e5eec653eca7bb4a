import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from roviec.core.errors import ServiceError
from roviec.core.models import AuditEvent
from roviec.documents import selectors, services
from roviec.documents.models import Attachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n" + bytes(range(256)) + b"\ntrailer<<>>\n%%EOF\n"


def _events(instance):
    return AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))


@pytest.fixture
def chain(register, province):
    """Kết luận 21-KL/TW ← Kế hoạch 15-KH/TU (implements) ← Quyết định 418-QĐ/TU (based on)."""
    conclusion = register("21-KL/TW", code="KL", issuer_name="Ban Chấp hành Trung ương")
    plan = register("15-KH/TU", code="KH", title="Kế hoạch thực hiện Kết luận 21")
    decision = register("418-QĐ/TU", title="Thành lập Đoàn kiểm tra", recipient_units=[province.commune_a])
    office = province.users["office"]
    services.document_relate(actor=office, source=plan, target=conclusion, kind="implements")
    services.document_relate(actor=office, source=decision, target=plan, kind="based_on")
    return conclusion, plan, decision


def test_lineage_both_ways(chain, province):
    """From a plan one sees what it implements and what was based on it, and further up and down."""
    conclusion, plan, decision = chain
    lineage = selectors.document_lineage(user=province.users["office"], document=plan)
    assert [(link.label, link.document) for link in lineage.upstream] == [("Thực hiện", conclusion)]
    assert [(link.label, link.document) for link in lineage.downstream] == [("Là căn cứ của", decision)]
    from_decision = selectors.document_lineage(user=province.users["office"], document=decision)
    assert [(link.document, link.depth) for link in from_decision.upstream] == [(plan, 1), (conclusion, 2)]


def test_lineage_shows_only_visible_documents(chain, province):
    """Commune A sees the decision sent to it, but not the plan and conclusion it was not sent."""
    _conclusion, _plan, decision = chain
    lineage = selectors.document_lineage(user=province.users["commune_a"], document=decision)
    assert lineage.upstream == [] and lineage.downstream == []


def test_replaces_marks_target_replaced_and_audits_both(register, province):
    """A new decision that replaces an old one marks the old one replaced; both changes are audited."""
    old = register("100-QĐ/TU")
    new = register("200-QĐ/TU")
    relation = services.document_relate(actor=province.users["office"], source=new, target=old,
                                        kind="replaces")
    old.refresh_from_db()
    assert old.status == "replaced"
    assert _events(relation).get().after == {"source": new.pk, "target": old.pk, "kind": "replaces"}
    status_event = _events(old).get(action="update")
    assert status_event.before == {"status": "in_force"} and status_event.after == {"status": "replaced"}
    lineage = selectors.document_lineage(user=province.users["office"], document=old)
    assert [(link.label, link.document) for link in lineage.downstream] == [("Bị thay thế bởi", new)]


def test_repeals_marks_target_repealed(register, province):
    """Repealing a document marks it repealed."""
    old = register("100-QĐ/TU")
    new = register("200-QĐ/TU")
    services.document_relate(actor=province.users["office"], source=new, target=old, kind="repeals")
    old.refresh_from_db()
    assert old.status == "repealed"


def test_relation_refuses_self_and_duplicates(register, province):
    """A document cannot relate to itself, nor carry the same relation twice."""
    a = register("100-QĐ/TU")
    b = register("200-QĐ/TU")
    office = province.users["office"]
    with pytest.raises(ServiceError):
        services.document_relate(actor=office, source=a, target=a, kind="based_on")
    services.document_relate(actor=office, source=a, target=b, kind="based_on")
    with pytest.raises(ServiceError) as caught:
        services.document_relate(actor=office, source=a, target=b, kind="based_on")
    assert caught.value.code == "relation_duplicate"


def test_attachment_kept_byte_for_byte_with_sha256(register, province):
    """The original file is stored unchanged with its SHA-256, and its upload is audited once."""
    document = register("418-QĐ/TU")
    attachment = services.attachment_add(actor=province.users["office"], document=document,
                                         uploaded=SimpleUploadedFile("Quyết định 418.pdf", PDF))
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    assert attachment.original_name == "Quyết định 418.pdf" and attachment.mime_type == "application/pdf"
    with default_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == PDF
    event = _events(attachment).get()
    assert event.action == "attach" and event.after["sha256"] == attachment.sha256


def test_duplicate_upload_names_the_document(register, province):
    """Uploading the same file again is refused, naming the document that already has it."""
    first = register("418-QĐ/TU")
    second = register("419-QĐ/TU")
    services.attachment_add(actor=province.users["office"], document=first,
                            uploaded=SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(ServiceError) as caught:
        services.attachment_add(actor=province.users["office"], document=second,
                                uploaded=SimpleUploadedFile("b.pdf", PDF))
    assert caught.value.code == "duplicate_file" and "418-QĐ/TU" in caught.value.message
    assert Attachment.objects.count() == 1


def test_wrong_type_refused(register, province):
    """An executable renamed .pdf is refused: the type is read from the bytes."""
    document = register("418-QĐ/TU")
    with pytest.raises(ServiceError) as caught:
        services.attachment_add(actor=province.users["office"], document=document,
                                uploaded=SimpleUploadedFile("qd.pdf", b"MZ\x90\x00" + b"\x00" * 100))
    assert caught.value.code == "file_type"
    assert not Attachment.objects.exists()


@override_settings(ROVIEC_MAX_UPLOAD_BYTES=1024)
def test_oversize_refused(register, province):
    """A file over the size limit is refused with the limit in the message."""
    document = register("418-QĐ/TU")
    with pytest.raises(ServiceError) as caught:
        services.attachment_add(actor=province.users["office"], document=document,
                                uploaded=SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert caught.value.code == "file_too_large"
    assert not Attachment.objects.exists()
