"""The demo province: what `roviec demo` promises a first-time user."""

import datetime

import pytest
from django.core.management import call_command

from roviec.cli import main as roviec_main
from roviec.demo.builder import DemoAlreadyBuilt, build_demo, inspected_organisation_names
from roviec.orgs.models import OrgUnit
from roviec.tasks.selectors import task_list

PASSWORD = "Demo-Mat-Khau-2026"


@pytest.fixture
def demo(db):
    return build_demo(password=PASSWORD, today=datetime.date(2026, 11, 22))


def test_demo_has_the_thirty_inspected_organisations_as_units(demo):
    """Every organisation listed in the sample conclusion's footnote becomes a unit."""
    names = inspected_organisation_names()
    assert len(names) == 30
    communes = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE_COMMITTEE).count()
    affiliated = OrgUnit.objects.filter(kind=OrgUnit.Kind.AFFILIATED_COMMITTEE).count()
    assert communes + affiliated == 30
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.INSPECTION_COMMITTEE).exists()
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.STANDING_COMMITTEE).exists()


def test_demo_tasks_cover_every_status(demo, django_user_model, time_machine):
    """The demo shows tasks in each derived status, as the office sees them."""
    time_machine.move_to(datetime.datetime(2026, 11, 22, 10, 0))
    office = django_user_model.objects.get(username="vanphong")
    statuses = set(task_list(user=office).values_list("status", flat=True))
    assert {"not_started", "in_progress", "done_on_time", "done_late", "overdue", "suspended",
            "cancelled"} <= statuses


def test_demo_logins_work_and_are_scoped(demo, client):
    """Each printed login works; a focal point sees only its own unit's tasks."""
    focal = next(login for login in demo.logins if login.username.startswith("daumoi."))
    assert client.login(username=focal.username, password=PASSWORD)
    response = client.get("/nhiem-vu/")
    assert response.status_code == 200
    page = response.content.decode()
    other = OrgUnit.objects.filter(kind=OrgUnit.Kind.COMMUNE_COMMITTEE).exclude(name=focal.unit).first()
    assert other.name not in page


def test_demo_refuses_to_overwrite_data(demo):
    """Running the demo on a database with data changes nothing."""
    with pytest.raises(DemoAlreadyBuilt):
        build_demo(password=PASSWORD)


def test_demo_command_prints_logins(tmp_path, monkeypatch, capsys, db):
    """`roviec demo` builds the province and prints the logins with their password."""
    call_command("migrate", verbosity=0)
    assert roviec_main(["demo", "--password", PASSWORD]) == 0
    out = capsys.readouterr().out
    assert "vanphong" in out and "lanhdao" in out and PASSWORD in out


def test_demo_command_rejects_a_weak_password(capsys, db):
    """A weak demo password is refused with one clear line and a non-zero exit."""
    assert roviec_main(["demo", "--password", "123"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("roviec demo:")


def test_demo_has_a_plan_review_with_candidates_and_a_confirmation(demo, client):
    """The office opens the demo review: the sample plan checked against the sample notice, an
    uncovered requirement with the tasks to check, and one of them confirmed by the reviewer."""
    from roviec.reviews.models import ReviewRun

    run = ReviewRun.objects.get()
    assert run.superiors.count() == 1
    assert any(c["candidates"] for c in run.result["coverage"] if c["verdict"] == "not_covered")
    confirmation = run.confirmations.get()
    assert confirmation.withdrawn_at is None and confirmation.created_by.username == "vanphong"
    assert client.login(username="vanphong", password=PASSWORD)
    page = client.get(f"/tham-dinh/{run.pk}/").content.decode()
    assert "Nhiệm vụ có thể liên quan" in page and "Người thẩm định xác nhận" in page
