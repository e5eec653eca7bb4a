"""Backup archives of an installation: the database, the uploaded files and a manifest.

Framework-light: everything here works on paths, so it is tested without a
server; ``roviec backup`` and ``roviec restore`` (cli_commands/backup.py) feed
it Django's settings.

An archive is one ``.tar.gz`` whose first member is ``manifest.json``::

    {"format": "roviec-backup", "format_version": 1, "created_at": "...",
     "app_version": "0.1.0", "database": {"engine": "sqlite", "path": "database/roviec.sqlite3"},
     "migrations": {"tasks": ["0001_initial", ...], ...},
     "files": [{"path": "database/roviec.sqlite3", "sha256": "...", "size": 123}, ...]}

followed by every file the manifest lists and nothing else. Restoring reads
the archive once, in order, writing each member into a staging folder and
checking its size and SHA-256 against the manifest; a damaged or altered
archive is refused, naming the member, before anything in the installation
is touched.
"""

import datetime
import gzip
import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

FORMAT = "roviec-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/roviec.sqlite3"
PGDUMP_MEMBER = "database/roviec.pgdump"
FILES_PREFIX = "files/"
# Probe files written by ``roviec check`` are not data.
SKIPPED_MEDIA_DIRS = {"_check"}
CHUNK = 1024 * 1024
MAX_MANIFEST_BYTES = 64 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; ``subject`` names the file concerned."""

    def __init__(self, subject: str, message: str):
        super().__init__(f"{subject}: {message}")
        self.subject = subject
        self.message = message


@dataclass(frozen=True)
class Entry:
    path: str  # POSIX path inside the archive
    sha256: str
    size: int


def file_digest(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def archive_name(now: datetime.datetime) -> str:
    return f"roviec-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


# --- making a backup ----------------------------------------------------------------------------


def sqlite_online_copy(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database through sqlite3's backup API.

    Safe while the app runs (WAL readers and writers go on); the copy is a
    single self-contained file in rollback-journal mode.
    """
    if not source.is_file():
        raise BackupError(str(source), "không có tệp cơ sở dữ liệu")
    # Not opened read-only: a WAL database needs its -shm file, which a reader may have to create.
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
            dst.commit()
        finally:
            dst.close()
    except sqlite3.Error as error:
        raise BackupError(str(source), f"không sao chép được cơ sở dữ liệu: {error}") from error
    finally:
        src.close()


def sqlite_applied_migrations(database: Path) -> dict[str, list[str]]:
    """Applied migrations recorded in a SQLite database, by app."""
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT app, name FROM django_migrations ORDER BY app, id").fetchall()
    except sqlite3.Error:
        rows = []
    finally:
        connection.close()
    applied: dict[str, list[str]] = {}
    for app, name in rows:
        applied.setdefault(app, []).append(name)
    return applied


