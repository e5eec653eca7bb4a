import pytest
from django.urls import reverse

from roviec.core.models import AuditEvent
from roviec.orgs.models import OrgUnit, Person


@pytest.fixture
def admin_client(client, province):
    client.force_login(province.users["admin"])
    return client


def _unit_form(**values):
    data = {"code": "", "kind": "branch", "name": "", "short_name": "", "aliases_text": "", "parent": "",
            "valid_from": "", "valid_to": ""}
    data.update(values)
    return data


def test_admin_add_unit_goes_through_the_service(province, admin_client):
    """A unit added in the admin gets its tree path, search text and an audit entry."""
    response = admin_client.post(reverse("admin:orgs_orgunit_add"), _unit_form(
        code="chi-bo-2", name="Chi bộ thôn 2", parent=province.commune_a.pk,
        aliases_text="CB thôn Hai; Thôn 2", valid_from="01/07/2025"))
    assert response.status_code == 302, response.content.decode()[:2000]
    unit = OrgUnit.objects.get(code="chi-bo-2")
    assert unit.path == f"{province.commune_a.path}{unit.pk}/"
    assert unit.aliases == ["CB thôn Hai", "Thôn 2"] and "cb thon hai" in unit.search_text
    event = AuditEvent.objects.get(object_type="orgs.orgunit", object_id=str(unit.pk))
    assert event.action == "create" and event.actor == province.users["admin"]


def test_admin_change_parent_moves_the_subtree_and_audits(province, admin_client):
    """Moving a commune in the admin moves its cells with it and records the change."""
    url = reverse("admin:orgs_orgunit_change", args=[province.commune_a.pk])
    response = admin_client.post(url, _unit_form(
        code="xa-an-thi", kind="commune_committee", name="Đảng ủy xã Ân Thi", parent=province.commune_b.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    province.cell_a.refresh_from_db()
    assert province.cell_a.path.startswith(province.commune_b.path)
    event = AuditEvent.objects.filter(object_type="orgs.orgunit", object_id=str(province.commune_a.pk),
                                      action="update").get()
    assert event.before == {"parent": province.root.pk} and event.after == {"parent": province.commune_b.pk}


def test_admin_refuses_a_parent_inside_the_units_own_subtree(province, admin_client):
    """The admin will not let a unit move under its own cell."""
    url = reverse("admin:orgs_orgunit_change", args=[province.commune_a.pk])
    response = admin_client.post(url, _unit_form(
        code="xa-an-thi", kind="commune_committee", name="Đảng ủy xã Ân Thi", parent=province.cell_a.pk))
    assert response.status_code == 200
    province.commune_a.refresh_from_db()
    assert province.commune_a.parent == province.root


def test_admin_cannot_delete_units_people_or_positions(province, admin_client):
    """Nothing of the organisation is deleted, not even by an administrator."""
    url = reverse("admin:orgs_orgunit_delete", args=[province.cell_a.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 403
    assert OrgUnit.objects.filter(pk=province.cell_a.pk).exists()
    person = province.people["commune_a"]
    assert admin_client.post(reverse("admin:orgs_person_delete", args=[person.pk]),
                             {"post": "yes"}).status_code == 403


def test_admin_person_change_is_audited(province, admin_client):
    """Editing a person in the admin keeps the search text right and records the change."""
    person = Person.objects.create(full_name="Tạm")  # a bare row; the admin must go through the service
    response = admin_client.post(reverse("admin:orgs_person_change", args=[person.pk]), {
        "full_name": "Vũ Thị Lan", "email": "lan@example.vn", "phone": "", "user": "",
        "positions-TOTAL_FORMS": "0", "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0", "positions-MAX_NUM_FORMS": "1000"})
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.search_text == "vu thi lan"
    event = AuditEvent.objects.get(object_type="orgs.person", object_id=str(person.pk), action="update")
    assert event.after["full_name"] == "Vũ Thị Lan"
