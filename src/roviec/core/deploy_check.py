"""Checks behind ``roviec check``: the Django deploy checks plus what an install needs."""

import difflib
import os
import uuid
from collections.abc import Mapping

from django.conf import settings
from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

ENV_PREFIX = "ROVIEC_"
# Every ROVIEC_* variable the application or its scripts read. A test compares this list with
# the names found in the sources, so a new setting cannot be forgotten here.
KNOWN_ENVIRONMENT = frozenset(
    {
        "ROVIEC_API_RATE",
        "ROVIEC_COMPLAINT_LIMITS",
        "ROVIEC_DEBUG",
        "ROVIEC_DEMO_PASSWORD",
        "ROVIEC_EMBEDDED_WORKER",
        "ROVIEC_EXTRA_DAYS_OFF",
        "ROVIEC_EXTRA_WORKING_DAYS",
        "ROVIEC_FIRST_UPDATE_WORKING_DAYS",
        "ROVIEC_FOLLOWUP",
        "ROVIEC_HOST",
        "ROVIEC_HSTS_SECONDS",
        "ROVIEC_HTTPS",
        "ROVIEC_JOBS_IMMEDIATE",
        "ROVIEC_JOBS_URL",
        "ROVIEC_JOB_WORKERS",
        "ROVIEC_LOGIN_COOLOFF_HOURS",
        "ROVIEC_LOGIN_FAILURE_LIMIT",
        "ROVIEC_LOG_LEVEL",
        "ROVIEC_MAX_UPLOAD_BYTES",
        "ROVIEC_MEDIA_ROOT",
        "ROVIEC_PORT",
        "ROVIEC_SESSION_SECONDS",
        "ROVIEC_SITE_URL",
        "ROVIEC_SSL_REDIRECT",
        "ROVIEC_TRUSTED_PROXY",
        "ROVIEC_VAR_DIR",
        "ROVIEC_VENV",
        "ROVIEC_WHEEL_PLATFORM",
    }
)


def run_deploy_checks() -> list[str]:
    problems: list[str] = unknown_environment_names(os.environ)
    for message in checks.run_checks(include_deployment_checks=True):
        if message.level >= checks.WARNING:
            problems.append(f"{message.id}: {message.msg}")
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
    except Exception as error:
        problems.append(f"không kết nối được cơ sở dữ liệu: {error}")
        return problems
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        problems.append(f"còn {len(pending)} migration chưa áp dụng (chạy: roviec manage migrate)")
    probe = f"_check/{uuid.uuid4().hex}.txt"
    try:
        name = default_storage.save(probe, ContentFile(b"ok"))
        default_storage.delete(name)
    except OSError as error:
        problems.append(f"không ghi được vào nơi lưu tệp {settings.MEDIA_ROOT}: {error}")
    return problems


def unknown_environment_names(environ: Mapping[str, str]) -> list[str]:
    """One line per ROVIEC_* variable nobody reads: a misspelt setting silently falls back to its default."""
    lines = []
    for name in sorted(n for n in environ if n.upper().startswith(ENV_PREFIX) and n not in KNOWN_ENVIRONMENT):
        nearest = difflib.get_close_matches(name.upper(), sorted(KNOWN_ENVIRONMENT), n=1, cutoff=0.6)
        hint = f", có phải ý bạn là {nearest[0]}?" if nearest else ""
        lines.append(f"biến môi trường {name} không được dùng (bị bỏ qua){hint}")
    return lines
