"""Writes on the document registry. Each one checks scope, validates, and is audited in its transaction.

Numbering rule (``numbering_key``): a symbol may be registered once per
  Party  — issuer code, type code, number, within the committee term containing the issue date;
  State  — issuer code, type code (drafting unit for a công văn), number, within the calendar year
           (the year written in the symbol if there is one, else the year of issue).
Issuer codes used by many bodies (ĐU, CB, UBND…: level other than central/province in the
reference list) are told apart by the issuing body as well, so two communes' "01-NQ/ĐU" do not clash.
A cancelled document releases its key: a registration cancelled as a mistake must not block the
real document.
"""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.files import DOCUMENT_MIME_TYPES, check_upload
from roviec.core.models import AuditEvent
from roviec.core.scoping import (
    can_change_document,
    can_register_documents,
    scope_for,
    visible_documents,
)
from roviec.core.text import fold
from roviec.documents.models import Attachment, Document, DocumentRelation, DocumentType, PartyTerm
from roviec.engine.reference import load_reference
from roviec.engine.symbols import Symbol, SymbolError, parse_symbol
from roviec.orgs.models import OrgUnit

DOCUMENT_FIELDS = (
    "direction", "doc_type", "symbol", "system", "number", "number_suffix", "symbol_year", "type_code",
    "issuer_code", "numbering_key", "issue_date", "issuer_unit", "issuer_name", "registered_unit",
    "signer_name", "signer_title", "signing_mode", "title", "recipients_text", "recipient_units",
    "status", "cancel_reason",
)
EDITABLE_FIELDS = (
    "registered_unit", "doc_type", "symbol", "issue_date", "issuer_name", "issuer_unit", "title",
    "direction", "signer_name", "signer_title", "signing_mode", "recipients_text", "recipient_units",
    "system",
)
RELATION_FIELDS = ("source", "target", "kind")
# Answers for a unit out of reach; the API gives them, word for word, for an id that does not exist.
UNIT_NOT_FOUND = "Không tìm thấy đơn vị trong phạm vi của bạn."
ISSUER_UNIT_NOT_FOUND = "Không tìm thấy cơ quan ban hành trong phạm vi của bạn hoặc cấp trên của bạn."
RECIPIENT_NOT_FOUND = "Không tìm thấy đơn vị nhận trong phạm vi của bạn hoặc cấp trên của bạn."
ATTACHMENT_FIELDS = ("document", "file", "original_name", "size", "mime_type", "sha256")
# Issuer codes that name exactly one body within a province's registry.
_UNIQUE_ISSUER_LEVELS = {"central", "province"}
# Party Quy định have been numbered "QĐ" since 2019 (296-QĐ/TW is a Quy định).
_EXTRA_TYPE_CODES = {"Quy định": {"QĐ"}}


class _Errors:
    """Collects every problem so the clerk sees them all at once."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.fields.setdefault(field, []).append(message)

    def raise_if_any(self, code: str = "invalid") -> None:
        if self.fields:
            messages = [m for ms in self.fields.values() for m in ms]
            raise ServiceError(code, " ".join(messages), self.fields)


def _fold_code(code: str | None) -> str:
    return (code or "").replace("Ð", "Đ")


def document_units(document: Document) -> list:
    """The units whose history an entry about ``document`` belongs to."""
    units = [document.registered_unit_id, document.issuer_unit_id]
    if document.pk is not None:
        units += list(document.recipient_units.values_list("pk", flat=True))
    return [u for u in units if u is not None]


def document_search_text(document: Document) -> str:
    parts = [document.doc_type.name, document.symbol, document.title, document.issuer_name,
             document.signer_name, document.signer_title]
    if document.number is not None:
        parts.append(f"số {document.number}{document.number_suffix}")
    return fold(" ".join(p for p in parts if p))


def _reachable_unit(actor, unit: OrgUnit) -> bool:
    """A unit in the actor's scope, or one above it (a superior issuing to it)."""
    scope = scope_for(actor)
    return scope.covers(unit) or any(path.startswith(unit.path) for path in scope.paths)


def _type_codes_for(doc_type: DocumentType) -> set[str]:
    ref = load_reference()
    codes = {_fold_code(doc_type.code)}
    codes |= {_fold_code(code) for code, row in ref.types.items() if row.name == doc_type.name}
    codes |= _EXTRA_TYPE_CODES.get(doc_type.name, set())
    return codes


