"""The shared fixtures live in the repository's root conftest.py; re-exported for imports."""

from conftest import PASSWORD, Province, make_user  # noqa: F401
