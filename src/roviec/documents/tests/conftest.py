import datetime

import pytest

from roviec.documents import services
from roviec.documents.models import DocumentType


@pytest.fixture
def register(province):
    """Register a document through the service, with sensible defaults."""

    def _register(symbol="418-QĐ/TU", *, code="QĐ", actor=None, unit=None, **extra):
        values = {
            "actor": actor or province.users["office"],
            "registered_unit": unit or province.root,
            "doc_type": DocumentType.objects.get(code=code),
            "symbol": symbol,
            "issue_date": datetime.date(2021, 3, 15),
            "issuer_name": "Tỉnh ủy Hưng Yên",
            "title": "về việc thành lập Đoàn kiểm tra",
            "direction": "issued",
        }
        values.update(extra)
        return services.document_register(**values)

    return _register

