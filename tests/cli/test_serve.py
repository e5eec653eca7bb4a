"""`roviec serve` on a fresh folder: migrates, serves the pages and the vendored static files."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["ROVIEC_VAR_DIR"] = str(tmp_path / "var")
    command = [sys.executable, "-m", "roviec.cli", "serve", "--port", str(port)]
    process = subprocess.Popen(command, env=env, cwd=tmp_path,  # noqa: S603 - our own CLI
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/dang-nhap/", timeout=2)  # noqa: S310 - loopback only
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read())
            time.sleep(0.3)
    yield base, process
    process.terminate()
    process.wait(timeout=20)


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.status, response.headers.get("Content-Type", ""), response.read()


def test_serve_answers_with_the_login_page_and_its_static_files(server):
    """A first start needs nothing but the command: pages, CSS and htmx come from the package."""
    base, _process = server
    status, content_type, body = _get(base + "/dang-nhap/")
    assert status == 200 and "text/html" in content_type
    page = body.decode()
    assert "Đăng nhập" in page
    for asset in ("/static/vendor/pico/pico.min.css", "/static/roviec/app.css",
                  "/static/vendor/htmx/htmx.min.js"):
        assert asset in page
        status, _type, content = _get(base + asset)
        assert status == 200 and len(content) > 100


def test_uploads_folder_is_not_served(server, tmp_path):
    """Files under var/files are never reachable by URL, only through scoped views."""
    base, _process = server
    stored = tmp_path / "var" / "files" / "documents" / "bi-mat.txt"
    stored.parent.mkdir(parents=True, exist_ok=True)
    stored.write_text("bí mật", encoding="utf-8")
    for path in ("/files/documents/bi-mat.txt", "/media/documents/bi-mat.txt",
                 "/documents/bi-mat.txt", "/_no_public_media/documents/bi-mat.txt"):
        with pytest.raises(urllib.error.HTTPError) as error:
            _get(base + path)
        assert error.value.code == 404
