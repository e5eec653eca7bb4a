"""Fixtures of the notification tests (jobs run inline through the root conftest)."""

import pytest

from roviec.notifications.tests.factories import give_emails


@pytest.fixture
def people(province):
    give_emails(province)
    return province
