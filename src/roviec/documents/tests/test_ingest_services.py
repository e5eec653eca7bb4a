"""Ingestion services: prefill, matching, one-transaction confirmation, duplicates, refusals, scope."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.documents import ingest
from roviec.documents.ingest_forms import ReviewForm
from roviec.documents.ingest_match import build_proposal
from roviec.documents.models import Attachment, Document, DocumentRelation, DocumentType, IngestionRun
from roviec.documents.tests.conftest import as_querydict, review_data
from roviec.orgs.models import OrgUnit, Position
from roviec.tasks import services as task_services
from roviec.tasks.models import Task
from tests.conftest import make_user

pytestmark = pytest.mark.usefixtures("june_2026")


@pytest.fixture
def run(province, inspected_tree, conclusion_bytes, start_run):
    return start_run(province.users["office"], province.root, conclusion_bytes)


def _confirm(run, user, **overrides):
    form = ReviewForm(as_querydict({**review_data(run), **overrides}), user=user, run=run)
    assert form.is_valid(), (form.document_form.errors, [r.errors for r in form.tasks + form.citations])
    return ingest.ingestion_confirm(actor=user, run=run, metadata=form.metadata(),
                                    citations=form.citation_decisions, tasks=form.task_decisions)


def test_analysis_runs_in_steps_and_is_ready_for_review(run):
    """After upload the job reads, analyses and matches the file, keeping the original and its hash."""
    assert run.status == IngestionRun.Status.READY
    assert (run.step, run.progress) == (IngestionRun.Step.DONE, 100)
    assert run.result["doc_type"] == "Thông báo kết luận"
    assert len(run.result["inspected_organizations"]) == 30
    with run.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == run.sha256


def test_metadata_prefilled(run, province):
    """The review opens with type, issuer, signer, signing mode, title and recipients filled in."""
    m = run.proposal["metadata"]
    assert DocumentType.objects.get(pk=m["doc_type"]).name == "Thông báo"
    assert m["issuer_name"] == "Ban Thường vụ Tỉnh ủy"
    assert OrgUnit.objects.get(pk=m["issuer_unit"]).name == "Ban Thường vụ Tỉnh ủy"
    assert m["direction"] == Document.Direction.ISSUED
    assert (m["signer_name"], m["signer_title"], m["signing_mode"]) == (
        "Trần Quốc Toàn", "Phó Bí thư Thường trực", "TM")
    assert m["title"].startswith("về kết quả kiểm tra việc lãnh đạo")
    assert "Các đảng ủy trực thuộc Tỉnh ủy" in m["recipients_text"]
    assert m["registered_unit"] == province.root.pk
    # "Các tổ chức đảng, đảng viên được kiểm tra" and "Các đảng ủy trực thuộc Tỉnh ủy" become units.
    assert len(m["recipient_units"]) == 30
    assert province.commune_a.pk in m["recipient_units"]


def test_citations_matched_to_registered_documents(province, inspected_tree, conclusion_bytes, start_run,
                                                   register):
    """A citation links to the registered document with the same symbol and date, once per document."""
    decision = register("418-QĐ/TU", issue_date=datetime.date(2026, 4, 17),
                        issuer_name="Ban Thường vụ Tỉnh ủy")
    register("571-TB/TU", code="TB", issue_date=datetime.date(2026, 5, 13), issuer_name="Thường trực Tỉnh ủy")
    run = start_run(province.users["office"], province.root, conclusion_bytes)
    citations = {c["symbol"]: c for c in run.proposal["citations"]}
    assert set(citations) == {"418-QĐ/TU", "571-TB/TU"}
    assert citations["418-QĐ/TU"]["match"] == decision.pk
    assert citations["418-QĐ/TU"]["count"] == 2
    assert citations["418-QĐ/TU"]["kind"] == "based_on"
    # Same number, another date: another document, offered as a placeholder instead.
    assert citations["571-TB/TU"]["match"] is None
    assert citations["571-TB/TU"]["placeholder_possible"]


def test_citations_outside_scope_are_not_matched(province, inspected_tree, conclusion_bytes, start_run,
                                                 register):
    """A clerk of a commune is never offered a document they cannot see."""
    register("418-QĐ/TU", issue_date=datetime.date(2026, 4, 17))
    clerk = make_user("vanphong-an-thi", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                      full_name="Vũ Thị Lan")
    run = start_run(clerk, province.commune_a, conclusion_bytes)
    assert all(c["match"] is None and not c["matches"] for c in run.proposal["citations"])
    # Nor units outside their subtree: the inspected organisations other than their own stay unknown.
    matched = [i["unit"]["id"] for i in run.proposal["inspected"] if i["unit"]]
    assert matched == [province.commune_a.pk]


def test_generic_addressees_expand_into_units(run, inspected_tree):
    """“Các cấp ủy, tổ chức đảng … qua kiểm tra” becomes the 30 inspected organisations, in document order."""
    remediation = next(t for t in run.proposal["tasks"] if t["deadline"] == "2026-08-31")
    units = [u["id"] for lead in remediation["leads"] for u in lead["units"]]
    assert units == [u.pk for u in inspected_tree]
    assert remediation["content"].startswith("Các cấp ủy, tổ chức đảng")
    assert remediation["clause"] == "Mục II"


def test_unit_names_matched_and_unmatched_highlighted(province, inspected_tree):
    """Named units map onto the tree through abbreviations; an unknown name asks for a decision."""
    result = {"tasks": [{
        "offset": 0, "text": "…", "action": "Hướng dẫn xây dựng chương trình kiểm tra, giám sát",
        "lead": "UBKT Tỉnh ủy", "coordinators": ["Văn phòng Tỉnh ủy", "Ban Nội chính Tỉnh ủy"],
        "deadline": "2026-09-30", "recurrence": "quarterly", "deliverable": "Văn bản hướng dẫn",
        "addressees": [{"name": "UBKT Tỉnh ủy", "generic": False, "group": None}], "clarity": None,
    }, {
        "offset": 5, "text": "…", "action": "Rà soát quy chế làm việc", "lead": None, "coordinators": [],
        "deadline": None, "recurrence": None, "deliverable": "",
        "addressees": [{"name": "Các đảng ủy trực thuộc Tỉnh ủy", "generic": True, "group": None},
                       {"name": "Đảng ủy xã Ân Thy", "generic": False, "group": None}], "clarity": None,
    }]}
    proposal = build_proposal(user=province.users["office"], unit=province.root, result=result)
    first, second = proposal["tasks"]
    assert first["leads"][0]["units"] == [{"id": province.inspection.pk, "name": "Ủy ban Kiểm tra Tỉnh ủy"}]
    assert first["coordinators"] == [{"id": province.office.pk, "name": "Văn phòng Tỉnh ủy"}]
    assert first["unmatched_coordinators"] == ["Ban Nội chính Tỉnh ủy"]
    assert first["recurrence"] == "quarterly"
    affiliated, misspelt = second["leads"]
    assert {u["name"] for u in affiliated["units"]} == {
        "Đảng ủy Các cơ quan Đảng tỉnh", "Đảng ủy Ủy ban nhân dân tỉnh", "Đảng ủy Công an tỉnh",
        "Đảng ủy Quân sự tỉnh"}
    # A typo is not assigned silently: no unit, but the best guess is offered.
    assert misspelt["units"] == []
    assert misspelt["suggestion"] == {"id": province.commune_a.pk, "name": "Đảng ủy xã Ân Thi"}


def test_confirm_creates_document_relations_placeholders_attachment_and_tasks(run, province, inspected_tree):
    """One confirmation registers the notice with its file, its cited documents and 30 remediation tasks."""
    document = _confirm(run, province.users["office"])
    assert document.doc_type.code == "TB" and document.issue_date == datetime.date(2026, 6, 10)
    assert document.recipient_units.count() == 30
    placeholders = Document.objects.exclude(pk=document.pk)
    assert {d.symbol for d in placeholders} == {"418-QĐ/TU", "571-TB/TU"}
    assert all(d.direction == Document.Direction.RECEIVED for d in placeholders)
    relations = DocumentRelation.objects.filter(source=document)
    assert {(r.target.symbol, r.kind) for r in relations} == {("418-QĐ/TU", "based_on"),
                                                              ("571-TB/TU", "based_on")}
    attachment = document.attachments.get()
    assert attachment.sha256 == run.sha256 and attachment.original_name == run.original_name
    tasks = Task.objects.filter(source_document=document)
    assert tasks.count() == 30
    assert {t.lead_unit_id for t in tasks} == {u.pk for u in inspected_tree}
    assert {t.deadline for t in tasks} == {datetime.date(2026, 8, 31)}
    assert {t.assigned_by_unit.name for t in tasks} == {"Ban Thường vụ Tỉnh ủy"}
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.CONFIRMED and run.document == document
    assert AuditEvent.objects.filter(object_type="tasks.task", action="create").count() == 30
    assert AuditEvent.objects.filter(object_type="documents.ingestionrun", action="update").count() == 1
    with pytest.raises(ServiceError) as error:
        _confirm(run, province.users["office"])
    assert error.value.code == "run_confirmed"


def test_forced_failure_mid_way_leaves_nothing(run, province, monkeypatch, settings):
    """If the 12th task is refused, no document, relation, placeholder, file, task or audit entry remains."""
    real_create = task_services.task_create
    calls = {"n": 0}

    def failing_create(**kwargs):
        calls["n"] += 1
        if calls["n"] == 12:
            raise ServiceError("forced", "Lỗi thử nghiệm.")
        return real_create(**kwargs)

    monkeypatch.setattr(task_services, "task_create", failing_create)
    counts = [Document.objects.count(), DocumentRelation.objects.count(), Attachment.objects.count(),
              Task.objects.count(), AuditEvent.objects.count()]
    with pytest.raises(ServiceError) as error:
        _confirm(run, province.users["office"])
    assert "Lỗi thử nghiệm." in error.value.message and "Nhiệm vụ" in error.value.message
    assert [Document.objects.count(), DocumentRelation.objects.count(), Attachment.objects.count(),
            Task.objects.count(), AuditEvent.objects.count()] == counts
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.READY
    # The copy of the original written for the attachment went with the rollback.
    assert [p for p in Path(settings.MEDIA_ROOT, "documents").rglob("*") if p.is_file()] == []


def test_reupload_detected_before_analysis(run, province, conclusion_bytes, start_run, monkeypatch):
    """The same file again points to the earlier run, then to the registered document; no second analysis."""
    def no_engine(**kwargs):
        raise AssertionError("the engine must not run for a duplicate")

    monkeypatch.setattr(ingest, "ingestion_process", no_engine)
    with pytest.raises(ingest.DuplicateUpload) as error:
        start_run(province.users["office"], province.root, conclusion_bytes, name="ban-sao.txt")
    assert error.value.run == run and "đã được tải lên" in error.value.message
    monkeypatch.undo()
    document = _confirm(run, province.users["office"])
    with pytest.raises(ingest.DuplicateUpload) as error:
        start_run(province.users["office"], province.root, conclusion_bytes, name="ban-sao.txt")
    assert error.value.document == document and "đã được vào sổ" in error.value.message
    assert IngestionRun.objects.count() == 1


def test_failed_run_frees_the_file_for_another_try(province, start_run):
    """A file the engine could not use does not block uploading it again."""
    bad = b"%PDF-1.4\n%broken"
    first = start_run(province.users["office"], province.root, bad, name="hong.pdf")
    assert first.status == IngestionRun.Status.FAILED
    assert first.error.startswith("Không đọc được tệp")
    second = start_run(province.users["office"], province.root, bad, name="hong.pdf")
    assert second.pk != first.pk


@pytest.mark.parametrize(("name", "data", "message"), [
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "không được chấp nhận"),
    ("rong.txt", b"", "rỗng"),
])
def test_wrong_type_refused_in_vietnamese(province, start_run, name, data, message):
    """Images and empty files are refused with a Vietnamese message and no run."""
    with pytest.raises(ServiceError) as error:
        start_run(province.users["office"], province.root, data, name=name)
    assert message in error.value.message
    assert IngestionRun.objects.count() == 0


def test_oversize_refused_in_vietnamese(province, start_run, settings):
    """A file over the size limit is refused before anything is stored."""
    settings.ROVIEC_MAX_UPLOAD_BYTES = 1024 * 1024
    with pytest.raises(ServiceError) as error:
        start_run(province.users["office"], province.root, b"a" * (1024 * 1024 + 1), name="lon.txt")
    assert error.value.code == "file_too_large" and "vượt quá dung lượng" in error.value.message
    assert IngestionRun.objects.count() == 0


def test_only_registrars_start_and_see_runs(province, conclusion_bytes, start_run):
    """A focal point cannot ingest; a commune clerk's run is invisible to another commune."""
    with pytest.raises(PermissionDeniedError):
        ingest.ingestion_start(actor=province.users["commune_a"], unit=province.commune_a,
                               uploaded=SimpleUploadedFile("a.txt", conclusion_bytes))
    clerk_a = make_user("vp-a", unit=province.commune_a, role=Position.AccessRole.OFFICE, full_name="A")
    clerk_b = make_user("vp-b", unit=province.commune_b, role=Position.AccessRole.OFFICE, full_name="B")
    with pytest.raises(PermissionDeniedError):
        ingest.ingestion_start(actor=clerk_a, unit=province.commune_b,
                               uploaded=SimpleUploadedFile("a.txt", conclusion_bytes))
    run = start_run(clerk_a, province.commune_a, conclusion_bytes)
    assert list(ingest.ingestion_runs(user=clerk_a)) == [run]
    assert list(ingest.ingestion_runs(user=clerk_b)) == []
    assert list(ingest.ingestion_runs(user=province.users["office"])) == [run]
