import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from roviec.core.models import AuditEvent
from roviec.orgs import api_urls
from roviec.orgs.models import OrgUnit


@pytest.fixture
def api():
    def as_user(user):
        client = APIClient()
        client.force_authenticate(user)
        return client
    return as_user


def _codes(response):
    return [row["code"] for row in response.json()["results"]]


def test_unit_list_is_scoped_and_paginated(province, api):
    """A commune lists its own subtree only; the province's parent id is not revealed."""
    response = api(province.users["commune_a"]).get("/api/v1/units/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"count", "results"} and body["count"] == 2
    assert _codes(response) == ["xa-an-thi", "chi-bo-thon-1"]
    assert body["results"][0]["parent"] is None
    assert body["results"][1]["parent"] == province.commune_a.pk
    assert body["results"][0]["people_count"] == 1


def test_unit_outside_scope_is_a_structured_404(province, api):
    """Asking for another commune's unit answers 404 in the common error shape."""
    response = api(province.users["commune_b"]).get(f"/api/v1/units/{province.commune_a.pk}/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Không tìm thấy đối tượng.", "fields": {}}


def test_unit_search_by_abbreviation(province, api):
    """?q= finds units by abbreviation, without diacritics, within the scope."""
    assert _codes(api(province.users["admin"]).get("/api/v1/units/", {"q": "UBKT"})) == ["ubkt"]
    assert _codes(api(province.users["admin"]).get("/api/v1/units/", {"q": "yen my"})) == ["xa-yen-my"]
    assert _codes(api(province.users["commune_a"]).get("/api/v1/units/", {"q": "yen my"})) == []


def test_only_tree_managers_write_units(province, api):
    """Ordinary users read units; creating one is refused with 403."""
    response = api(province.users["office"]).post("/api/v1/units/", {
        "code": "moi", "kind": "branch", "name": "Chi bộ mới", "parent": province.commune_a.pk},
        format="json")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not OrgUnit.objects.filter(code="moi").exists()


def test_admin_creates_and_moves_units_through_the_services(province, api):
    """Creating through the API sets the tree path and audits; a cycle is refused with a reason."""
    client = api(province.users["admin"])
    response = client.post("/api/v1/units/", {
        "code": "moi", "kind": "branch", "name": "Chi bộ mới", "parent": province.commune_a.pk,
        "aliases": ["CB mới"], "valid_from": "01/07/2025"}, format="json")
    assert response.status_code == 201, response.json()
    unit = OrgUnit.objects.get(code="moi")
    assert unit.path == f"{province.commune_a.path}{unit.pk}/" and str(unit.valid_from) == "2025-07-01"
    assert AuditEvent.objects.filter(object_type="orgs.orgunit", object_id=str(unit.pk),
                                     action="create").exists()

    response = client.patch(f"/api/v1/units/{province.commune_a.pk}/", {"parent": unit.pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "unit_cycle"

    response = client.patch(f"/api/v1/units/{unit.pk}/", {"parent": province.commune_b.pk}, format="json")
    assert response.status_code == 200 and response.json()["parent"] == province.commune_b.pk
    unit.refresh_from_db()
    assert unit.path.startswith(province.commune_b.path) and unit.name == "Chi bộ mới"


def test_bad_unit_input_gets_field_messages(province, api):
    """Invalid input is answered field by field, in the common error shape."""
    response = api(province.users["admin"]).post("/api/v1/units/", {
        "code": "có dấu", "kind": "khong-co", "name": "", "valid_from": "01/07/2025",
        "valid_to": "01/01/2025"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and {"code", "kind", "name"} <= set(body["fields"])


def test_units_are_never_deleted(province, api):
    """There is no delete in the API, even for an administrator."""
    response = api(province.users["admin"]).delete(f"/api/v1/units/{province.cell_a.pk}/")
    assert response.status_code == 405
    assert OrgUnit.objects.filter(pk=province.cell_a.pk).exists()


def test_people_are_scoped(province, api):
    """A commune user lists the people of their commune and gets 404 for anyone else."""
    client = api(province.users["commune_b"])
    response = client.get("/api/v1/people/")
    people = response.json()["results"]
    assert [p["full_name"] for p in people] == ["Đỗ Văn Nam"]
    assert people[0]["positions"][0]["unit"] == province.commune_b.pk
    other = province.people["commune_a"]
    assert client.get(f"/api/v1/people/{other.pk}/").status_code == 404
    assert api(province.users["admin"]).get("/api/v1/people/", {"q": "pham thu"}).json()["count"] == 1


def test_people_list_positions_only_in_visible_units(province, api):
    """A person's positions outside the reader's scope are not listed."""
    from roviec.orgs import services

    person = services.person_create(actor=None, full_name="Hoàng Văn Bình")
    for unit in (province.commune_a, province.commune_b):
        services.position_assign(actor=None, person=person, unit=unit, kind="specialist")
    body = api(province.users["commune_b"]).get(f"/api/v1/people/{person.pk}/").json()
    assert [p["unit"] for p in body["positions"]] == [province.commune_b.pk]


def test_schema_documents_the_endpoints(province):
    """The OpenAPI schema describes the units and people endpoints with their error shape."""
    schema = SchemaGenerator(patterns=api_urls.urlpatterns).get_schema(request=None, public=True)
    assert {"/units/", "/units/{id}/", "/people/", "/people/{id}/"} <= set(schema["paths"])
    assert "404" in schema["paths"]["/units/{id}/"]["get"]["responses"]
    assert "delete" not in schema["paths"]["/units/{id}/"]
