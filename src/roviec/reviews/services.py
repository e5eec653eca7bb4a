"""Writes of the review app: one service, `review_run_create`.

Everything is read and checked before anything is stored, so a bad file leaves nothing
behind; the run, its superiors and the audit event are written in one transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from roviec.core.audit import audit_record, snapshot
from roviec.core.errors import ServiceError
from roviec.core.files import DOCUMENT_MIME_TYPES, check_upload
from roviec.core.models import AuditEvent
from roviec.core.scoping import scope_for, visible_documents
from roviec.core.text import fold
from roviec.engine.read import ReadError, read_bytes
from roviec.engine.review import TaskRecord, find_overlaps, report_to_dict, review_texts
from roviec.reviews import selectors
from roviec.reviews.models import ReviewRun, ReviewSuperior

RUN_FIELDS = ["unit", "title", "draft_name", "draft_size", "draft_mime_type", "draft_sha256"]
MAX_SUPERIORS = 5
# Answers for a unit or a document out of reach; the API gives them for an id that does not exist.
UNIT_NOT_FOUND = "Không tìm thấy đơn vị trong phạm vi của bạn."
SUPERIOR_NOT_FOUND = "Không tìm thấy văn bản cấp trên đã chọn."


def _text_of(data: bytes, name: str, field: str) -> str:
    try:
        text = read_bytes(data, name).text
    except ReadError as exc:
        message = f"Không đọc được tệp “{name}”: {exc.reason}"
        raise ServiceError("unreadable", message, {field: [message]}) from exc
    if not text.strip():
        message = f"Tệp “{name}” không có nội dung văn bản (có thể là bản quét ảnh)."
        raise ServiceError("empty_text", message, {field: [message]})
    return text


def _superior_from_document(actor, document) -> dict:
    attachment = document.attachments.order_by("-created_at", "-pk").first()
    if attachment is None:
        message = f"Văn bản {document} chưa có tệp đính kèm để đối chiếu."
        raise ServiceError("no_attachment", message, {"superior_documents": [message]})
    with attachment.file.open("rb") as handle:
        data = handle.read()
    return {
        "document": document,
        "attachment": attachment,
        "name": str(document),
        "sha256": attachment.sha256,
        "text": _text_of(data, attachment.original_name, "superior_documents"),
    }


def _registry_overlaps(actor, report, draft_title: str) -> list[dict]:
    """Draft tasks that repeat, or conflict with, tasks already registered in the actor's scope."""
    tasks = list(selectors.registry_tasks(user=actor))
    if not tasks or not report.tasks:
        return []
    records = [
        TaskRecord(
            key=f"draft:{t.offset}",
            text=t.text,
            document=draft_title,
            owner=t.present["owner"],
            deadline_text=t.present["deadline"],
            offset=t.offset,
        )
        for t in report.tasks
    ]
    by_key = {}
    for task in tasks:
        key = f"task:{task.pk}"
        by_key[key] = task
        records.append(
            TaskRecord(
                key=key,
                text=task.content,
                document=str(task.source_document or "") or None,
                owner=task.lead_unit.name if task.lead_unit else None,
                deadline=task.deadline,
            )
        )
    out = []
    for overlap in find_overlaps(records, pairs_with={r.key for r in records if r.key.startswith("draft:")}):
        draft_key, other = (
            (overlap.a, overlap.b) if overlap.a.startswith("draft:") else (overlap.b, overlap.a)
        )
        if not other.startswith("task:"):
            continue
        task = by_key[other]
        out.append(
            {
                "draft_offset": int(draft_key.split(":")[1]),
                "task_id": task.pk,
                "task_text": task.content[:300],
                "task_unit": task.lead_unit.name if task.lead_unit else None,
                "task_deadline": task.deadline.isoformat() if task.deadline else None,
                "similarity": overlap.similarity,
                "kinds": list(overlap.kinds),
                "why": overlap.why,
            }
        )
    return out


