"""Fixtures for the tasks app: tasks built through the real services (province is in the root conftest)."""

import datetime

import pytest


@pytest.fixture
def make_task(province):
    """Create a task as the office, clear on all six counts unless told otherwise."""
    from roviec.tasks import services

    def make(**overrides):
        values = {
            "actor": province.users["office"],
            "assigned_by_unit": province.root,
            "content": "Triển khai học tập, quán triệt Nghị quyết Đại hội",
            "lead_unit": province.commune_a,
            "deadline": datetime.date(2030, 6, 30),
            "accountable_person": province.people["leader"],
            "deliverable": "Báo cáo kết quả triển khai",
            "authority_unit": province.office,
        }
        values.update(overrides)
        return services.task_create(**values)

    return make
