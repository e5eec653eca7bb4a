import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from roviec.documents import services as document_services
from roviec.documents.models import DocumentType

PAIRS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "review_eval" / "pairs"


def pair(name: str = "p04") -> tuple[str, str]:
    """(superior, draft) texts of a labelled pair, marks removed."""
    import re

    raw = (PAIRS / f"{name}.txt").read_text(encoding="utf-8")
    raw = re.sub(r"⟦[^⟧]*⟧", "", raw)
    sup, rest = raw.split("=== SUPERIOR ===\n", 1)[1].split("=== DRAFT ===\n", 1)
    return sup, rest.split("=== LABELS ===\n", 1)[0]


def upload(text: str, name: str = "du-thao.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/plain")


@pytest.fixture
def superior_document(province):
    """A registered plan of the provincial committee with its text attached."""
    superior, _ = pair("p04")
    document = document_services.document_register(
        actor=province.users["office"],
        registered_unit=province.root,
        doc_type=DocumentType.objects.get(code="KH"),
        symbol="35-KH/TU",
        issue_date=datetime.date(2026, 1, 15),
        issuer_name="Tỉnh ủy Hưng Yên",
        title="thực hiện Chỉ thị về phát triển đảng viên",
        direction="issued",
        recipient_units=[province.commune_a, province.commune_b],
    )
    document_services.attachment_add(
        actor=province.users["office"], document=document, uploaded=upload(superior, "35-KH-TU.txt")
    )
    return document
