"""The units and people a task names: in force, and within the reach of the user who names them."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from conftest import make_user
from roviec.core.errors import ServiceError
from roviec.core.models import AuditEvent
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position
from roviec.tasks import services
from roviec.tasks.models import Task

DAY = datetime.timedelta(days=1)


@pytest.fixture
def commune_office(province):
    return make_user("a_office", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                     full_name="Vũ Thị Lan")


@pytest.fixture
def standing(province):
    return org_services.unit_create(actor=None, code="btv", kind=OrgUnit.Kind.STANDING_COMMITTEE,
                                    name="Ban Thường vụ Tỉnh ủy", parent=province.root)


def _create(actor, province, **overrides):
    values = {"actor": actor, "assigned_by_unit": province.commune_a, "lead_unit": province.cell_a,
              "content": "Rà soát đảng viên", "deadline": datetime.date(2030, 6, 30)}
    return services.task_create(**{**values, **overrides})


def _refused(call) -> dict:
    with pytest.raises(ServiceError) as error:
        call()
    return error.value.fields


def test_coordinating_unit_outside_the_scope_is_refused_like_a_missing_one(province, commune_office):
    """A commune office cannot ask a sibling commune to coordinate; the answer names nothing of it."""
    fields = _refused(lambda: _create(commune_office, province, coordinating_units=[province.commune_b]))
    assert fields == {"coordinating_units": [services.UNIT_NOT_FOUND]}
    assert _create(commune_office, province, coordinating_units=[province.commune_a]).pk
    assert not AuditEvent.objects.filter(object_type="tasks.task", object_id__in=[]).exists()


def test_expired_units_are_refused_with_the_date(province, commune_office):
    """A unit that has ceased (merged, dissolved) can no longer lead, coordinate or accept a task."""
    old = org_services.unit_create(actor=None, code="chi-bo-cu", kind=OrgUnit.Kind.BRANCH,
                                   name="Chi bộ thôn cũ", parent=province.commune_a,
                                   valid_to=timezone.localdate() - 10 * DAY)
    for field, value in (("lead_unit", old), ("coordinating_units", [old]), ("authority_unit", old)):
        fields = _refused(lambda f=field, v=value: _create(commune_office, province, **{f: v}))
        (message,) = fields[field]
        assert "Chi bộ thôn cũ" in message and "hết hiệu lực" in message
    assert not Task.objects.exists()


def test_people_must_work_in_the_lead_unit_or_the_scope(province, commune_office):
    """The responsible and accountable people are the commune's own or the lead unit's, and still in post."""
    for field in ("responsible_person", "accountable_person"):
        other = province.people["commune_b"]
        fields = _refused(lambda f=field, o=other: _create(commune_office, province, **{f: o}))
        assert fields == {field: [services.PERSON_NOT_FOUND]}
    retired = make_user("nghihuu", unit=province.cell_a, role=Position.AccessRole.UNIT_STAFF,
                        full_name="Lý Văn Hưu").person
    retired.positions.update(end_date=timezone.localdate() - DAY)
    fields = _refused(lambda: _create(commune_office, province, responsible_person=retired))
    assert "Lý Văn Hưu" in fields["responsible_person"][0]
    task = _create(commune_office, province, responsible_person=province.people["commune_a"],
                   accountable_person=province.people["commune_a"])
    assert task.responsible_person == province.people["commune_a"]


def test_authority_may_be_a_superior_body_and_its_person_must_work_there(province, commune_office, standing):
    """A commune names the province's standing committee as authority; its person must sit on it, and a
    sibling commune is out of reach."""
    leader = province.people["leader"]  # a standing member, recorded at the provincial committee
    task = _create(commune_office, province, authority_unit=standing, authority_person=leader)
    assert (task.authority_unit, task.authority_person) == (standing, leader)
    fields = _refused(lambda: _create(commune_office, province, authority_unit=province.inspection,
                                      authority_person=leader))
    assert fields == {"authority_person": [f"Người nghiệm thu phải là cán bộ đang công tác tại "
                                           f"{province.inspection}."]}
    fields = _refused(lambda: _create(commune_office, province, authority_unit=province.commune_b))
    assert fields == {"authority_unit": [services.UNIT_NOT_FOUND]}
    other = province.people["commune_b"]
    fields = _refused(lambda: _create(commune_office, province, authority_person=other))
    assert fields == {"authority_person": [services.PERSON_NOT_FOUND]}


def test_an_edit_checks_only_what_it_changes(province, commune_office):
    """A unit office keeps the sibling coordinator the province set, but cannot add one; each edit is
    audited once."""
    task = services.task_create(actor=province.users["office"], assigned_by_unit=province.commune_a,
                                lead_unit=province.cell_a, content="Phối hợp tuyên truyền",
                                coordinating_units=[province.commune_b])
    services.task_update(actor=commune_office, task=task, content="Phối hợp tuyên truyền, sửa câu chữ")
    fields = _refused(lambda: services.task_update(actor=commune_office, task=task,
                                                   coordinating_units=[province.commune_b, province.root]))
    assert fields == {"coordinating_units": [services.UNIT_NOT_FOUND]}
    assert list(task.coordinating_units.all()) == [province.commune_b]
    events = AuditEvent.objects.filter(object_type="tasks.task", object_id=str(task.pk))
    assert sorted(events.values_list("action", flat=True)) == ["create", "update"]


def test_api_answers_out_of_reach_and_missing_ids_alike(province, commune_office):
    """Over the API each reference field gives the same 400 for another commune's id and a missing id."""
    client = APIClient()
    client.force_authenticate(commune_office)
    body = {"assigned_by_unit": province.commune_a.pk, "lead_unit": province.cell_a.pk, "content": "Thử"}
    foreign = {"lead_unit": province.commune_b.pk, "coordinating_units": [province.commune_b.pk],
               "authority_unit": province.commune_b.pk, "responsible_person": province.people["commune_b"].pk,
               "accountable_person": province.people["commune_b"].pk,
               "authority_person": province.people["commune_b"].pk, "assigned_by_unit": province.commune_b.pk}
    for field, value in foreign.items():
        missing = [99999999] if isinstance(value, list) else 99999999
        one = client.post("/api/v1/tasks/", {**body, field: value}, format="json")
        other = client.post("/api/v1/tasks/", {**body, field: missing}, format="json")
        assert one.status_code == 400 and list(one.json()["fields"]) == [field], one.json()
        assert (one.status_code, one.json()) == (other.status_code, other.json())
    assert not Task.objects.exists()


def test_form_shows_the_refusal_on_the_field(client, province, commune_office):
    """The task form puts the service's message under the field at fault."""
    old = org_services.unit_create(actor=None, code="chi-bo-cu", kind=OrgUnit.Kind.BRANCH,
                                   name="Chi bộ thôn cũ", parent=province.commune_a,
                                   valid_to=timezone.localdate() - DAY)
    client.force_login(commune_office)
    response = client.post("/nhiem-vu/giao-moi/", {
        "content": "Rà soát", "assigned_by_unit": province.commune_a.pk, "lead_unit": province.cell_a.pk,
        "coordinating_units": [old.pk]})
    assert response.status_code == 200
    (message,) = response.context["form"].errors["coordinating_units"]
    assert "hết hiệu lực" in message
    assert not Task.objects.exists()
