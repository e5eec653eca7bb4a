"""`roviec backup` / `roviec restore` on a demo installation with an uploaded attachment (embedded SQLite)."""

import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from roviec.core import backup as core_backup

ADD_ATTACHMENT = """
from roviec.cli_commands._django import setup_django
setup_django()
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from roviec.documents.models import Document
from roviec.documents.services import attachment_add
import os
admin = get_user_model().objects.filter(is_superuser=True).first()
document = Document.objects.order_by("pk").first()
data = b"%PDF-1.4\\n" + os.urandom(150_000) + b"\\n%%EOF\\n"
attachment = attachment_add(actor=admin, document=document,
                            uploaded=SimpleUploadedFile("Quyet-dinh-so-1.pdf", data))
print(attachment.file.name)
"""

COUNTED_TABLES = ("auth_user", "orgs_orgunit", "documents_document", "documents_attachment",
                  "tasks_task", "core_auditevent", "django_migrations")


def _env(var_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ROVIEC_MEDIA_ROOT")}
    env["ROVIEC_VAR_DIR"] = str(var_dir)
    return env


def roviec(var_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "roviec.cli", *args],  # noqa: S603 - our own CLI
                          env=_env(var_dir), cwd=var_dir.parent, capture_output=True, text=True,
                          timeout=300, check=False)


def counts(database: Path) -> dict:
    connection = sqlite3.connect(database)
    try:
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for table in COUNTED_TABLES}
    finally:
        connection.close()


@pytest.fixture(scope="module")
def installation(tmp_path_factory):
    """A demo province on SQLite with one uploaded PDF, built once for the module."""
    var_dir = tmp_path_factory.mktemp("source") / "var"
    result = roviec(var_dir, "demo", "--password", "Sao-Luu-Thu-2026")
    assert result.returncode == 0, result.stderr
    added = subprocess.run([sys.executable, "-c", ADD_ATTACHMENT],  # noqa: S603 - our own script
                           env=_env(var_dir), capture_output=True, text=True, timeout=120, check=False)
    assert added.returncode == 0, added.stderr
    attachment = var_dir / "files" / added.stdout.strip()
    assert attachment.is_file()
    return var_dir, attachment


@pytest.fixture(scope="module")
def archive(installation, tmp_path_factory):
    var_dir, _attachment = installation
    destination = tmp_path_factory.mktemp("backups")
    result = roviec(var_dir, "backup", str(destination))
    assert result.returncode == 0, result.stderr
    (path,) = destination.glob("roviec-backup-*.tar.gz")
    return path


def _members(path: Path) -> dict[str, bytes]:
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


