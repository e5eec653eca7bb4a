import datetime
import sys
import types

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse

from roviec.documents import services
from roviec.documents.models import DocumentType


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The province fixture creates six accounts per test; hash their passwords quickly."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def _stub(request, *args, **kwargs):
    return HttpResponse("")


def _missing(names):
    missing = []
    for name in names:
        try:
            reverse(name)
        except NoReverseMatch:
            missing.append(name)
    return missing


@pytest.fixture(autouse=True)
def _navigation_targets(settings):
    """base.html links to pages other apps own; stand in for those not mounted yet."""
    missing = _missing(["home", "tasks:list", "orgs:tree", "audit_log"])
    if not missing:
        yield
        return
    from roviec import urls as root_urls

    stubs = []
    for namespace in ("tasks", "orgs"):
        name = "tree" if namespace == "orgs" else "list"
        if f"{namespace}:{name}" in missing:
            stubs.append(path(f"_stub-{namespace}/", include(([path("", _stub, name=name)], namespace))))
    if "home" in missing:
        stubs.append(path("_stub-home/", _stub, name="home"))
    # Stubs go first: a namespace declared twice resolves to its first declaration.
    module = types.ModuleType("roviec_documents_test_urls")
    module.urlpatterns = stubs + list(root_urls.urlpatterns)
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    yield
