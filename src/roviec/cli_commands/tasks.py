"""``roviec tasks import FILE [--dry-run] --assigned-by UNIT_CODE``: tasks from an Excel tracking sheet."""

import sys
from pathlib import Path

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "tasks",
        help="nhập nhiệm vụ từ bảng theo dõi Excel",
        description="Quản lý nhiệm vụ từ dòng lệnh.",
    )
    actions = parser.add_subparsers(dest="tasks_action", metavar="ACTION", required=True)
    importer = actions.add_parser(
        "import",
        help="nhập (hoặc kiểm tra) nhiệm vụ từ tệp .xlsx",
        description=(
            "Nhập nhiệm vụ từ bảng theo dõi Excel (.xlsx): các cột STT, Nội dung nhiệm vụ, Đơn vị chủ trì, "
            "Đơn vị phối hợp, Thời hạn, Sản phẩm, Ghi chú, nhận diện theo tiêu đề tiếng Việt. "
            "Có lỗi ở bất kỳ dòng nào thì không ghi gì."
        ),
    )
    importer.add_argument("file", help="tệp .xlsx")
    importer.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, liệt kê mọi dòng bị từ chối")
    importer.add_argument("--assigned-by", required=True, metavar="UNIT_CODE", help="mã đơn vị giao")
    importer.add_argument(
        "--user",
        metavar="USERNAME",
        help="tài khoản thực hiện (được ghi vào nhật ký); mặc định: quản trị hệ thống "
        "duy nhất, nếu chỉ có một",
    )
    importer.add_argument(
        "--source-document", metavar="ID_OR_SYMBOL", help="văn bản giao (mã số hoặc số, ký hiệu), nếu có"
    )
    return parser


def _fail(path, message: str, code: int = 2) -> int:
    print(f"roviec tasks: {path}: {message}", file=sys.stderr)
    return code


def _actor(username: str | None):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    if username:
        return users.filter(username=username).first(), f"không có tài khoản đang hoạt động “{username}”"
    admins = list(users.filter(is_superuser=True).order_by("pk")[:2])
    if len(admins) == 1:
        return admins[0], ""
    return None, "hãy chỉ rõ tài khoản thực hiện bằng --user"


def run(args) -> int:
    path = Path(args.file)
    if not path.is_file():
        return _fail(path, "không tìm thấy tệp")
    setup_django()
    from roviec.core.errors import ServiceError
    from roviec.documents.models import Document
    from roviec.orgs.models import OrgUnit
    from roviec.tasks.sheet_import import format_problems, import_task_sheet

    actor, problem = _actor(args.user)
    if actor is None:
        return _fail(path, problem)
    unit = OrgUnit.objects.filter(code=args.assigned_by).first()
    if unit is None:
        return _fail(path, f"không có đơn vị mã “{args.assigned_by}”")
    document = None
    if args.source_document:
        reference = args.source_document.strip()
        found = Document.objects.filter(symbol=reference)
        if reference.isdigit():
            found = found | Document.objects.filter(pk=int(reference))
        documents = list(found[:2])
        if len(documents) != 1:
            return _fail(path, f"không xác định được văn bản giao “{reference}”")
        document = documents[0]
    try:
        result = import_task_sheet(
            actor=actor,
            data=path.read_bytes(),
            filename=path.name,
            assigned_by_unit=unit,
            source_document=document,
            dry_run=args.dry_run,
        )
    except ServiceError as error:
        return _fail(path, error.message)
    except OSError as error:
        return _fail(path, f"không đọc được tệp ({error.strerror or error})")
    for line in format_problems(result):
        print(f"roviec tasks: {path}: {line}", file=sys.stderr)
    print(result.summary())
    return 1 if result.problems else 0