def test_backup_holds_database_uploads_and_a_manifest_of_checksums(installation, archive):
    """An operator gets one dated archive whose manifest lists every file with its SHA-256 and size."""
    var_dir, attachment = installation
    members = _members(archive)
    assert next(iter(members)) == "manifest.json"
    manifest = json.loads(members["manifest.json"])
    assert manifest["format"] == "roviec-backup" and manifest["app_version"]
    assert "0001_initial" in manifest["migrations"]["tasks"]
    listed = {item["path"]: item for item in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json"}
    for name, data in members.items():
        if name != "manifest.json":
            assert listed[name]["sha256"] == hashlib.sha256(data).hexdigest()
            assert listed[name]["size"] == len(data)
    relative = attachment.relative_to(var_dir / "files").as_posix()
    assert members[f"files/{relative}"] == attachment.read_bytes()
    copy = archive.parent / "copy.sqlite3"
    copy.write_bytes(members["database/roviec.sqlite3"])
    assert counts(copy) == counts(var_dir / "roviec.sqlite3")


def test_clean_restore_gives_same_rows_and_byte_identical_attachment(installation, archive, tmp_path):
    """A restore drill on a fresh machine brings back every row and every uploaded file, byte for byte."""
    var_dir, attachment = installation
    target = tmp_path / "var"
    result = roviec(target, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert counts(target / "roviec.sqlite3") == counts(var_dir / "roviec.sqlite3")
    restored = target / "files" / attachment.relative_to(var_dir / "files")
    assert restored.read_bytes() == attachment.read_bytes()
    digest = hashlib.sha256(attachment.read_bytes()).hexdigest()
    assert hashlib.sha256(restored.read_bytes()).hexdigest() == digest
    check = roviec(target, "manage", "check")
    assert check.returncode == 0, check.stderr
    assert not list(target.glob(".roviec-restore-*")), "staging folder left behind"


def _rewrite_with_flipped_byte(archive: Path, member: str, out: Path) -> None:
    """Flip one byte inside ``member``'s data, keeping the archive otherwise well formed."""
    raw = bytearray(gzip.decompress(archive.read_bytes()))
    with tarfile.open(fileobj=io.BytesIO(bytes(raw))) as tar:
        offset = tar.getmember(member).offset_data
    raw[offset + 1000] ^= 0xFF
    out.write_bytes(gzip.compress(bytes(raw)))


def test_corrupted_attachment_is_refused_naming_it_and_nothing_changes(installation, archive, tmp_path):
    """A damaged backup is refused before anything is touched, and the message names the damaged file."""
    var_dir, attachment = installation
    member = "files/" + attachment.relative_to(var_dir / "files").as_posix()
    damaged = tmp_path / "damaged.tar.gz"
    _rewrite_with_flipped_byte(archive, member, damaged)
    target = tmp_path / "var"
    result = roviec(target, "restore", str(damaged))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("roviec restore: ")
    assert member in lines[0] and "SHA-256" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (target / "files").exists()
    assert not core_backup.sqlite_has_data(target / "roviec.sqlite3")


def test_one_flipped_byte_anywhere_in_the_compressed_archive_is_refused(archive, tmp_path):
    """Whatever byte of the .tar.gz is damaged (data, headers, gzip trailer), restore refuses in one line."""
    data = archive.read_bytes()
    target = tmp_path / "var"
    for position in (200, len(data) // 3, len(data) // 2, len(data) - 6):
        damaged = tmp_path / f"damaged-{position}.tar.gz"
        copy = bytearray(data)
        copy[position] ^= 0x10
        damaged.write_bytes(bytes(copy))
        result = roviec(target, "restore", "--verify-only", str(damaged))
        assert result.returncode == 1, (position, result.stdout)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, (position, result.stderr)
        assert lines[0].startswith(f"roviec restore: {damaged}"), (position, result.stderr)


def test_restore_refuses_a_non_empty_installation_without_force(installation, archive, tmp_path):
    """Restoring over live data needs --force, and the replaced data is kept aside, not lost."""
    var_dir, _attachment = installation
    target = tmp_path / "var"
    shutil.copytree(var_dir, target, ignore=shutil.ignore_patterns("*-wal", "*-shm"))
    local = target / "files" / "documents" / "local-only.txt"
    local.write_text("chỉ có ở máy này", encoding="utf-8")

    refused = roviec(target, "restore", str(archive))
    assert refused.returncode == 1
    assert "--force" in refused.stderr and len(refused.stderr.strip().splitlines()) == 1
    assert local.exists()

    forced = roviec(target, "restore", "--force", str(archive))
    assert forced.returncode == 0, forced.stderr
    assert not local.exists()
    (kept,) = target.glob("before-restore-*")
    assert (kept / "files" / "documents" / "local-only.txt").read_text(encoding="utf-8") == "chỉ có ở máy này"
    assert (kept / "roviec.sqlite3").is_file()
    assert counts(target / "roviec.sqlite3") == counts(var_dir / "roviec.sqlite3")


def test_backup_errors_are_one_line(tmp_path):
    """A backup that cannot be written says why in one line and exits non-zero."""
    var_dir = tmp_path / "var"
    assert roviec(var_dir, "manage", "migrate", "-v0").returncode == 0
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    result = roviec(var_dir, "backup", str(blocker / "sub"))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("roviec backup: "), result.stderr
    missing = roviec(var_dir, "restore", str(tmp_path / "none.tar.gz"))
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1 and "none.tar.gz" in missing.stderr


def test_sqlite_online_copy_is_consistent_while_a_writer_holds_the_wal(tmp_path):
    """The backup copy includes committed rows still in the WAL file, with the app running."""
    live = tmp_path / "live.sqlite3"
    writer = sqlite3.connect(live)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE t (n INTEGER)")
    writer.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(500)])
    writer.commit()
    assert (tmp_path / "live.sqlite3-wal").stat().st_size > 0
    copy = tmp_path / "copy.sqlite3"
    core_backup.sqlite_online_copy(live, copy)
    writer.close()
    check = sqlite3.connect(copy)
    assert check.execute("SELECT count(*), sum(n) FROM t").fetchone() == (500, sum(range(500)))
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()


def test_postgres_backup_without_pg_dump_says_what_to_run(monkeypatch, tmp_path):
    """Without pg_dump on the machine, the operator is told the exact command instead of a traceback."""
    from roviec.cli_commands import backup as backup_command

    monkeypatch.setattr(backup_command.shutil, "which", lambda name: None)
    with pytest.raises(core_backup.BackupError) as error:
        backup_command._pg_dump({"NAME": "roviec"}, tmp_path / "x.pgdump")
    assert "pg_dump --format=custom" in str(error.value) and "MEDIA_ROOT" in str(error.value)


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.mark.skipif(not _postgres_url(),
                    reason="PostgreSQL mode: runs in the suite's PostgreSQL run (DATABASE_URL)")
@pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"),
                    reason="needs pg_dump and pg_restore (Debian package postgresql-client)")
def test_postgres_backup_and_restore_with_pg_dump(tmp_path):
    """In production mode the archive carries a pg_dump that restores into an empty database."""
    import psycopg

    base = _postgres_url().rsplit("/", 1)[0]
    name = f"roviec_backup_{os.getpid()}"
    admin = psycopg.connect(f"{base}/postgres", autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    env = _env(tmp_path / "var") | {"DATABASE_URL": f"{base}/{name}",
                                     "DJANGO_SUPERUSER_PASSWORD": "Sao-Luu-Thu-2026"}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "roviec.cli", *args],  # noqa: S603 - our own CLI
                              env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False)

    try:
        assert run("manage", "migrate", "-v0").returncode == 0
        assert run("manage", "createsuperuser", "--noinput", "--username", "quantri",
                   "--email", "qt@example.org").returncode == 0
        made = run("backup", str(tmp_path / "backups"))
        assert made.returncode == 0, made.stderr
        (archive,) = (tmp_path / "backups").glob("*.tar.gz")
        members = _members(archive)
        assert json.loads(members["manifest.json"])["database"]["engine"] == "postgresql"
        assert members["database/roviec.pgdump"].startswith(b"PGDMP")

        refused = run("restore", str(archive))
        assert refused.returncode == 1 and "--force" in refused.stderr
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        restored = run("restore", str(archive))
        assert restored.returncode == 0, restored.stderr
        with psycopg.connect(f"{base}/{name}") as check:
            assert check.execute("SELECT username FROM auth_user").fetchall() == [("quantri",)]
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
