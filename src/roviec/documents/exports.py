"""The document list as CSV (for Excel): only what the selector returned, so the scope holds."""

import csv
import io

from django.utils import timezone

COLUMNS = ("Số, ký hiệu", "Loại văn bản", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu", "Người ký",
           "Loại sổ", "Tình trạng", "Đơn vị vào sổ")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # A cell starting like a formula would run in a spreadsheet; keep it as text.
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def documents_csv(documents) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for document in documents.iterator(chunk_size=500):
        writer.writerow([_cell(v) for v in (
            document.symbol, document.doc_type.name, f"{document.issue_date:%d/%m/%Y}", document.issuer_name,
            document.title, document.signer_name, document.get_direction_display(),
            document.get_status_display(), document.registered_unit.name,
        )])
    # The byte-order mark makes Excel read the file as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_filename() -> str:
    return f"van-ban-{timezone.localdate():%Y%m%d}.csv"