def _find_term(issue_date) -> PartyTerm | None:
    term = PartyTerm.objects.filter(start_date__lte=issue_date).order_by("-start_date").first()
    if term is None or (term.end_date is not None and term.end_date < issue_date):
        return None
    return term


def _issuer_key(document: Document, issuer_code: str) -> str:
    issuer = load_reference().issuers.get(issuer_code)
    if issuer is not None and issuer.level in _UNIQUE_ISSUER_LEVELS:
        return issuer_code
    if document.issuer_unit_id:
        return f"{issuer_code}@u{document.issuer_unit_id}"
    digest = hashlib.sha256(fold(document.issuer_name).encode()).hexdigest()[:12]
    return f"{issuer_code}@{digest}"


@dataclass(frozen=True)
class _Numbering:
    key: str
    period: str  # "nhiệm kỳ 2020-2025" / "năm 2024", for messages


def _numbering(document: Document, symbol: Symbol, errors: _Errors) -> _Numbering | None:
    issuer = _issuer_key(document, _fold_code(symbol.issuer_code))
    number = f"{symbol.number}{symbol.number_suffix.lower()}"
    type_code = _fold_code(symbol.type_code)
    if symbol.system == Document.System.PARTY:
        if document.issue_date is None:
            return None
        term = _find_term(document.issue_date)
        if term is None:
            errors.add("issue_date", (
                f"Chưa có nhiệm kỳ nào chứa ngày ban hành {document.issue_date:%d/%m/%Y}, nên không "
                "xác định được số văn bản Đảng thuộc nhiệm kỳ nào; đề nghị quản trị viên bổ sung "
                "nhiệm kỳ (mục Nhiệm kỳ trong trang quản trị)."))
            return None
        return _Numbering(f"party|t{term.pk}|{issuer}|{type_code}|{number}", f"nhiệm kỳ {term.name}")
    year = symbol.year or (document.issue_date.year if document.issue_date else None)
    if year is None:
        return None
    drafting = _fold_code(symbol.drafting_unit)
    return _Numbering(f"state|{year}|{issuer}|{type_code}|{drafting}|{number}", f"năm {year}")


def _apply_symbol(document: Document, *, system: str | None, errors: _Errors) -> _Numbering | None:
    """Parse the symbol and fill the parts derived from it; return the numbering key."""
    text = "".join((document.symbol or "").split())
    document.symbol = text
    document.number = None
    document.number_suffix = ""
    document.symbol_year = None
    document.type_code = ""
    document.issuer_code = ""
    document.numbering_key = None
    doc_type = document.doc_type if document.doc_type_id else None
    if not text:
        if system:
            document.system = system
        elif doc_type is not None and doc_type.system in Document.System.values:
            document.system = doc_type.system
        else:
            document.system = ""
        return None
    try:
        symbol = parse_symbol(text)
    except SymbolError as exc:
        for problem in exc.problems:
            errors.add("symbol", problem.message)
        return None
    document.symbol = symbol.text
    document.system = symbol.system
    document.number = symbol.number
    document.number_suffix = symbol.number_suffix
    document.symbol_year = symbol.year
    document.type_code = symbol.type_code or ""
    document.issuer_code = symbol.issuer_code
    system_label = Document.System(symbol.system).label
    if system and system != symbol.system:
        errors.add("system", f"Ký hiệu “{text}” là dạng {system_label}, khác hệ thống đã chọn.")
    if doc_type is not None:
        allowed_systems = {s.strip() for s in doc_type.system.split("+")}
        # Symbols without a type code (4872/UBND-KTN, 25/2004/QH11) say nothing about the type.
        if symbol.type_code and symbol.system not in allowed_systems:
            errors.add("doc_type", f"Loại “{doc_type.name}” không dùng cho {system_label.lower()}.")
        if symbol.type_code and _fold_code(symbol.type_code) not in _type_codes_for(doc_type):
            ref_name = load_reference().type_name(_fold_code(symbol.type_code)) or symbol.type_code
            errors.add("symbol", (
                f"Mã loại “{symbol.type_code}” trong ký hiệu là {ref_name}, không khớp với loại văn bản "
                f"đã chọn: {doc_type.name} ({doc_type.code})."))
        if symbol.drafting_unit and _fold_code(doc_type.code) != "CV":
            errors.add("symbol", (
                f"Ký hiệu “{text}” có dạng công văn (không có mã loại), nhưng loại văn bản đã chọn là "
                f"{doc_type.name}."))
    if symbol.year and document.issue_date and symbol.year != document.issue_date.year:
        errors.add("issue_date", (
            f"Năm trong ký hiệu ({symbol.year}) khác năm của ngày ban hành "
            f"({document.issue_date:%d/%m/%Y})."))
    return _numbering(document, symbol, errors)


