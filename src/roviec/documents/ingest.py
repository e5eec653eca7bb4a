"""The one bridge between the engine and the registry: upload → analysis → review → confirmation.

    ingestion_start     checks the upload, spots a file already uploaded, keeps the original, queues the job
    ingestion_retry     a failed run's stored file analysed again as a new run
    ingestion_process   the background job: read the file, run the engine, match against registry and tree
    ingestion_confirm   creates the document, its relations, placeholders, attachment and tasks in ONE
                        transaction through the registry's and the task register's own services

Reads: ``ingestion_runs`` and ``ingestion_get`` apply the scope (a run belongs to
the unit whose register it feeds; only those who may register documents for that
unit see it).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from roviec.core.audit import audit_record, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.files import DOCUMENT_MIME_TYPES, check_upload
from roviec.core.models import AuditEvent
from roviec.core.scoping import (
    ROLE_INSPECTION,
    ROLE_LEADER,
    ROLE_OFFICE,
    can_register_documents,
    scope_for,
    visible_documents,
)
from roviec.core.workdays import work_calendar
from roviec.documents import services as document_services
from roviec.documents.ingest_match import build_proposal
from roviec.documents.models import Attachment, Document, IngestionRun
from roviec.orgs.models import OrgUnit, Person
from roviec.tasks import services as task_services

logger = logging.getLogger(__name__)

RUN_FIELDS = ("unit", "original_name", "size", "mime_type", "sha256", "status", "document", "error",
              "retry_of")
_REGISTER_ROLES = (ROLE_OFFICE, ROLE_LEADER, ROLE_INSPECTION)


# --- reads ------------------------------------------------------------------------------

def ingestion_runs(*, user) -> QuerySet:
    """Runs of the units the user may register documents for, newest first."""
    scope = scope_for(user)
    return (IngestionRun.objects.filter(scope.unit_q("unit__", roles=_REGISTER_ROLES))
            .select_related("unit", "created_by", "document__doc_type"))


def ingestion_get(*, user, pk) -> IngestionRun:
    try:
        return ingestion_runs(user=user).get(pk=pk)
    except (IngestionRun.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError("Không tìm thấy lượt nhập văn bản.") from exc


# --- start ------------------------------------------------------------------------------

class DuplicateUpload(ServiceError):
    """The same file (same SHA-256) is already attached to a document or on its way through a run."""

    def __init__(self, message: str, *, document: Document | None = None, run: IngestionRun | None = None):
        super().__init__("duplicate_file", message, {"file": [message]})
        self.document = document
        self.run = run


def _find_duplicate(actor, sha256: str, name: str) -> None:
    attachment = Attachment.objects.filter(sha256=sha256).select_related("document__doc_type").first()
    if attachment is not None:
        if visible_documents(actor).filter(pk=attachment.document_id).exists():
            raise DuplicateUpload(f"Tệp “{name}” đã được vào sổ: {attachment.document}.",
                                  document=attachment.document)
        raise DuplicateUpload(f"Tệp “{name}” trùng nội dung với tệp của một văn bản đã vào sổ "
                              "(ngoài phạm vi của bạn).")
    run = (IngestionRun.objects.filter(sha256=sha256).exclude(status=IngestionRun.Status.FAILED)
           .order_by("-created_at").first())
    if run is not None:
        if ingestion_runs(user=actor).filter(pk=run.pk).exists():
            when = timezone.localtime(run.created_at).strftime("%H:%M %d/%m/%Y")
            raise DuplicateUpload(f"Tệp “{name}” đã được tải lên lúc {when} "
                                  f"(trạng thái: {run.get_status_display()}).", run=run)
        raise DuplicateUpload(f"Tệp “{name}” đã được một đơn vị khác tải lên để nhập.")


@transaction.atomic
def ingestion_start(*, actor, unit: OrgUnit, uploaded) -> IngestionRun:
    """Keep the original, spot a re-upload before any analysis, and queue the engine."""
    if unit is None or not can_register_documents(actor, unit):
        raise PermissionDeniedError("Bạn không có quyền vào sổ văn bản cho đơn vị này.")
    checked = check_upload(uploaded, allowed=DOCUMENT_MIME_TYPES)
    _find_duplicate(actor, checked.sha256, checked.original_name)
    run = IngestionRun(unit=unit, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                       original_name=checked.original_name, size=checked.size, mime_type=checked.mime_type,
                       sha256=checked.sha256)
    # The stored name is the hash, never the name the browser sent.
    run.file.save(f"{checked.sha256}{DOCUMENT_MIME_TYPES[checked.mime_type]}", checked.content, save=False)
    stored = run.file.name
    try:
        run.save()
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=run,
                     after=snapshot(run, RUN_FIELDS), units=[unit])
    except BaseException:
        default_storage.delete(stored)
        raise
    from roviec.documents.jobs import ingestion_process_job

    transaction.on_commit(lambda: ingestion_process_job(run.pk))
    return run


@transaction.atomic
def ingestion_retry(*, actor, run: IngestionRun) -> IngestionRun:
    """Analyse a failed run's stored file again, as a new run (the failed one stays as it was)."""
    run = IngestionRun.objects.select_for_update().get(pk=run.pk)
    if not ingestion_runs(user=actor).filter(pk=run.pk).exists():
        raise NotFoundError("Không tìm thấy lượt nhập văn bản.")
    if not can_register_documents(actor, run.unit):
        raise PermissionDeniedError("Bạn không có quyền vào sổ văn bản cho đơn vị này.")
    if run.status != IngestionRun.Status.FAILED:
        raise ServiceError("run_not_failed", "Chỉ thử lại được lượt nhập bị lỗi.")
    retry = run.retries.order_by("-created_at").first()
    if retry is not None and retry.status != IngestionRun.Status.FAILED:
        raise ServiceError("run_retried", "Lượt nhập này đã được thử lại "
                           f"(trạng thái: {retry.get_status_display()}).")
    _find_duplicate(actor, run.sha256, run.original_name)
    new = IngestionRun(unit=run.unit, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                       original_name=run.original_name, size=run.size, mime_type=run.mime_type,
                       sha256=run.sha256, file=run.file.name, retry_of=run)
    new.save()
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=new,
                 after=snapshot(new, RUN_FIELDS), units=[run.unit], reason=f"Thử lại lượt nhập #{run.pk}")
    from roviec.documents.jobs import ingestion_process_job

    transaction.on_commit(lambda: ingestion_process_job(new.pk))
    return new


