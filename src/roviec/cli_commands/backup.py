"""``roviec backup DEST``: one archive with the database, the uploaded files and a manifest.

Embedded mode (SQLite): an online copy through sqlite3's backup API, safe while
the app runs. PostgreSQL: ``pg_dump`` in custom format when the program is
installed, else a one-line message saying what to run. See docs/deployment.md.
The restoring side is ``roviec restore`` (cli_commands/restore.py).
"""

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "backup",
        help="sao lưu cơ sở dữ liệu và tệp đính kèm",
        description=(
            "Sao lưu cơ sở dữ liệu (SQLite: sao chép trực tuyến, an toàn khi ứng dụng đang chạy; "
            "PostgreSQL: pg_dump dạng custom), thư mục tệp tải lên (MEDIA_ROOT) và tệp manifest.json "
            "ghi mã SHA-256, dung lượng từng tệp, phiên bản ứng dụng và các migration đã áp dụng, "
            "vào một tệp roviec-backup-YYYYMMDD-HHMMSS.tar.gz. Khôi phục bằng: roviec restore."
        ),
    )
    parser.add_argument("dest", metavar="DEST",
                        help="thư mục đặt bản sao lưu, hoặc đường dẫn tệp kết thúc bằng .tar.gz")
    return parser


def app_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("roviec")
    except PackageNotFoundError:
        return "unknown"


def database_kind(settings_db: dict) -> str:
    engine = settings_db.get("ENGINE", "")
    if engine.endswith("sqlite3"):
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    return engine


def libpq_environment(settings_db: dict) -> dict:
    """The connection as libpq variables, so no password shows on a command line."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                     ("PASSWORD", "PGPASSWORD"), ("NAME", "PGDATABASE")):
        value = settings_db.get(key)
        if value not in (None, ""):
            env[var] = str(value)
    return env


PG_DUMP_HINT = ("cài gói postgresql-client (Debian) rồi chạy lại roviec backup, hoặc tự chạy: "
                'pg_dump --format=custom --file=roviec.pgdump "$DATABASE_URL" '
                "và sao chép cả thư mục tệp tải lên (MEDIA_ROOT)")


def run(args) -> int:
    setup_django()
    from django.conf import settings

    from roviec.core.backup import (
        PGDUMP_MEMBER,
        SQLITE_MEMBER,
        BackupError,
        media_files,
        sqlite_applied_migrations,
        sqlite_online_copy,
        write_archive,
    )

    settings_db = settings.DATABASES["default"]
    kind = database_kind(settings_db)
    media_root = Path(settings.MEDIA_ROOT)
    now = datetime.datetime.now().astimezone()
    try:
        with tempfile.TemporaryDirectory(prefix="roviec-backup-") as work:
            work = Path(work)
            if kind == "sqlite":
                copy = work / "roviec.sqlite3"
                sqlite_online_copy(Path(settings_db["NAME"]), copy)
                database_member = SQLITE_MEMBER
                migrations = sqlite_applied_migrations(copy)
            elif kind == "postgresql":
                copy = work / "roviec.pgdump"
                migrations = _postgres_migrations()
                _pg_dump(settings_db, copy)
                database_member = PGDUMP_MEMBER
            else:
                raise BackupError(settings_db.get("ENGINE", "?"), "chỉ sao lưu được SQLite và PostgreSQL")
            files = [(database_member, copy), *media_files(media_root)]
            info = {
                "app_version": app_version(),
                "database": {"engine": kind, "path": database_member},
                "migrations": migrations,
            }
            target, entries = write_archive(destination=Path(args.dest), files=files, info=info, now=now)
    except BackupError as error:
        print(f"roviec backup: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"roviec backup: {error.filename or args.dest}: {error.strerror or error}", file=sys.stderr)
        return 1
    total = sum(entry.size for entry in entries)
    uploads = len(entries) - 1
    print(f"Đã sao lưu vào {target}: cơ sở dữ liệu và {uploads} tệp tải lên "
          f"({_human_size(total)} trước khi nén, {_human_size(target.stat().st_size)} sau khi nén).")
    return 0


def _postgres_migrations() -> dict[str, list[str]]:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied: dict[str, list[str]] = {}
    rows = MigrationRecorder(connection).migration_qs.order_by("app", "id").values_list("app", "name")
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    connection.close()
    return applied


def _pg_dump(settings_db: dict, target: Path) -> None:
    from roviec.core.backup import BackupError

    program = shutil.which("pg_dump")
    if program is None:
        raise BackupError("pg_dump", f"không tìm thấy chương trình pg_dump; {PG_DUMP_HINT}")
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are ours
        [program, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        env=libpq_environment(settings_db), capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        reason = " ".join(result.stderr.split()) or f"mã thoát {result.returncode}"
        raise BackupError("pg_dump", f"không sao lưu được cơ sở dữ liệu: {reason}")


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("byte", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "byte" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} byte"
