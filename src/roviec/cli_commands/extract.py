"""``roviec extract``: run the document engine on files and print what it found.

One file: ``--json`` (default) prints the schema JSON, ``--text`` the plain text the offsets
index. Several files or a folder (or ``--jsonl``): one JSON object per file per line, in
parallel on all cores, a progress bar on stderr; a bad file gives ``{"source", "error"}``
and the batch goes on. A single unreadable file exits 2 with one line on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from pathlib import Path

_SUFFIXES = {".txt", ".docx", ".pdf"}


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "extract",
        help="phân tích văn bản: trích dẫn, chú thích, thời hạn, nơi nhận, chữ ký",
        description=(
            "Phân tích tệp văn bản (TXT, DOCX, PDF): loại văn bản, trích yếu, cơ quan ban hành, "
            "chữ ký, nơi nhận, các văn bản được trích dẫn, chú thích và thời hạn. "
            "Offsets in the output index the text printed by --text."
        ),
    )
    parser.add_argument("files", nargs="+", help="tệp hoặc thư mục cần phân tích")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="in JSON theo lược đồ (mặc định với một tệp)")
    mode.add_argument("--text", action="store_true", help="in văn bản thuần mà các offset tham chiếu")
    mode.add_argument("--jsonl", action="store_true", help="mỗi tệp một dòng JSON (mặc định với nhiều tệp)")
    parser.add_argument("--jobs", type=int, default=None, help="số tiến trình song song (mặc định: số lõi)")
    parser.add_argument("--date", default=None, help="ngày văn bản (dd/mm/yyyy) để tính thời hạn tương đối")
    parser.add_argument(
        "--days-off", default="", metavar="NGÀY,...",
        help="ngày nghỉ bù, nghỉ thêm do Chính phủ công bố (dd/mm/yyyy, cách nhau bởi dấu phẩy)",
    )
    parser.add_argument(
        "--working-days", default="", metavar="NGÀY,...",
        help="ngày làm bù (thứ Bảy đi làm) do Chính phủ công bố (dd/mm/yyyy, cách nhau bởi dấu phẩy)",
    )
    parser.add_argument(
        "--orgs", default=None, metavar="CSV",
        help="danh sách đơn vị (CSV xuất từ cây tổ chức: cột name, short_name, aliases) để nhận ra "
             "đơn vị chủ trì, phối hợp trong nhiệm vụ",
    )
    parser.set_defaults(func=run)
    return parser


class _Unreadable(Exception):
    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason


def _read(path: str) -> str:
    from roviec.engine.read import ReadError, read_path

    try:
        return read_path(path).text
    except ReadError as exc:
        raise _Unreadable(path, exc.reason) from None
    except OSError as exc:
        raise _Unreadable(path, f"không đọc được tệp / cannot read file ({exc.strerror or exc})") from None


def _parse_date(text: str | None, option: str = "--date") -> date | None:
    if not text:
        return None
    from datetime import datetime

    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    print(f"roviec extract: {option}: ngày không hợp lệ / invalid date: {text}", file=sys.stderr)
    raise SystemExit(2)


def _dates(text: str, option: str) -> list[date]:
    return [_parse_date(part.strip(), option) for part in (text or "").split(",") if part.strip()]


def load_organizations(path: str) -> tuple:
    """Units from a CSV with a name column and optional short name and ";"-separated aliases."""
    import csv

    from roviec.engine.taskfind.models import Organization

    try:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SystemExit(f"roviec extract: {path}: không đọc được danh sách đơn vị ({exc})") from None
    organizations = []
    for row in rows:
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        name = row.get("name") or row.get("tên") or ""
        if not name:
            continue
        aliases = [a.strip() for a in (row.get("aliases") or row.get("tên gọi khác") or "").split(";")]
        aliases.append(row.get("short_name") or row.get("tên viết tắt") or "")
        organizations.append(Organization(name, tuple(a for a in aliases if a)))
    if not organizations:
        raise SystemExit(f"roviec extract: {path}: không có đơn vị nào (cần cột name)")
    return tuple(organizations)


def _calendar(args):
    """The working-day calendar with the days the Government moved (None: the default one)."""
    days_off = _dates(getattr(args, "days_off", ""), "--days-off")
    working = _dates(getattr(args, "working_days", ""), "--working-days")
    if not days_off and not working:
        return None
    from roviec.engine.calendar import WorkCalendar

    return WorkCalendar.with_changes(days_off=days_off, working_days=working)


def extract_file(path: str, document_date: date | None = None, organizations: tuple = (),
                 calendar=None) -> dict:
    """Read and analyse one file; the JSON dict (raises _Unreadable)."""
    from roviec.engine.jsonout import extraction_to_dict
    from roviec.engine.pipeline import extract

    text = _read(path)
    if not text.strip():
        raise _Unreadable(path, "tệp không có nội dung văn bản / no text in file")
    found = extract(text, document_date=document_date, organizations=organizations, calendar=calendar)
    return extraction_to_dict(found, os.path.basename(path))


def _worker(path: str, document_date: date | None, organizations: tuple = (), calendar=None) -> str:
    try:
        result = extract_file(path, document_date, organizations, calendar)
    except _Unreadable as exc:
        result = {"source": os.path.basename(path), "error": exc.reason}
    except Exception as exc:  # a bug must not stop a batch of thousands
        result = {"source": os.path.basename(path), "error": f"lỗi nội bộ / internal error: {exc!r}"}
    return json.dumps(result, ensure_ascii=False)


def _expand(paths: list[str]) -> Iterator[str]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in _SUFFIXES:
                    yield str(child)
        else:
            yield p


def _progress(total: int):
    try:
        from tqdm import tqdm

        return tqdm(total=total, file=sys.stderr, unit="tệp", disable=not sys.stderr.isatty())
    except ImportError:  # pragma: no cover - tqdm ships with the dev extras

        class _Simple:
            def __init__(self):
                self.n = 0

            def update(self, k: int = 1) -> None:
                self.n += k
                print(f"\r{self.n}/{total}", end="", file=sys.stderr)

            def close(self) -> None:
                print(file=sys.stderr)

        return _Simple()


def run(args) -> int:
    document_date = _parse_date(getattr(args, "date", None))
    organizations = load_organizations(args.orgs) if getattr(args, "orgs", None) else ()
    calendar = _calendar(args)
    files = list(_expand(args.files))
    batch = args.jsonl or len(files) != 1 or any(Path(p).is_dir() for p in args.files)
    if not batch:
        path = files[0]
        try:
            if args.text:
                sys.stdout.write(_read(path))
                return 0
            result = extract_file(path, document_date, organizations, calendar)
        except _Unreadable as exc:
            print(f"roviec extract: {path}: {exc.reason}", file=sys.stderr)
            return 2
        json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if args.text:
        print("roviec extract: --text nhận một tệp / --text takes one file", file=sys.stderr)
        return 2
    bar = _progress(len(files))
    jobs = args.jobs or os.cpu_count() or 1
    try:
        if jobs <= 1 or len(files) == 1:
            for path in files:
                print(_worker(path, document_date, organizations, calendar), flush=True)
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = [pool.submit(_worker, path, document_date, organizations, calendar)
                           for path in files]
                for future in as_completed(futures):
                    print(future.result(), flush=True)
                    bar.update(1)
    finally:
        bar.close()
    return 0

