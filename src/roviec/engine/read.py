"""Read a submitted file (TXT, DOCX, PDF) into the plain text every later stage indexes.

Public API: `read_bytes`, `read_path`, `SourceText`, `ReadError`, `ReadLimits`.

The format is decided by content (magic bytes), the file name only sharpens error messages:
a ".txt" that is really a PDF is read as a PDF. Every failure, however hostile the input, is
a `ReadError` with a one-line reason (Vietnamese first, then a short English gloss), so the
upload form and `roviec extract` can show it as is.

Conventions of the returned text (the format readers document the details):
- TXT: exactly the decoded file, universal newlines, UTF-8 BOM dropped (see readers/txt.py).
- DOCX and PDF: paragraphs separated by a blank line ("\\n\\n"), soft line breaks (DOCX) and
  PDF lines by "\\n"; footnote marks are Unicode superscript digits glued to the text
  ("đảng viên²"), and the note bodies follow the body text as paragraphs "² <body>"
  (see readers/docx.py and readers/pdf.py).
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .readers._common import ReadLimits, Unreadable

__all__ = ["ReadError", "ReadLimits", "SourceText", "read_bytes", "read_path"]


@dataclass(frozen=True)
class SourceText:
    text: str  # the plain text every offset indexes; what `roviec extract --text` prints
    format: str  # "txt" | "docx" | "pdf"
    encoding: str | None  # for txt: "utf-8", "utf-8-sig", "utf-16", "tcvn3", "vni"
    sha256: str
    warnings: tuple[str, ...] = ()


class ReadError(Exception):
    """The file cannot be turned into text; `reason` is one line, Vietnamese first."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF87a": "GIF",
    b"GIF89a": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"BM": "BMP",
}


def read_path(path: str | os.PathLike[str], *, limits: ReadLimits | None = None) -> SourceText:
    limits = limits or ReadLimits()
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise ReadError(path, _too_big(size, limits))
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"Không mở được tệp — cannot open file ({exc.strerror or exc})") from exc
    return read_bytes(data, str(path), limits=limits)


def read_bytes(data: bytes, filename: str, *, limits: ReadLimits | None = None) -> SourceText:
    limits = limits or ReadLimits()
    try:
        return _read(data, filename, limits)
    except ReadError:
        raise
    except Unreadable as exc:
        raise ReadError(filename, exc.reason) from exc
    except MemoryError as exc:
        raise ReadError(filename, "Tệp quá lớn để đọc — out of memory while reading") from exc
    except Exception as exc:  # hostile files must never surface as crashes
        reason = f"Tệp bị hỏng hoặc không đọc được — unreadable file ({type(exc).__name__})"
        raise ReadError(filename, reason) from exc


def _read(data: bytes, filename: str, limits: ReadLimits) -> SourceText:
    if len(data) > limits.max_file_bytes:
        raise Unreadable(_too_big(len(data), limits))
    if not data.strip():
        raise Unreadable("Tệp rỗng — empty file")
    ext = Path(filename).suffix.lower()
    kind = sniff(data, ext)
    warnings: list[str] = []
    encoding = None
    if kind == "pdf":
        from .readers.pdf import read_pdf

        text, extra = read_pdf(data, limits)
    elif kind == "docx":
        from .readers.docx import read_docx

        text, extra = read_docx(data, limits)
    else:
        from .readers.txt import read_txt

        text, encoding, extra = read_txt(data)
    warnings.extend(extra)
    expected = {".pdf": "pdf", ".docx": "docx", ".txt": "txt"}.get(ext)
    if expected and expected != kind:
        warnings.append(f"Phần mở rộng {ext} nhưng nội dung là {kind.upper()} — read by content as {kind}")
    if len(text) > limits.max_text_chars:
        raise Unreadable(f"Văn bản quá dài (trên {limits.max_text_chars:,} ký tự) — text too long")
    return SourceText(text, kind, encoding, hashlib.sha256(data).hexdigest(), tuple(warnings))


def sniff(data: bytes, ext: str = "") -> str:
    """'pdf' | 'docx' | 'txt' from the content, or Unreadable for formats we do not take."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(_OLE):
        raise Unreadable(
            "Tệp Word 97-2003 (.doc) hoặc tệp Office có mật khẩu chưa được hỗ trợ; hãy lưu lại thành .docx "
            "(không đặt mật khẩu) hoặc PDF — legacy .doc/OLE or password-protected Office file"
        )
    if head.lstrip().startswith(b"{\\rtf"):
        raise Unreadable("Tệp RTF chưa được hỗ trợ; hãy lưu thành .docx hoặc PDF — RTF not supported")
    for magic, name in _IMAGES.items():
        if data.startswith(magic) and (
            name != "BMP" or ext == ".bmp" or (len(data) > 26 and data[14] in (12, 40, 108, 124))
        ):
            raise Unreadable(
                f"Tệp ảnh {name} không có lớp chữ, cần nhận dạng (OCR) trước — image file, needs OCR"
            )
    if ext in (".pdf", ".docx", ".doc", ".xlsx", ".odt"):
        raise Unreadable(f"Tệp {ext} bị hỏng hoặc không đúng định dạng — corrupt {ext} file")
    return "txt"


def _sniff_zip(data: bytes) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise Unreadable("Tệp nén (zip/docx) bị hỏng — corrupt zip/DOCX package") from exc
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        raise Unreadable("Tệp OpenDocument (.odt) chưa được hỗ trợ; hãy lưu thành .docx — ODT not supported")
    if any(name.startswith("xl/") for name in names):
        raise Unreadable("Tệp bảng tính Excel không phải văn bản — spreadsheet, not a document")
    raise Unreadable("Tệp zip không phải tài liệu Word (.docx) — zip archive without word/document.xml")


def _too_big(size: int, limits: ReadLimits) -> str:
    return f"Tệp quá lớn ({size / 1e6:.0f} MB, tối đa {limits.max_file_bytes / 1e6:.0f} MB) — file too large"
