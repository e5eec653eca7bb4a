"""``roviec serve``: run the web app with waitress (a production WSGI server)."""

import os
import sys

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "serve",
        help="chạy ứng dụng web",
        description="Chạy ứng dụng web bằng máy chủ WSGI waitress (áp dụng migration trước khi chạy).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    parser.add_argument("--threads", type=int, default=8, help="số luồng xử lý (mặc định 8)")
    parser.add_argument("--no-migrate", action="store_true", help="không tự áp dụng migration")
    parser.add_argument("--trusted-proxy", default=os.environ.get("ROVIEC_TRUSTED_PROXY", "127.0.0.1"),
                        help="địa chỉ của reverse proxy được tin các tiêu đề X-Forwarded-Proto/-For "
                             "(mặc định 127.0.0.1; biến môi trường ROVIEC_TRUSTED_PROXY)")
    return parser


def run(args) -> int:
    setup_django()
    from django.core.management import call_command

    if not args.no_migrate:
        call_command("migrate", interactive=False, verbosity=0)
    from waitress import serve

    from roviec.notifications.runner import start_embedded_worker
    from roviec.wsgi import application

    # Embedded mode: reminders and long jobs run in this process, no extra server.
    # With ROVIEC_JOBS_URL=redis://... they run in `roviec worker` processes instead.
    if start_embedded_worker() is not None:
        print("Bộ chạy tác vụ nền: nhúng trong tiến trình này.", file=sys.stderr)

    print(f"Rõ Việc đang chạy tại http://{args.host}:{args.port}/  (Ctrl+C để dừng)", file=sys.stderr)
    # Behind nginx/Caddy: trust the proxy's scheme and client address (HTTPS detection, login
    # throttling per client); waitress drops these headers from anyone else.
    proxy = {"trusted_proxy": args.trusted_proxy,
             "trusted_proxy_headers": {"x-forwarded-proto", "x-forwarded-for"}} if args.trusted_proxy else {}
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="roviec", **proxy)
    return 0
