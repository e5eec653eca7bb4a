"""Page tests render base.html, whose navigation names pages other apps own.

While one of those pages is not yet mounted, a stub stands in for it so the
organisation pages can be tested on their own; once mounted, the real one is used.
"""

import pytest
from django.http import HttpResponse
from django.urls import NoReverseMatch, include, path, reverse


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
    missing = _missing(["home", "tasks:list", "documents:list", "audit_log"])
    if not missing:
        yield
        return
    import types

    from roviec import urls as root_urls

    stubs = []
    for namespace in ("tasks", "documents"):
        if f"{namespace}:list" in missing:
            stubs.append(path(f"_stub-{namespace}/", include(([path("", _stub, name="list")], namespace))))
    if "home" in missing:
        stubs.append(path("_stub-home/", _stub, name="home"))
    # Stubs go first: a namespace declared twice resolves to its first declaration.
    module = types.ModuleType("roviec_orgs_test_urls")
    module.urlpatterns = stubs + list(root_urls.urlpatterns)
    import sys

    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    yield


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """The province fixture creates six accounts; a slow hasher adds seconds to every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
