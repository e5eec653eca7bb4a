"""``roviec check``: a deployment self-check an operator runs after installing."""

import sys

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    return subparsers.add_parser(
        "check",
        help="tự kiểm tra cấu hình triển khai",
        description=(
            "Kiểm tra cấu hình triển khai: các kiểm tra bảo mật của Django (check --deploy), "
            "kết nối cơ sở dữ liệu, migration đã áp dụng, thư mục lưu tệp ghi được, "
            "biến môi trường ROVIEC_* gõ sai tên."
        ),
    )


def run(args) -> int:
    setup_django()
    from roviec.core.deploy_check import run_deploy_checks

    problems = run_deploy_checks()
    for problem in problems:
        print(f"roviec check: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("roviec check: cấu hình triển khai đạt yêu cầu.")
    return 0
