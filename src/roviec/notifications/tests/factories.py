"""Test helpers shared by the notifications tests and the cross-runner job tests."""

import datetime

from roviec.orgs.models import Person

DUE = datetime.date(2026, 6, 30)


def give_emails(province) -> None:
    """Each person of the test province gets an address, so e-mails are sent."""
    for key, person in province.people.items():
        Person.objects.filter(pk=person.pk).update(email=f"{province.users[key].username}@example.vn")


def make_task(province, **overrides):
    """A task led by commune A, due 30/06/2026, the leader accountable, created through the real service."""
    from roviec.tasks import services

    values = {
        "actor": province.users["office"],
        "assigned_by_unit": province.root,
        "content": "Triển khai học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh",
        "lead_unit": province.commune_a,
        "deadline": DUE,
        "accountable_person": province.people["leader"],
        "deliverable": "Báo cáo kết quả triển khai",
        "authority_unit": province.office,
    }
    values.update(overrides)
    return services.task_create(**values)
