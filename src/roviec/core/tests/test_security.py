"""Safe by default: login throttling, password rules, cookies, deploy checks, no public uploads."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve

from conftest import PASSWORD


def test_repeated_failed_logins_lock_the_account(client, province):
    """After the allowed number of failures even the right password is refused for a while."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/dang-nhap/", {"username": "xaanthi", "password": "sai-mat-khau"})
        assert response.status_code in (200, 429)
    response = client.post("/dang-nhap/", {"username": "xaanthi", "password": PASSWORD})
    assert response.status_code == 429
    assert "tạm bị khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_with_right_password_works(client, province):
    """A user logs in with the login form."""
    response = client.post("/dang-nhap/", {"username": "xaanthi", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(province.users["commune_a"].pk)


@pytest.mark.parametrize("weak", ["12345678901", "password123", "abc"])
def test_weak_passwords_are_refused(weak):
    """Django's password validators are on."""
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_uploads_are_not_served_from_the_web_root():
    """There is no public URL for uploaded files: only scoped views serve them."""
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    with pytest.raises(Resolver404):
        resolve("/_no_public_media/documents/x.pdf")


def test_deploy_check_is_clean_in_production_mode(tmp_path, monkeypatch):
    """`roviec check` (Django's check --deploy and more) passes with production settings."""
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "k" * 60 + "-production-secret-for-the-check",
        "ALLOWED_HOSTS": "roviec.example.vn",
        "ROVIEC_HTTPS": "1",
        "ROVIEC_VAR_DIR": str(tmp_path),
    }
    subprocess.run([sys.executable, "-m", "roviec.cli", "manage", "migrate", "--verbosity", "0"],
                   env=env, check=True, cwd=tmp_path)
    result = subprocess.run([sys.executable, "-m", "roviec.cli", "check"], env=env, cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "đạt yêu cầu" in result.stdout
    manage = Path(__file__).resolve().parents[4] / "manage.py"
    command = [sys.executable, str(manage), "check", "--deploy", "--fail-level", "WARNING"]
    django_check = subprocess.run(command, env=env, cwd=tmp_path,  # noqa: S603 - our own manage.py
                                  capture_output=True, text=True)
    assert django_check.returncode == 0, django_check.stdout + django_check.stderr
