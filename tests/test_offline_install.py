"""Offline install: scripts/wheelhouse.sh on a connected machine, install-offline.sh with no index at all."""

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NETWORK_ERRORS = ("NewConnectionError", "Temporary failure in name resolution", "Network is unreachable",
                  "Name or service not known", "ConnectTimeoutError", "Connection refused",
                  "ProxyError", "No route to host")


def _offline_env(home: Path) -> dict:
    """No pip configuration, no index, and any network attempt goes to a dead loopback proxy."""
    env = {k: v for k, v in os.environ.items()
           # The browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE in this process; a real
           # installation never has it (and `roviec check` rightly warns about it).
           if not k.startswith("PIP_")
           and k not in ("DATABASE_URL", "VIRTUAL_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
           and k.lower() not in ("http_proxy", "https_proxy", "no_proxy", "all_proxy")}
    env.update({"PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1", "HOME": str(home),
                "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
                "PYTHON": sys.executable})
    return env


def _run(command, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)  # noqa: S603


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory):
    """The wheelhouse, built once (needs the package registry; skipped only if it cannot be reached)."""
    folder = tmp_path_factory.mktemp("wheelhouse")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"} | {"PYTHON": sys.executable}
    result = _run(["bash", str(ROOT / "scripts" / "wheelhouse.sh"), str(folder)], env=env, timeout=600)
    if result.returncode != 0:
        output = result.stdout + result.stderr
        if any(marker in output for marker in NETWORK_ERRORS):
            pytest.skip("the package registry cannot be reached from here: the wheelhouse needs it")
        pytest.fail(output[-3000:])
    return folder


@pytest.mark.slow
@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                    reason="does not depend on the database: runs once, in the SQLite run of the suite")
def test_offline_install_from_the_wheelhouse_runs_migrate_check_and_serve(wheelhouse, tmp_path):
    """On an intranet with no internet, the wheelhouse alone installs a working Rõ Việc."""
    listed = (wheelhouse / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    wheels = sorted(p.name for p in wheelhouse.glob("*.whl"))
    assert sorted(line.split()[1] for line in listed) == wheels
    assert any(name.startswith("roviec-") for name in wheels)
    assert any(name.startswith("django-5.2") for name in wheels)
    for line in listed:
        digest, name = line.split()
        assert hashlib.sha256((wheelhouse / name).read_bytes()).hexdigest() == digest

    venv = tmp_path / "venv"
    env = _offline_env(tmp_path)
    installed = _run(["bash", str(wheelhouse / "install-offline.sh"), str(wheelhouse), str(venv)],
                     env=env, timeout=600)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    freeze = _run([str(venv / "bin" / "python"), "-m", "pip", "freeze"], env=env, timeout=60).stdout
    assert "roviec==" in freeze and " @ file" not in freeze  # a real wheel install, not editable

    roviec = str(venv / "bin" / "roviec")
    app_env = env | {"ROVIEC_VAR_DIR": str(tmp_path / "var"), "SECRET_KEY": "x" * 20 + "-offline-" + "y" * 30,
                     "ALLOWED_HOSTS": "roviec.tinhuy.example", "ROVIEC_HTTPS": "1"}
    workdir = tmp_path / "run"
    workdir.mkdir()
    before = _run([roviec, "check"], env=app_env, cwd=workdir, timeout=120)
    assert before.returncode == 1 and "roviec manage migrate" in before.stderr
    migrated = _run([roviec, "manage", "migrate", "-v0"], env=app_env, cwd=workdir, timeout=300)
    assert migrated.returncode == 0, migrated.stderr
    check = _run([roviec, "check"], env=app_env, cwd=workdir, timeout=120)
    assert check.returncode == 0, check.stderr
    assert "đạt yêu cầu" in check.stdout

    # The wheel carries templates, vendored static files and migrations: the login page serves.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    serve_env = app_env | {"ROVIEC_HTTPS": "0", "ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen([roviec, "serve", "--port", str(port)], env=serve_env, cwd=workdir,  # noqa: S603
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        body = None
        deadline = time.monotonic() + 180  # a loaded machine starts slowly
        while time.monotonic() < deadline and body is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=10) as page:
                    body = page.read().decode()
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.3)
        assert body is not None and "Đăng nhập" in body
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/roviec/app.css", timeout=30) as css:
            assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def _fake_wheelhouse(folder: Path) -> Path:
    folder.mkdir()
    (folder / "roviec-0.1.0-py3-none-any.whl").write_bytes(b"not really a wheel")
    (folder / "other-1.0-py3-none-any.whl").write_bytes(b"another")
    sums = "".join(f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}\n"
                   for p in sorted(folder.glob("*.whl")))
    (folder / "SHA256SUMS").write_text(sums, encoding="utf-8")
    return folder


@pytest.mark.parametrize("tamper", ["changed", "added", "no-sums"])
def test_install_offline_refuses_a_tampered_wheelhouse_before_installing(tmp_path, tamper):
    """A wheelhouse altered on the way (changed or extra wheel, no sums) is refused; nothing is created."""
    if not shutil.which("sha256sum"):
        pytest.skip("needs sha256sum (coreutils)")
    folder = _fake_wheelhouse(tmp_path / "wheelhouse")
    if tamper == "changed":
        (folder / "other-1.0-py3-none-any.whl").write_bytes(b"anothes")
    elif tamper == "added":
        (folder / "evil-1.0-py3-none-any.whl").write_bytes(b"evil")
    else:
        (folder / "SHA256SUMS").unlink()
    venv = tmp_path / "venv"
    result = _run(["bash", str(ROOT / "scripts" / "install-offline.sh"), str(folder), str(venv)],
                  env=_offline_env(tmp_path), timeout=60)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].startswith("install-offline.sh: ")
    expected = {"changed": "other-1.0", "added": "evil-1.0", "no-sums": "SHA256SUMS"}[tamper]
    assert expected in result.stderr
    assert not venv.exists()
