"""The ``roviec`` command: one entry point, one module per subcommand.

Each module in ``roviec.cli_commands`` exposes ``add_parser(subparsers)`` and
``run(args) -> int``. Subcommands that need Django set it up themselves, so
``roviec extract`` stays framework-free and fast to start.
"""

import argparse
import importlib
import os
import pkgutil
import sys

import roviec.cli_commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roviec",
        description="Rõ Việc: theo dõi thực hiện nhiệm vụ từ văn bản đến kết quả.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_info in sorted(pkgutil.iter_modules(roviec.cli_commands.__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"roviec.cli_commands.{module_info.name}")
        sub = module.add_parser(subparsers)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `roviec extract ... | head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
