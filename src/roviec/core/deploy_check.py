"""Checks behind ``roviec check``: the Django deploy checks plus what an install needs."""

import uuid

from django.conf import settings
from django.core import checks
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor


def run_deploy_checks() -> list[str]:
    problems: list[str] = []
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
