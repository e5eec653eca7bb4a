"""``roviec demo``: migrate the configured database and build the demo province in it."""

import sys

from roviec.cli_commands._django import setup_django

DEFAULT_PASSWORD = "RoViec-Demo-2026"  # noqa: S105 - printed demo password, demo data only


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "demo",
        help="tạo dữ liệu mẫu",
        description=(
            "Áp dụng migration cho cơ sở dữ liệu đã cấu hình (DATABASE_URL, mặc định SQLite trong var/) "
            "rồi tạo một tỉnh mẫu từ các văn bản mẫu: cây tổ chức, cán bộ và tài khoản theo vai trò, "
            "văn bản có quan hệ, nhiệm vụ ở mọi trạng thái. In ra các tài khoản mẫu."
        ),
    )
    parser.add_argument("--password", default=DEFAULT_PASSWORD,
                        help=f"mật khẩu cho mọi tài khoản mẫu (mặc định {DEFAULT_PASSWORD})")
    parser.add_argument("--scale", choices=("sample", "province"), default="sample",
                        help="sample: tỉnh mẫu từ các văn bản mẫu (mặc định); province: quy mô tỉnh "
                             "(khoảng 100 đơn vị, 20.000 nhiệm vụ, 100.000 báo cáo) để đo tốc độ")
    return parser


def run(args) -> int:
    setup_django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.core.management import call_command

    from roviec.demo.builder import DemoAlreadyBuilt, build_demo, existing_logins

    try:
        validate_password(args.password)
    except ValidationError as error:
        print(f"roviec demo: mật khẩu không đạt yêu cầu: {' '.join(error.messages)}", file=sys.stderr)
        return 2
    call_command("migrate", interactive=False, verbosity=0)
    try:
        if getattr(args, "scale", "sample") == "province":
            from roviec.demo.scale import build_province

            result = build_province(password=args.password)
        else:
            result = build_demo(password=args.password)
    except DemoAlreadyBuilt as error:
        print(f"roviec demo: {error} Giữ nguyên dữ liệu và mật khẩu đã có.", file=sys.stderr)
        _print_logins(existing_logins(), password=None)
        return 0
    reports = getattr(result, "reports", None)
    extra = f", {reports} báo cáo tiến độ" if reports is not None else ""
    print(f"Đã tạo tỉnh mẫu: {result.units} đơn vị, {result.documents} văn bản, "
          f"{result.tasks} nhiệm vụ{extra}.")
    _print_logins(result.logins, password=args.password)
    return 0


def _print_logins(logins, *, password: str | None) -> None:
    if not logins:
        return
    suffix = f" (mật khẩu: {password})" if password else " (mật khẩu đã đặt khi tạo dữ liệu mẫu)"
    print(f"Tài khoản mẫu{suffix}:")
    width = max(len(login.username) for login in logins)
    for login in logins:
        print(f"  {login.username:<{width}}  {login.role} — {login.unit}")
