"""Checked, hashed storage of uploaded originals.

Originals are kept byte for byte through Django's storage API (a local folder by
default, object storage when several app servers share the load), with their
SHA-256, size and MIME type, and are only ever served through scoped views.
"""

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.files.base import ContentFile

from roviec.core.errors import ServiceError

DOCUMENT_MIME_TYPES = {
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
}
EVIDENCE_MIME_TYPES = {
    **DOCUMENT_MIME_TYPES,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
}


@dataclass(frozen=True)
class CheckedUpload:
    content: ContentFile
    original_name: str
    size: int
    mime_type: str
    sha256: str


def sniff_mime_type(data: bytes, filename: str) -> str:
    """Decide the type from the bytes, not from the name the browser sent."""
    kind = filetype.guess(data)
    if kind is not None:
        if kind.mime == "application/zip" and filename.lower().endswith(".docx"):
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return kind.mime
    if _looks_like_text(data):
        return "text/plain"
    return "application/octet-stream"


def _looks_like_text(data: bytes) -> bool:
    sample = data[:65536]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the sample's end is still text.
        return error.start >= len(sample) - 3
    return True


def check_upload(uploaded, *, allowed: dict[str, str], max_bytes: int | None = None) -> CheckedUpload:
    """Read an upload once, check size and type, and hash it; raise ServiceError if refused."""
    limit = max_bytes or settings.ROVIEC_MAX_UPLOAD_BYTES
    name = (getattr(uploaded, "name", "") or "tep").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise ServiceError("file_too_large", _too_large(name, limit), {"file": [_too_large(name, limit)]})
    data = uploaded.read()
    if len(data) > limit:
        raise ServiceError("file_too_large", _too_large(name, limit), {"file": [_too_large(name, limit)]})
    if not data:
        message = f"Tệp “{name}” rỗng."
        raise ServiceError("file_empty", message, {"file": [message]})
    mime = sniff_mime_type(data, name)
    if mime not in allowed:
        kinds = ", ".join(sorted({ext.upper().lstrip(".") for ext in allowed.values()}))
        message = f"Tệp “{name}” có định dạng không được chấp nhận ({mime}). Chỉ nhận: {kinds}."
        raise ServiceError("file_type", message, {"file": [message]})
    return CheckedUpload(
        content=ContentFile(data, name=name),
        original_name=name,
        size=len(data),
        mime_type=mime,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _too_large(name: str, limit: int) -> str:
    return f"Tệp “{name}” vượt quá dung lượng cho phép ({limit // (1024 * 1024)} MB)."
