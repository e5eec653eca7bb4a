"""``roviec worker``: run the background job consumer (reminders, escalations, e-mails).

With the embedded SQLite queue ``roviec serve`` already runs one in-process;
with Redis (ROVIEC_JOBS_URL=redis://...) run one or more of these beside the
web servers. ``--once`` runs today's follow-up synchronously and exits (for cron).
"""

import datetime
import sys

from roviec.cli_commands._django import setup_django


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "worker",
        help="chạy tiến trình xử lý công việc nền (nhắc việc, đôn đốc, gửi thư)",
        description=(
            "Chạy tiến trình xử lý hàng đợi công việc nền: nhắc hạn, báo quá hạn, báo cáo lãnh đạo, "
            "gửi thư điện tử. Dùng khi hàng đợi là Redis (ROVIEC_JOBS_URL); ở chế độ nhúng, "
            "roviec serve đã tự chạy tiến trình này."
        ),
    )
    parser.add_argument("--workers", type=int, default=None, help="số luồng xử lý (mặc định theo cấu hình)")
    parser.add_argument("--no-periodic", action="store_true",
                        help="không tự lập lịch công việc định kỳ (khi đã có tiến trình khác lập lịch)")
    parser.add_argument("--once", action="store_true",
                        help="chạy đôn đốc một lần cho ngày hôm nay (hoặc --date) rồi thoát")
    parser.add_argument("--date", default=None, help="ngày chạy đôn đốc với --once, dạng dd/mm/yyyy")
    return parser


def _parse_date(text: str) -> datetime.date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(text)


def run(args) -> int:
    setup_django()
    if args.once:
        from django.utils import timezone

        from roviec.notifications.scheduler import run_followups

        try:
            day = _parse_date(args.date) if args.date else timezone.localdate()
        except ValueError:
            print(f"roviec worker: ngày không hợp lệ “{args.date}”, cần dạng dd/mm/yyyy.", file=sys.stderr)
            return 2
        summary = run_followups(day)
        print(f"roviec worker: ngày {day:%d/%m/%Y}: {summary.delivered} thông báo mới "
              f"(trên {summary.planned} theo lịch), gửi lại {summary.emails_resent} thư.")
        return 0
    from roviec.notifications.runner import run_worker

    try:
        run_worker(workers=args.workers, periodic=not args.no_periodic)
    except RuntimeError as error:
        print(f"roviec worker: {error}", file=sys.stderr)
        return 2
    return 0