# --- the job ----------------------------------------------------------------------------

def _set_step(run: IngestionRun, step: str, progress: int, status: str = IngestionRun.Status.RUNNING) -> None:
    run.step, run.progress, run.status = step, progress, status
    IngestionRun.objects.filter(pk=run.pk).update(step=step, progress=progress, status=status,
                                                  updated_at=timezone.now())


def ingestion_process(*, run_id: int) -> IngestionRun | None:
    """Read, analyse, match; each step saved at once so the progress page can follow it."""
    from roviec.engine import extract, extraction_to_dict
    from roviec.engine.read import ReadError, read_bytes

    run = IngestionRun.objects.select_related("unit", "created_by").filter(pk=run_id).first()
    if run is None or run.status not in (IngestionRun.Status.QUEUED, IngestionRun.Status.RUNNING):
        return run
    step = IngestionRun.Step
    try:
        _set_step(run, step.READ, 10)
        with run.file.open("rb") as handle:
            data = handle.read()
        source = read_bytes(data, run.original_name)
        _set_step(run, step.ANALYSE, 40)
        extraction = extract(source.text, calendar=work_calendar())
        result = extraction_to_dict(extraction, run.original_name)
        result["format"] = source.format
        result["warnings"] = [*source.warnings, *extraction.warnings]
        _set_step(run, step.MATCH, 75)
        proposal = build_proposal(user=run.created_by, unit=run.unit, result=result, text=source.text)
    except ReadError as error:
        return _fail(run, f"Không đọc được tệp: {error.reason}")
    except Exception:
        logger.exception("ingestion run %s failed", run.pk)
        return _fail(run, "Có lỗi khi phân tích văn bản; vui lòng thử lại hoặc vào sổ thủ công.")
    run.result, run.proposal = result, proposal
    run.status, run.step, run.progress, run.error = IngestionRun.Status.READY, step.DONE, 100, ""
    run.save(update_fields=["result", "proposal", "status", "step", "progress", "error", "updated_at"])
    return run


def _fail(run: IngestionRun, message: str) -> IngestionRun:
    run.status, run.error = IngestionRun.Status.FAILED, message
    run.save(update_fields=["status", "error", "updated_at"])
    return run


# --- confirm ----------------------------------------------------------------------------

@dataclass(frozen=True)
class CitationDecision:
    """Relate the new document to ``target``, or to a placeholder registered from ``placeholder``."""

    kind: str
    symbol: str
    target: Document | None = None
    placeholder: dict | None = None  # doc_type, symbol, issue_date, issuer_name, title


@dataclass(frozen=True)
class Assignee:
    """One lead unit, with the person answering for the task when the document names people."""

    unit: OrgUnit
    person: Person | None = None


