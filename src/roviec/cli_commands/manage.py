"""``roviec manage``: Django's management commands (migrate, createsuperuser, ...)."""

import argparse

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "manage",
        help="lệnh quản trị Django",
        description="Chạy một lệnh quản trị Django, ví dụ: roviec manage createsuperuser.",
    )
    parser.add_argument("django_args", nargs=argparse.REMAINDER, help="lệnh và tham số của Django")
    return parser


def run(args) -> int:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["roviec manage", *args.django_args])
    return 0