def _refuse_duplicate(actor, document: Document, numbering: _Numbering) -> None:
    existing = (Document.objects.filter(numbering_key=numbering.key).exclude(pk=document.pk)
                .select_related("doc_type", "registered_unit").first())
    if existing is None:
        return
    raise ServiceError("duplicate_symbol", *_duplicate_message(actor, existing, document.symbol, numbering))


def _duplicate_message(actor, existing: Document, symbol: str, numbering: _Numbering):
    if visible_documents(actor).filter(pk=existing.pk).exists():
        message = (f"Số, ký hiệu {symbol} đã được vào sổ trong {numbering.period}: {existing} — "
                   f"“{existing.title[:120]}” (đơn vị vào sổ: {existing.registered_unit}).")
    else:
        message = (f"Số, ký hiệu {symbol} đã được một đơn vị khác vào sổ trong {numbering.period} "
                   "(văn bản ngoài phạm vi của bạn). Đề nghị Văn phòng bổ sung đơn vị của bạn vào "
                   "nơi nhận của văn bản đó thay vì vào sổ lại.")
    return message, {"symbol": [message]}


def _reference_error(field: str, message: str) -> ServiceError:
    return ServiceError("unit_not_found", message, {field: [message]})


def _check_registered_unit(actor, unit: OrgUnit | None) -> None:
    """A unit out of scope is absent (as a missing id over the API); one in scope may still be refused."""
    if unit is None or not scope_for(actor).covers(unit):
        raise _reference_error("registered_unit", UNIT_NOT_FOUND)
    if not can_register_documents(actor, unit):
        raise PermissionDeniedError("Bạn không có quyền vào sổ văn bản cho đơn vị này.")


def _check_units(actor, document: Document, recipient_units) -> None:
    """Checked first and alone, naming nothing of the unit: out of reach reads as absent, whatever else
    the clerk got wrong (the API answers a missing id the same way, see selectors.reachable_units)."""
    if document.issuer_unit_id and not _reachable_unit(actor, document.issuer_unit):
        raise _reference_error("issuer_unit", ISSUER_UNIT_NOT_FOUND)
    for unit in recipient_units:
        if not _reachable_unit(actor, unit):
            raise _reference_error("recipient_units", RECIPIENT_NOT_FOUND)


