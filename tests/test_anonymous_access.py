"""Nothing but the login page, static files and the API token endpoint answers an anonymous visitor."""

import re

import pytest
from django.urls import URLPattern, get_resolver

PUBLIC = {"dang-nhap/", "api/v1/token/", "api/v1/schema"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)
        else:
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))


def _concrete(route: str) -> str:
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # DRF router regexes
    route = re.sub(r"<str:\w+>", "x", route)
    route = re.sub(r"<(?:int:)?\w+>", "1", route)
    return "/" + route.replace("^", "").replace("$", "").replace("\\.", ".").replace("[/.]", "/")


ROUTES = sorted({_concrete(r) for r in _routes(get_resolver().url_patterns)
                 if not r.startswith("quan-tri/") and r not in PUBLIC and "format" not in r})


@pytest.mark.parametrize("url", ROUTES)
def test_anonymous_visitor_is_turned_away(client, db, url):
    """Every page and API endpoint asks for a login instead of showing or changing anything."""
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code in (302, 401, 403, 404, 405), (url, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/"), (url, response["Location"])
