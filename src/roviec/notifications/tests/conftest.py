"""Jobs run inline in these tests (huey immediate mode, in-memory queue): nothing touches var/."""

import pytest
from huey.contrib.djhuey import HUEY

from roviec.notifications.tests.factories import give_emails


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The province fixture makes six accounts per test; a cheap hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _immediate_jobs():
    previous = HUEY.immediate
    HUEY.immediate = True
    yield HUEY
    HUEY.immediate = previous


@pytest.fixture
def people(province):
    give_emails(province)
    return province