@dataclass(frozen=True)
class TaskDecision:
    """One proposed task; confirmation creates one task per assignee.

    ``authority_unit`` and ``authority_person`` both None mean the issuing unit
    (or, without one, the registering unit) approves the work.
    """

    content: str
    leads: list[Assignee]
    deadline: datetime.date | None = None
    recurrence: str = ""
    deliverable: str = ""
    source_clause: str = ""
    coordinating_units: list[OrgUnit] = field(default_factory=list)
    accountable_person: Person | None = None
    authority_unit: OrgUnit | None = None
    authority_person: Person | None = None
    label: str = ""  # how the review page names it, for messages

    @property
    def lead_units(self) -> list[OrgUnit]:
        return [a.unit for a in self.leads]


def _prefixed(error: ServiceError, prefix: str) -> ServiceError:
    message = f"{prefix}: {error.message}"
    return ServiceError(error.code, message, {"__all__": [message]})


def ensure_confirmable(run: IngestionRun) -> None:
    if run.status == IngestionRun.Status.CONFIRMED:
        raise ServiceError("run_confirmed", "Văn bản này đã được xác nhận và vào sổ trước đó.")
    if run.status != IngestionRun.Status.READY:
        raise ServiceError("run_not_ready", "Văn bản chưa phân tích xong, chưa thể xác nhận.")


@transaction.atomic
def ingestion_confirm(*, actor, run: IngestionRun, metadata: dict, citations: list[CitationDecision],
                      tasks: list[TaskDecision]) -> Document:
    """Everything or nothing: any refusal rolls back the document, relations, placeholders and tasks."""
    run = IngestionRun.objects.select_for_update().get(pk=run.pk)
    if not ingestion_runs(user=actor).filter(pk=run.pk).exists():
        raise NotFoundError("Không tìm thấy lượt nhập văn bản.")
    ensure_confirmable(run)
    stored_files: list[str] = []
    try:
        document = _confirm(actor, run, metadata, citations, tasks, stored_files)
    except BaseException:
        # The rows go with the rollback; the copies already written to storage must go too.
        for name in stored_files:
            default_storage.delete(name)
        raise
    return document


def _confirm(actor, run, metadata, citations, tasks, stored_files) -> Document:
    document = document_services.document_register(actor=actor, **metadata)
    related: set[tuple[int, str]] = set()
    for decision in citations:
        target = decision.target
        if target is None and decision.placeholder is not None:
            try:
                target = document_services.document_register(
                    actor=actor, registered_unit=run.unit, direction=Document.Direction.RECEIVED,
                    **decision.placeholder)
            except ServiceError as error:
                raise _prefixed(error, f"Văn bản được trích dẫn {decision.symbol}") from error
        if target is None or (target.pk, decision.kind) in related:
            continue
        try:
            document_services.document_relate(actor=actor, source=document, target=target, kind=decision.kind)
        except ServiceError as error:
            raise _prefixed(error, f"Quan hệ với văn bản {decision.symbol}") from error
        related.add((target.pk, decision.kind))
    with run.file.open("rb") as handle:
        original = ContentFile(handle.read(), name=run.original_name)
    attachment = document_services.attachment_add(actor=actor, document=document, uploaded=original)
    stored_files.append(attachment.file.name)
    assigned_by = document.issuer_unit or run.unit
    for decision in tasks:
        own_authority = decision.authority_unit is not None or decision.authority_person is not None
        for lead in decision.leads:
            coordinators = [u for u in decision.coordinating_units if u.pk != lead.unit.pk]
            try:
                task_services.task_create(
                    actor=actor, assigned_by_unit=assigned_by, content=decision.content, lead_unit=lead.unit,
                    responsible_person=lead.person, coordinating_units=coordinators,
                    deadline=decision.deadline, recurrence=decision.recurrence,
                    deliverable=decision.deliverable, accountable_person=decision.accountable_person,
                    authority_unit=decision.authority_unit if own_authority else assigned_by,
                    authority_person=decision.authority_person, source_document=document,
                    source_clause=decision.source_clause)
            except ServiceError as error:
                who = f"{lead.unit.name} ({lead.person})" if lead.person else lead.unit.name
                raise _prefixed(error, f"{decision.label or 'Nhiệm vụ'} — {who}") from error
    before = snapshot(run, RUN_FIELDS)
    run.status, run.document, run.confirmed_at = IngestionRun.Status.CONFIRMED, document, timezone.now()
    run.save(update_fields=["status", "document", "confirmed_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, instance=run, before=before,
                 after=snapshot(run, RUN_FIELDS), units=[run.unit])
    return document
