"""A province with tasks in every follow-up status, built through the real task services."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone


@dataclass
class FollowUp:
    today: datetime.date
    document: object
    tasks: dict


@pytest.fixture
def followup(province):
    """Known tasks: for the office (whole province, all time) 2 on time, 1 late, 3 overdue, 1 in progress,
    3 not started, 1 suspended, 1 cancelled; commune A's subtree holds 5 of them."""
    from roviec.documents import services as document_services
    from roviec.documents.models import Document, DocumentType
    from roviec.tasks import services

    office = province.users["office"]
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    doc_type, _ = DocumentType.objects.get_or_create(code="KH",
                                                     defaults={"name": "Kế hoạch", "system": "party"})
    document = document_services.document_register(
        actor=office, registered_unit=province.office, doc_type=doc_type, symbol="45-KH/TU",
        issue_date=datetime.date(2026, 3, 2), issuer_name="Ban Thường vụ Tỉnh ủy",
        direction=Document.Direction.ISSUED, title="về thực hiện Nghị quyết Đại hội",
    )

    def make(key, unit, deadline, field="Xây dựng Đảng", **extra):
        return services.task_create(
            actor=office, assigned_by_unit=province.root, lead_unit=unit, content=f"Nhiệm vụ {key}",
            deadline=deadline, deliverable="Báo cáo", authority_unit=province.office, field=field, **extra)

    def finish(task, percent=100):
        report = services.report_submit(actor=office, task=task, percent=percent, narrative="Đã thực hiện")
        if percent == 100:
            services.report_accept(actor=office, report=report)

    tasks = {
        "a1": make("a1", province.commune_a, today + 5 * day, source_document=document),
        "a2": make("a2", province.commune_a, today - 10 * day, source_document=document),
        "a3": make("a3", province.commune_a, today - 3 * day, field="Dân vận"),
        "a4": make("a4", province.cell_a, today - 30 * day),
        "a5": make("a5", province.cell_a, today + 20 * day),
        "b1": make("b1", province.commune_b, today + 2 * day),
        "b2": make("b2", province.commune_b, today + 40 * day),
        "b3": make("b3", province.commune_b, today + 3 * day),
        "b4": make("b4", province.commune_b, today + 3 * day),
        "o1": make("o1", province.office, today - 1 * day, coordinating_units=[province.commune_a]),
        "r1": make("r1", province.root, today + 6 * day),
        "x1": make("x1", province.commune_b, datetime.date(2031, 3, 15)),
    }
    for key in ("a1", "a2", "b1"):
        finish(tasks[key])
    finish(tasks["a5"], percent=40)
    services.task_cancel(actor=office, task=tasks["b3"], reason="Giao trùng")
    services.task_suspend(actor=office, task=tasks["b4"], reason="Chờ sáp nhập")
    return FollowUp(today=today, document=document, tasks=tasks)
