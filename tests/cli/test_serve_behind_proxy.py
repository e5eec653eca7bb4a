"""`roviec serve` behind nginx/Caddy with ROVIEC_HTTPS=1: the proxy's https is trusted, nobody else's."""

import http.client
import os
import socket
import subprocess
import sys
import time

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def https_server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ROVIEC_TRUSTED_PROXY")}
    env.update({"ROVIEC_VAR_DIR": str(tmp_path / "var"), "ROVIEC_HTTPS": "1",
                "ALLOWED_HOSTS": "roviec.tinhuy.example", "SECRET_KEY": "k" * 60})
    process = subprocess.Popen([sys.executable, "-m", "roviec.cli", "serve", "--port", str(port)],  # noqa: S603
                               env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read())
            time.sleep(0.3)
    yield port
    process.terminate()
    process.wait(timeout=20)


def _get(port: int, headers: dict):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/dang-nhap/", headers={"Host": "roviec.tinhuy.example", **headers})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def test_https_from_the_local_proxy_is_believed(https_server):
    """Behind the reverse proxy the login page answers (no redirect loop) with secure cookies and HSTS."""
    response = _get(https_server, {"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.7"})
    assert response.status == 200
    assert "Secure" in response.getheader("Set-Cookie", "")
    assert response.getheader("Strict-Transport-Security", "").startswith("max-age=")


def test_plain_http_is_sent_to_https(https_server):
    """A request that did not come through TLS is redirected to https, never served in the clear."""
    response = _get(https_server, {})
    assert response.status == 301
    assert response.getheader("Location") == "https://roviec.tinhuy.example/dang-nhap/"