def _check_references(actor, unit, superior_documents) -> None:
    """First, and alone, so that a unit or document out of reach is answered exactly like an id the
    API does not find, whatever else the request gets wrong."""
    if unit is None or not scope_for(actor).covers(unit):
        raise ServiceError("unit_not_found", UNIT_NOT_FOUND, {"unit": [UNIT_NOT_FOUND]})
    visible = set(
        visible_documents(actor)
        .filter(pk__in=[d.pk for d in superior_documents])
        .values_list("pk", flat=True)
    )
    if any(d.pk not in visible for d in superior_documents):
        raise ServiceError("not_found", SUPERIOR_NOT_FOUND, {"superior_documents": [SUPERIOR_NOT_FOUND]})


@transaction.atomic
def review_run_create(
    *,
    actor,
    unit,
    draft,
    title: str = "",
    superior_documents=(),
    superior_files=(),
    today: date | None = None,
) -> ReviewRun:
    """Review an uploaded draft against registered and/or uploaded superior documents."""
    superior_documents = list(superior_documents)
    _check_references(actor, unit, superior_documents)
    superior_files = [f for f in superior_files if f]
    if len(superior_documents) + len(superior_files) > MAX_SUPERIORS:
        message = f"Chỉ đối chiếu tối đa {MAX_SUPERIORS} văn bản cấp trên một lần."
        raise ServiceError("too_many", message, {"superior_files": [message]})
    try:
        checked = check_upload(draft, allowed=DOCUMENT_MIME_TYPES)
    except ServiceError as exc:
        raise ServiceError(exc.code, exc.message, {"draft": [exc.message]}) from exc
    draft_bytes = checked.content.read()
    draft_text = _text_of(draft_bytes, checked.original_name, "draft")
    superiors = [_superior_from_document(actor, d) for d in superior_documents]
    uploads = []
    for uploaded in superior_files:
        try:
            up = check_upload(uploaded, allowed=DOCUMENT_MIME_TYPES)
        except ServiceError as exc:
            raise ServiceError(exc.code, exc.message, {"superior_files": [exc.message]}) from exc
        data = up.content.read()
        uploads.append(up)
        superiors.append(
            {
                "document": None,
                "attachment": None,
                "name": up.original_name,
                "sha256": up.sha256,
                "text": _text_of(data, up.original_name, "superior_files"),
                "upload": (up, data),
            }
        )

    today = today or timezone.localdate()
    title = (title or "").strip()[:255] or checked.original_name
    report = review_texts(draft_text, [s["text"] for s in superiors], today=today)
    result = report_to_dict(report, source=checked.original_name, superiors=[s["name"] for s in superiors])
    result["registry_overlaps"] = _registry_overlaps(actor, report, title)
    result["summary"]["registry_overlaps"] = len(result["registry_overlaps"])

    run = ReviewRun(
        unit=unit,
        title=title,
        draft_name=checked.original_name,
        draft_size=checked.size,
        draft_mime_type=checked.mime_type,
        draft_sha256=checked.sha256,
        draft_text=draft_text,
        result=result,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        search_text=fold(f"{title} {checked.original_name} {unit.name}"),
    )
    stored: list[str] = []
    try:
        extension = DOCUMENT_MIME_TYPES[checked.mime_type]
        run.draft_file.save(f"{checked.sha256}{extension}", ContentFile(draft_bytes), save=False)
        stored.append(run.draft_file.name)
        run.full_clean()
        run.save()
        for position, s in enumerate(superiors):
            sup = ReviewSuperior(
                run=run,
                position=position,
                document=s["document"],
                attachment=s["attachment"],
                name=s["name"][:255],
                sha256=s["sha256"],
                text=s["text"],
            )
            if "upload" in s:
                up, data = s["upload"]
                sup.file.save(
                    f"{up.sha256}{DOCUMENT_MIME_TYPES[up.mime_type]}", ContentFile(data), save=False
                )
                stored.append(sup.file.name)
            sup.save()
        audit_record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=run,
            after=snapshot(run, RUN_FIELDS)
            | {"superiors": [s["name"] for s in superiors], "summary": result["summary"]},
            units=[unit],
        )
    except Exception:
        for name in stored:
            default_storage.delete(name)
        raise
    return run