def media_files(media_root: Path | None) -> list[tuple[str, Path]]:
    """(archive path, file) for every regular file under the uploads folder, sorted."""
    if media_root is None or not media_root.is_dir():
        return []
    found = []
    for folder, dirnames, filenames in os.walk(media_root):
        relative_folder = Path(folder).relative_to(media_root)
        if relative_folder == Path("."):
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_MEDIA_DIRS]
        dirnames.sort()
        for filename in sorted(filenames):
            path = Path(folder) / filename
            if path.is_symlink() or not path.is_file():
                continue
            found.append((FILES_PREFIX + (relative_folder / filename).as_posix(), path))
    return found


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile and hashes what it hands over."""

    def __init__(self, handle):
        self._handle = handle
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self._handle.read(size)
        self.digest.update(data)
        return data


def write_archive(*, destination: Path, files: list[tuple[str, Path]], info: dict,
                  now: datetime.datetime) -> tuple[Path, list[Entry]]:
    """Write ``files`` (archive path, source) and their manifest into one .tar.gz.

    ``destination`` is a folder (the archive is named with the date) or a path
    ending in ``.tar.gz``. Written under a temporary name and renamed at the
    end, so a failed backup never leaves a half archive with the final name.
    """
    if destination.name.endswith(".tar.gz"):
        target = destination
    else:
        destination.mkdir(parents=True, exist_ok=True)
        target = destination / archive_name(now)
    if target.exists():
        raise BackupError(str(target), "đã có tệp này, không ghi đè")
    target.parent.mkdir(parents=True, exist_ok=True)

    entries = []
    for name, path in files:
        sha256, size = file_digest(path)
        entries.append(Entry(name, sha256, size))
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": now.isoformat(timespec="seconds"),
        **info,
        "files": [{"path": e.path, "sha256": e.sha256, "size": e.size} for e in entries],
    }
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")

    partial = target.with_name(f".{target.name}.partial")
    try:
        with tarfile.open(partial, "w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as archive:
            info_member = tarfile.TarInfo(MANIFEST)
            info_member.size = len(manifest_bytes)
            info_member.mtime = int(now.timestamp())
            info_member.mode = 0o644
            archive.addfile(info_member, io.BytesIO(manifest_bytes))
            for entry, (_name, path) in zip(entries, files, strict=True):
                member = tarfile.TarInfo(entry.path)
                member.size = entry.size
                member.mtime = int(path.stat().st_mtime)
                member.mode = 0o644
                with open(path, "rb") as handle:
                    reader = _HashingReader(handle)
                    archive.addfile(member, reader)
                if reader.digest.hexdigest() != entry.sha256:
                    raise BackupError(entry.path, "tệp thay đổi trong khi sao lưu; hãy chạy lại")
        os.replace(partial, target)
    except (OSError, tarfile.TarError) as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError) and getattr(error, "filename", None):
            raise BackupError(str(error.filename), error.strerror or str(error)) from error
        raise BackupError(str(target), str(error)) from error
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target, entries


# --- reading a backup ---------------------------------------------------------------------------


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in name:
        raise BackupError(name, "đường dẫn không hợp lệ trong bản sao lưu")
    return path


def _parse_manifest(data: bytes, subject: str) -> tuple[dict, dict[str, Entry]]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BackupError(MANIFEST, f"không đọc được ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(subject, "không phải bản sao lưu của Rõ Việc")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(subject, f"phiên bản định dạng {manifest.get('format_version')} không được hỗ trợ")
    entries: dict[str, Entry] = {}
    try:
        for item in manifest["files"]:
            entry = Entry(str(item["path"]), str(item["sha256"]), int(item["size"]))
            _safe_member_path(entry.path)
            if entry.path == MANIFEST or entry.path in entries:
                raise BackupError(entry.path, "tên tệp lặp lại trong manifest.json")
            entries[entry.path] = entry
    except (KeyError, TypeError, ValueError) as error:
        raise BackupError(MANIFEST, f"thiếu hoặc sai thông tin tệp ({error})") from error
    return manifest, entries


def _copy_checked(source, target: Path, entry: Entry) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with open(target, "wb") as out:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    if size != entry.size:
        raise BackupError(entry.path, f"dung lượng {size} byte, manifest ghi {entry.size} byte (tệp bị hỏng)")
    if digest.hexdigest() != entry.sha256:
        raise BackupError(entry.path, "mã SHA-256 không khớp với manifest (tệp bị hỏng hoặc bị sửa)")


def extract_verified(source: Path, staging: Path) -> dict:
    """Unpack ``source`` (a .tar.gz, or a folder holding an unpacked one) into ``staging``.

    Every file is checked against the manifest as it is written; the first
    problem raises BackupError naming the file. Returns the manifest.
    """
    if not source.exists():
        raise BackupError(str(source), "không có tệp hoặc thư mục này")
    try:
        if source.is_dir():
            return _extract_folder(source, staging)
        return _extract_archive(source, staging)
    except BackupError as error:
        if error.subject == str(source):
            raise
        raise BackupError(f"{source}: {error.subject}", error.message) from error


def _extract_archive(source: Path, staging: Path) -> dict:
    current = str(source)
    manifest = None
    entries: dict[str, Entry] = {}
    seen: set[str] = set()
    try:
        # gzip.open checks the CRC and length at the end, which tarfile's stream mode does not.
        with gzip.open(source, "rb") as compressed, tarfile.open(fileobj=compressed, mode="r|") as archive:
            for member in archive:
                current = member.name
                if manifest is None:
                    if member.name != MANIFEST or not member.isfile() or member.size > MAX_MANIFEST_BYTES:
                        raise BackupError(str(source), "thiếu manifest.json ở đầu bản sao lưu")
                    manifest, entries = _parse_manifest(archive.extractfile(member).read(), str(source))
                    continue
                if member.isdir():
                    continue
                entry = entries.get(member.name)
                if entry is None or not member.isfile():
                    raise BackupError(member.name, "tệp không có trong manifest.json")
                if member.name in seen:
                    raise BackupError(member.name, "tệp xuất hiện hai lần trong bản sao lưu")
                seen.add(member.name)
                _copy_checked(archive.extractfile(member), staging / _safe_member_path(member.name), entry)
                current = f"sau {member.name}"
            current = "phần cuối tệp nén"
            while compressed.read(CHUNK):
                pass
    except (tarfile.TarError, zlib.error, gzip.BadGzipFile, EOFError) as error:
        reason = str(error) or type(error).__name__
        raise BackupError(current, f"bản sao lưu bị hỏng, không đọc được ({reason})") from error
    if manifest is None:
        raise BackupError(str(source), "bản sao lưu trống, thiếu manifest.json")
    missing = sorted(set(entries) - seen)
    if missing:
        raise BackupError(missing[0], "có trong manifest.json nhưng thiếu trong bản sao lưu")
    return manifest


def _extract_folder(source: Path, staging: Path) -> dict:
    manifest_path = source / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(str(source), "thư mục không có manifest.json")
    manifest, entries = _parse_manifest(manifest_path.read_bytes(), str(source))
    for entry in entries.values():
        path = source / _safe_member_path(entry.path)
        if not path.is_file():
            raise BackupError(entry.path, "có trong manifest.json nhưng thiếu trong thư mục")
        with open(path, "rb") as handle:
            _copy_checked(handle, staging / entry.path, entry)
    return manifest


# --- putting a verified backup in place ---------------------------------------------------------


def sqlite_has_data(database: Path) -> bool:
    """True when a SQLite database holds any user account (a migrated empty one does not count)."""
    if not database.is_file() or database.stat().st_size == 0:
        return False
    try:
        connection = sqlite3.connect(database, timeout=30)
        try:
            rows = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            tables = {row[0] for row in rows}
            if "auth_user" not in tables:
                return False  # not migrated yet
            return connection.execute("SELECT EXISTS (SELECT 1 FROM auth_user)").fetchone()[0] == 1
        finally:
            connection.close()
    except sqlite3.Error:
        return True  # unreadable: never assume it is empty


def folder_has_files(folder: Path) -> bool:
    return bool(media_files(folder))


def _same_device(a: Path, b: Path) -> bool:
    return a.stat().st_dev == b.stat().st_dev


def _sqlite_side_files(database: Path) -> list[Path]:
    return [database, database.with_name(database.name + "-wal"), database.with_name(database.name + "-shm"),
            database.with_name(database.name + "-journal")]


def install_staged(*, staging: Path, database: Path | None, media_root: Path,
                   keep: Path) -> list[Path]:
    """Swap the staged database and uploads into place; the replaced ones go under ``keep``.

    Each swap is a rename on one filesystem (staging sits beside the database;
    uploads on another filesystem are first copied beside MEDIA_ROOT), so a
    reader sees either the old or the new data, never a mix inside one file.
    If the second swap fails, the first is undone. Returns what was kept.
    """
    moves: list[tuple[Path, Path]] = []  # (from, to) done so far, for rollback

    def move(src: Path, dst: Path) -> None:
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)
        moves.append((src, dst))

    staged_media = staging / FILES_PREFIX.rstrip("/")
    staged_media.mkdir(parents=True, exist_ok=True)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    if not _same_device(staged_media, media_root.parent):
        beside = media_root.with_name(f".{media_root.name}.restore-{keep.name}")
        shutil.copytree(staged_media, beside)
        staged_media = beside
    kept: list[Path] = []
    try:
        if database is not None:
            for side in _sqlite_side_files(database):
                if side.exists():
                    move(side, keep / side.name)
                    kept.append(keep / side.name)
            move(staging / SQLITE_MEMBER, database)
        if media_root.exists():
            media_keep = keep / "files" if _same_device(media_root, keep.parent) else \
                media_root.with_name(f"{media_root.name}.{keep.name}")
            move(media_root, media_keep)
            kept.append(media_keep)
        move(staged_media, media_root)
    except OSError:
        for src, dst in reversed(moves):
            try:
                os.replace(dst, src)
            except OSError:
                pass
        raise
    return kept