def _validate_model(document: Document, errors: _Errors) -> None:
    if document.issue_date and document.issue_date > timezone.localdate():
        errors.add("issue_date", "Ngày ban hành không được sau ngày hôm nay.")
    try:
        document.full_clean(exclude=["numbering_key", "search_text", "registered_by"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                if message not in errors.fields.get(field, []):
                    errors.add(field, message)


def _save(actor, document: Document, numbering: _Numbering | None, **save_kwargs) -> None:
    if numbering is not None:
        _refuse_duplicate(actor, document, numbering)
    document.numbering_key = numbering.key if numbering else None
    try:
        with transaction.atomic():
            document.save(**save_kwargs)
    except IntegrityError as exc:
        # Another clerk registered the same number between our check and our write.
        existing = Document.objects.filter(numbering_key=document.numbering_key).first()
        if numbering is None or existing is None:
            raise
        raise ServiceError("duplicate_symbol", *_duplicate_message(actor, existing, document.symbol,
                                                                   numbering)) from exc


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


@transaction.atomic
def document_register(*, actor, registered_unit: OrgUnit, doc_type: DocumentType, symbol: str,
                      issue_date, issuer_name: str, issuer_unit: OrgUnit | None = None, title: str,
                      direction: str, signer_name: str = "", signer_title: str = "", signing_mode: str = "",
                      recipients_text: str = "", recipient_units=(), system: str | None = None) -> Document:
    _check_registered_unit(actor, registered_unit)
    recipient_units = list(recipient_units)
    document = Document(
        registered_unit=registered_unit, doc_type=doc_type, symbol=symbol or "", issue_date=issue_date,
        issuer_name=_clean_text(issuer_name), issuer_unit=issuer_unit, title=_clean_text(title),
        direction=direction, signer_name=_clean_text(signer_name), signer_title=_clean_text(signer_title),
        signing_mode=signing_mode or "", recipients_text=_clean_text(recipients_text),
        registered_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _check_units(actor, document, recipient_units)
    errors = _Errors()
    numbering = _apply_symbol(document, system=system, errors=errors)
    _validate_model(document, errors)
    errors.raise_if_any()
    document.search_text = document_search_text(document)
    _save(actor, document, numbering)
    document.recipient_units.set(recipient_units)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=document,
                 after=snapshot(document, DOCUMENT_FIELDS), units=document_units(document))
    return document


def _locked(document: Document) -> Document:
    return Document.objects.select_for_update().select_related("doc_type").get(pk=document.pk)


def _require_change(actor, document: Document) -> None:
    if not visible_documents(actor).filter(pk=document.pk).exists():
        raise NotFoundError("Không tìm thấy văn bản.")
    if not can_change_document(actor, document):
        raise PermissionDeniedError("Bạn không có quyền thay đổi văn bản này.")
    if document.status == Document.Status.CANCELLED:
        raise ServiceError("document_cancelled", "Văn bản đã hủy, không thể thay đổi.")


@transaction.atomic
def document_update(*, actor, document: Document, **changes) -> Document:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    document = _locked(document)
    _require_change(actor, document)
    before = snapshot(document, DOCUMENT_FIELDS)
    units_before = document_units(document)
    recipient_units = changes.pop("recipient_units", None)
    system = changes.pop("system", None)
    new_unit = changes.get("registered_unit", document.registered_unit)
    if new_unit != document.registered_unit:
        _check_registered_unit(actor, new_unit)
    for name, value in changes.items():
        if isinstance(value, str) and name != "symbol":
            value = value.strip()
        setattr(document, name, value)
    if recipient_units is not None:
        recipient_units = list(recipient_units)
    _check_units(actor, document, recipient_units or [])
    errors = _Errors()
    numbering = _apply_symbol(document, system=system, errors=errors)
    if recipient_units is not None:
        # Recipients the actor cannot see were not offered to them, so they stay.
        recipient_units += [unit for unit in document.recipient_units.all()
                            if not _reachable_unit(actor, unit) and unit not in recipient_units]
    _validate_model(document, errors)
    errors.raise_if_any()
    document.search_text = document_search_text(document)
    _save(actor, document, numbering)
    if recipient_units is not None:
        document.recipient_units.set(recipient_units)
    before_diff, after_diff = changed_values(before, snapshot(document, DOCUMENT_FIELDS))
    if after_diff:
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, instance=document, before=before_diff,
                     after=after_diff, units={*units_before, *document_units(document)})
    return document


@transaction.atomic
def document_cancel(*, actor, document: Document, reason: str) -> Document:
    reason = _clean_text(reason)
    if not reason:
        message = "Phải ghi lý do hủy văn bản."
        raise ServiceError("reason_required", message, {"reason": [message]})
    document = _locked(document)
    _require_change(actor, document)
    before = snapshot(document, DOCUMENT_FIELDS)
    document.status = Document.Status.CANCELLED
    document.cancel_reason = reason
    document.numbering_key = None
    document.save(update_fields=["status", "cancel_reason", "numbering_key", "updated_at"])
    before_diff, after_diff = changed_values(before, snapshot(document, DOCUMENT_FIELDS))
    audit_record(actor=actor, action=AuditEvent.Action.CANCEL, instance=document, before=before_diff,
                 after=after_diff, units=document_units(document), reason=reason)
    return document


_STATUS_AFTER = {
    DocumentRelation.Kind.REPLACES: Document.Status.REPLACED,
    DocumentRelation.Kind.REPEALS: Document.Status.REPEALED,
}


@transaction.atomic
def document_relate(*, actor, source: Document, target: Document, kind: str) -> DocumentRelation:
    if kind not in DocumentRelation.Kind.values:
        message = "Quan hệ giữa hai văn bản không hợp lệ."
        raise ServiceError("invalid", message, {"kind": [message]})
    if source.pk == target.pk:
        message = "Không thể liên kết một văn bản với chính nó."
        raise ServiceError("relation_self", message, {"target": [message]})
    # Lock both rows in id order so two clerks relating the same pair cannot deadlock.
    locked = {d.pk: d for d in Document.objects.select_for_update().select_related("doc_type")
              .filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    _require_change(actor, source)
    if not visible_documents(actor).filter(pk=target.pk).exists():
        raise NotFoundError("Không tìm thấy văn bản được liên kết.")
    if DocumentRelation.objects.filter(source=source, target=target, kind=kind).exists():
        message = f"Đã có quan hệ “{DocumentRelation.Kind(kind).label}” giữa hai văn bản này."
        raise ServiceError("relation_duplicate", message, {"target": [message]})
    if kind in _STATUS_AFTER and DocumentRelation.objects.filter(source=target, target=source,
                                                                 kind=kind).exists():
        message = "Hai văn bản không thể thay thế (bãi bỏ) lẫn nhau."
        raise ServiceError("relation_cycle", message, {"target": [message]})
    new_status = _STATUS_AFTER.get(kind)
    if new_status is not None and target.status == Document.Status.CANCELLED:
        message = "Văn bản đã hủy thì không còn bị thay thế hay bãi bỏ."
        raise ServiceError("document_cancelled", message, {"target": [message]})
    try:
        with transaction.atomic():
            relation = DocumentRelation.objects.create(source=source, target=target, kind=kind)
    except IntegrityError as exc:
        message = f"Đã có quan hệ “{DocumentRelation.Kind(kind).label}” giữa hai văn bản này."
        raise ServiceError("relation_duplicate", message, {"target": [message]}) from exc
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, instance=relation,
                 after=snapshot(relation, RELATION_FIELDS),
                 units={*document_units(source), *document_units(target)})
    if new_status is not None and target.status != new_status:
        before = snapshot(target, ["status"])
        target.status = new_status
        target.save(update_fields=["status", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, instance=target, before=before,
                     after=snapshot(target, ["status"]), units=document_units(target),
                     reason=f"{DocumentRelation.Kind(kind).label} bởi {source}")
    return relation


@transaction.atomic
def attachment_add(*, actor, document: Document, uploaded) -> Attachment:
    document = _locked(document)
    _require_change(actor, document)
    checked = check_upload(uploaded, allowed=DOCUMENT_MIME_TYPES)
    existing = Attachment.objects.filter(sha256=checked.sha256).select_related("document__doc_type").first()
    if existing is not None:
        raise ServiceError("duplicate_file", *_duplicate_file_message(actor, existing, checked.original_name))
    attachment = Attachment(document=document, original_name=checked.original_name, size=checked.size,
                            mime_type=checked.mime_type, sha256=checked.sha256,
                            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None)
    # The stored name is the hash, never the name the browser sent.
    extension = DOCUMENT_MIME_TYPES[checked.mime_type]
    attachment.file.save(f"{checked.sha256}{extension}", checked.content, save=False)
    try:
        with transaction.atomic():
            attachment.save()
    except IntegrityError as exc:
        default_storage.delete(attachment.file.name)
        existing = Attachment.objects.filter(sha256=checked.sha256).select_related("document").first()
        if existing is None:
            raise
        raise ServiceError("duplicate_file",
                           *_duplicate_file_message(actor, existing, checked.original_name)) from exc
    audit_record(actor=actor, action=AuditEvent.Action.ATTACH, instance=attachment,
                 after=snapshot(attachment, ATTACHMENT_FIELDS), units=document_units(document))
    return attachment


def _duplicate_file_message(actor, existing: Attachment, name: str):
    if visible_documents(actor).filter(pk=existing.document_id).exists():
        message = (f"Tệp “{name}” trùng nội dung với tệp “{existing.original_name}” đã đính kèm "
                   f"văn bản {existing.document}.")
    else:
        message = (f"Tệp “{name}” trùng nội dung với một tệp đã có trong hệ thống "
                   "(thuộc văn bản ngoài phạm vi của bạn).")
    return message, {"file": [message]}
