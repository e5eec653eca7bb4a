"""How fast the dashboards and the busiest lists answer on a province: median ms per page, queries.

Builds (or reuses) a province-sized SQLite database with ``roviec demo --scale province``
(about 100 units, 20,000 tasks, 100,000 progress reports) in a temporary folder, then
requests each page through Django's test client as the office, a leader and a commune's
focal point. The target is under 300 ms per dashboard page.

    .venv/bin/python benchmarks/dashboard_speed.py [--db PATH] [--runs 7] [--rebuild]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_DB = Path(tempfile.gettempdir()) / "roviec-bench" / "province.sqlite3"
PASSWORD = "RoViec-Bench-2026"  # noqa: S105 - throwaway benchmark accounts
TARGET_MS = 300


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"SQLite file (default {DEFAULT_DB})")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per page (default 7)")
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    args = parser.parse_args()

    if args.rebuild and args.db.exists():
        args.db.unlink()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db.resolve()}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "roviec.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse

    from roviec.orgs.models import OrgUnit
    from roviec.tasks.models import ProgressReport, Task

    call_command("migrate", interactive=False, verbosity=0)
    if not Task.objects.exists():
        from roviec.demo.scale import build_province

        started = time.perf_counter()
        result = build_province(password=PASSWORD)
        print(f"built province in {time.perf_counter() - started:.1f} s: {result.units} units, "
              f"{result.tasks} tasks, {result.reports} reports, {result.audit_events} bulk audit rows")
    print(f"database {args.db}: {OrgUnit.objects.count()} units, {Task.objects.count()} tasks, "
          f"{ProgressReport.objects.count()} progress reports ({connection.vendor})")

    setup_test_environment()
    from django.contrib.auth import get_user_model

    users = {name: get_user_model().objects.get(username=name)
             for name in ("vanphong", "lanhdao", "daumoi01")}
    commune = OrgUnit.objects.get(positions__person__user=users["daumoi01"])
    busy_commune = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE_COMMITTEE).order_by("path").first()
    dashboard, ranking = reverse("reports:dashboard"), reverse("reports:ranking")
    pages = [
        ("office", "dashboard (this year)", dashboard, {}),
        ("office", "dashboard (all time)", dashboard, {"period": "all"}),
        ("office", "dashboard (one commune)", dashboard, {"unit": busy_commune.pk, "period": "all"}),
        ("office", "dashboard (by field, Q2)", dashboard, {"field": "Dân vận", "period": "q2"}),
        ("leader", "dashboard (this year)", dashboard, {}),
        ("leader", "ranking (this quarter)", ranking, {}),
        ("leader", "ranking (year)", ranking, {"period": "year"}),
        ("commune", "dashboard (this year)", dashboard, {}),
        ("commune", "dashboard (all time)", dashboard, {"period": "all"}),
        ("commune", "ranking (year)", ranking, {"period": "year"}),
        ("office", "my tasks (home)", reverse("home"), {}),
        ("office", "task list", reverse("tasks:list"), {}),
        ("office", "task list (overdue)", reverse("tasks:list"), {"status": "overdue"}),
        ("office", "task list (search)", reverse("tasks:list"), {"q": "ke hoach"}),
        ("commune", "my tasks (home)", reverse("home"), {}),
        ("commune", "task list", reverse("tasks:list"), {}),
        ("office", "document list", reverse("documents:list"), {}),
        ("office", "export XLSX (this year)", reverse("reports:export_xlsx"), {}),
        ("office", "export DOCX (this year)", reverse("reports:export_docx"), {}),
    ]
    clients = {}
    for role, username in (("office", "vanphong"), ("leader", "lanhdao"), ("commune", "daumoi01")):
        client = Client()
        client.force_login(users[username])
        clients[role] = client
    print(f"commune user: daumoi01 ({commune.name}); runs per page: {args.runs}\n")
    # Wall-clock time is what a user waits; CPU time (this process, SQLite included) is steadier
    # on a shared machine, so both are printed.
    print(f"{'user':<8} {'page':<28} {'median ms':>9} {'min ms':>7} {'cpu ms':>7} {'queries':>7}  "
          f"{'bytes':>8}")
    worst = 0.0
    for role, label, url, params in pages:
        client = clients[role]
        response = client.get(url, params)  # warm-up (templates, caches)
        assert response.status_code == 200, (label, response.status_code)
        timings, cpu = [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, params)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        median = statistics.median(timings)
        if "export" not in label:
            worst = max(worst, median)
        print(f"{role:<8} {label:<28} {median:>9.1f} {min(timings):>7.1f} {statistics.median(cpu):>7.1f} "
              f"{len(queries):>7}  {len(response.content):>8}")
    verdict = "OK" if worst < TARGET_MS else "TOO SLOW"
    print(f"\nslowest page median: {worst:.1f} ms (target < {TARGET_MS} ms): {verdict}")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
