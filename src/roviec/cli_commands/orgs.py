"""``roviec orgs import FILE [--dry-run]``: load the organisation tree from CSV or XLSX."""

import sys
from pathlib import Path

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "orgs",
        help="nhập cây tổ chức từ CSV/XLSX",
        description="Quản lý cây tổ chức từ dòng lệnh.",
    )
    actions = parser.add_subparsers(dest="orgs_action", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import",
        help="nhập (hoặc kiểm tra) cây tổ chức",
        description=(
            "Nhập cây tổ chức từ tệp CSV hoặc XLSX (cột: code, kind, name, short_name, aliases, parent_code, "
            "valid_from, valid_to; chấp nhận cả tiêu đề tiếng Việt). "
            "Có lỗi ở bất kỳ dòng nào thì không ghi gì."
        ),
    )
    importer.add_argument("file", help="tệp .csv hoặc .xlsx")
    importer.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, liệt kê mọi dòng bị từ chối")
    return parser


def run(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        print(f"roviec orgs: {path}: không tìm thấy tệp", file=sys.stderr)
        return 2
    setup_django()
    from roviec.core.errors import ServiceError
    from roviec.orgs.tree_io import format_problems, import_tree_file

    try:
        result = import_tree_file(path, dry_run=args.dry_run)
    except ServiceError as error:
        print(f"roviec orgs: {path}: {error.message}", file=sys.stderr)
        return 2
    for line in format_problems(result):
        print(f"roviec orgs: {path}: {line}", file=sys.stderr)
    print(result.summary())
    return 1 if result.problems else 0
