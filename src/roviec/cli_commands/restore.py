"""``roviec restore SRC``: put an archive made by ``roviec backup`` back, checked first.

Every file is checked against the manifest's SHA-256 before anything in the
installation is touched; a non-empty installation is replaced only with
``--force`` (the replaced data is kept in a ``before-restore-…`` folder); the
database and the uploads folder are swapped in by renames from a staging folder.
Stop the app (``systemctl stop roviec``) before restoring.
"""

import datetime
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from roviec.cli_commands._django import setup_django
from roviec.cli_commands.backup import database_kind, libpq_environment


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "restore",
        help="khôi phục từ bản sao lưu",
        description=(
            "Khôi phục cơ sở dữ liệu và tệp tải lên từ một bản sao lưu của roviec backup. "
            "Kiểm tra mã SHA-256 của mọi tệp trước khi thay đổi bất cứ thứ gì; không ghi đè "
            "một cài đặt đã có dữ liệu trừ khi có --force (dữ liệu cũ được giữ trong thư mục "
            "before-restore-…). Hãy dừng ứng dụng trước khi khôi phục."
        ),
    )
    parser.add_argument("src", metavar="SRC", help="tệp .tar.gz của roviec backup (hoặc thư mục đã giải nén)")
    parser.add_argument("--force", action="store_true",
                        help="ghi đè cài đặt đang có dữ liệu (dữ liệu cũ được giữ lại bên cạnh)")
    parser.add_argument("--verify-only", action="store_true",
                        help="chỉ kiểm tra bản sao lưu, không thay đổi gì (diễn tập khôi phục)")
    return parser


def run(args) -> int:
    setup_django()
    from roviec.core.backup import BackupError

    try:
        return _restore(args)
    except BackupError as error:
        print(f"roviec restore: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"roviec restore: {error.filename or args.src}: {error.strerror or error}", file=sys.stderr)
        return 1


def _restore(args) -> int:
    from django.conf import settings

    from roviec.core.backup import (
        PGDUMP_MEMBER,
        BackupError,
        extract_verified,
        folder_has_files,
        install_staged,
        sqlite_has_data,
    )

    source = Path(args.src)
    settings_db = settings.DATABASES["default"]
    kind = database_kind(settings_db)
    media_root = Path(settings.MEDIA_ROOT)
    if kind == "sqlite":
        database = Path(settings_db["NAME"])
        work_parent = database.parent
    elif kind == "postgresql":
        database = None
        work_parent = media_root.parent
    else:
        raise BackupError(settings_db.get("ENGINE", "?"), "chỉ khôi phục được SQLite và PostgreSQL")

    if not args.verify_only and not args.force:
        has_data = sqlite_has_data(database) if database is not None else _postgres_has_data()
        if has_data or folder_has_files(media_root):
            where = database if database is not None else settings_db.get("NAME")
            raise BackupError(str(where), "cài đặt này đã có dữ liệu; không ghi đè "
                                          "(dùng --force để thay thế, dữ liệu cũ được giữ lại)")

    work_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".roviec-restore-", dir=work_parent))
    try:
        manifest = extract_verified(source, staging)
        backup_kind = manifest.get("database", {}).get("engine")
        count = len(manifest["files"])
        if args.verify_only:
            print(f"Bản sao lưu {source} nguyên vẹn: {count} tệp khớp mã SHA-256 "
                  f"(tạo lúc {manifest.get('created_at')}, phiên bản {manifest.get('app_version')}).")
            return 0
        if backup_kind != kind:
            raise BackupError(str(source), f"bản sao lưu của cơ sở dữ liệu {backup_kind}, "
                                           f"cài đặt này dùng {kind}; không khôi phục chéo được")
        unknown = _unknown_migrations(manifest.get("migrations", {}))
        if unknown:
            raise BackupError(str(source), f"bản sao lưu từ phiên bản mới hơn (migration {unknown[0]} "
                                           "không có ở phiên bản này); hãy cài phiên bản mới rồi khôi phục")
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        keep = work_parent / f"before-restore-{stamp}"
        if kind == "postgresql":
            _pg_restore(settings_db, staging / PGDUMP_MEMBER, clean=args.force)
        kept = install_staged(staging=staging, database=database, media_root=media_root, keep=keep)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    print(f"Đã khôi phục từ {source}: {count} tệp, đều khớp mã SHA-256 "
          f"(bản sao lưu lúc {manifest.get('created_at')}, phiên bản {manifest.get('app_version')}).")
    if kept:
        print(f"Dữ liệu cũ được giữ tại {keep}; xóa khi không cần nữa.")
    pending = _pending_after(manifest.get("migrations", {}))
    if pending:
        print(f"Bản sao lưu còn {pending} migration chưa áp dụng: "
              "chạy roviec manage migrate rồi roviec check.")
    return 0


def _known_migrations() -> set[tuple[str, str]]:
    from django.db.migrations.loader import MigrationLoader

    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def _unknown_migrations(applied: dict) -> list[str]:
    known = _known_migrations()
    return [f"{app}.{name}" for app, names in sorted(applied.items()) for name in names
            if (app, name) not in known]


def _pending_after(applied: dict) -> int:
    done = {(app, name) for app, names in applied.items() for name in names}
    return len(_known_migrations() - done)


def _postgres_has_data() -> bool:
    from django.db import connection

    try:
        if "auth_user" not in connection.introspection.table_names():
            return False
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM auth_user)")
            return bool(cursor.fetchone()[0])
    finally:
        connection.close()


def _pg_restore(settings_db: dict, dump: Path, *, clean: bool) -> None:
    from roviec.core.backup import BackupError

    program = shutil.which("pg_restore")
    if program is None:
        raise BackupError("pg_restore", "không tìm thấy chương trình pg_restore; cài gói postgresql-client, "
                                        "hoặc giải nén bản sao lưu và chạy: pg_restore --single-transaction "
                                        '--no-owner --no-privileges --dbname="$DATABASE_URL" '
                                        "database/roviec.pgdump")
    command = [program, "--single-transaction", "--no-owner", "--no-privileges", "--exit-on-error"]
    if clean:
        command += ["--clean", "--if-exists"]
    result = subprocess.run(  # noqa: S603 - fixed program, arguments are ours
        [*command, f"--dbname={settings_db['NAME']}", str(dump)],
        env=libpq_environment(settings_db), capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        reason = " ".join(result.stderr.split())[:300] or f"mã thoát {result.returncode}"
        raise BackupError("pg_restore", f"không khôi phục được cơ sở dữ liệu (không thay đổi gì): {reason}")
