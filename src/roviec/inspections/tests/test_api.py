"""The REST API: scoped like the pages, the complainant never in lists."""

import datetime

import pytest
from rest_framework.test import APIClient

from roviec.inspections import complaints, services
from roviec.inspections.models import Complaint


def _client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def inspection(province):
    inspection = services.inspection_create(
        actor=province.users["inspector"],
        committee=province.root,
        title="về việc kiểm tra xã",
        subject_units=[province.commune_a],
    )
    services.finding_add(
        actor=province.users["inspector"], inspection=inspection, text="Hạn chế.", units=[province.commune_a]
    )
    return inspection


def test_api_creates_inspection_and_records_grouped_finding(province):
    """An inspector sets up an inspection and a finding for two units through the API."""
    client = _client(province.users["inspector"])
    response = client.post(
        "/api/v1/inspections/",
        {
            "committee": province.root.pk,
            "title": "về việc kiểm tra hai xã",
            "subject_units": [province.commune_a.pk, province.commune_b.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = client.post(
        f"/api/v1/inspections/{pk}/findings/",
        {"text": "Quy chế chậm sửa đổi.", "units": [province.commune_a.pk, province.commune_b.pk]},
        format="json",
    )
    assert response.status_code == 201
    finding = response.json()["findings"][0]
    assert {a["unit"] for a in finding["applications"]} == {province.commune_a.pk, province.commune_b.pk}


def test_api_outside_scope_is_404_and_drafts_hidden(inspection, province):
    """Commune B gets 404; commune A sees the inspection but no draft finding."""
    assert (
        _client(province.users["commune_b"]).get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404
    )
    body = _client(province.users["commune_a"]).get(f"/api/v1/inspections/{inspection.pk}/").json()
    assert body["findings"] == []
    response = _client(province.users["commune_a"]).post(
        f"/api/v1/inspections/{inspection.pk}/findings/", {"text": "x"}, format="json"
    )
    assert response.status_code == 404


def test_api_never_lists_the_complainant(province):
    """The sender appears only at /sender/ and only for the inspection role."""
    complaint = complaints.complaint_register(
        actor=province.users["inspector"],
        received_on=datetime.date(2026, 9, 1),
        kind=Complaint.Kind.DENUNCIATION,
        content="Tố cáo.",
        handling_unit=province.inspection,
        sender_name="Nguyễn Văn Tố",
    )
    inspector, leader = _client(province.users["inspector"]), _client(province.users["leader"])
    listed = inspector.get("/api/v1/complaints/").json()
    assert "Nguyễn Văn Tố" not in str(listed) and listed["count"] == 1
    assert "Nguyễn Văn Tố" not in str(leader.get(f"/api/v1/complaints/{complaint.pk}/").json())
    assert inspector.get(f"/api/v1/complaints/{complaint.pk}/sender/").json()["name"] == "Nguyễn Văn Tố"
    assert leader.get(f"/api/v1/complaints/{complaint.pk}/sender/").status_code == 404
    assert _client(province.users["commune_a"]).get(f"/api/v1/complaints/{complaint.pk}/").status_code == 404


def test_api_discipline_statistics(province):
    """The statistics endpoint returns the report sentence."""
    client = _client(province.users["inspector"])
    response = client.post(
        "/api/v1/discipline-cases/",
        {
            "subject_kind": "member",
            "unit": province.commune_a.pk,
            "person_name": "Nguyễn Văn A",
            "membership": "probationary",
            "violation": "Vi phạm",
            "form": "dismissal",
            "authority": province.inspection.pk,
            "decided_on": "2026-05-01",
        },
        format="json",
    )
    assert response.status_code == 400 and response.json()["fields"]["form"]
    response = client.post(
        "/api/v1/discipline-cases/",
        {
            "subject_kind": "member",
            "unit": province.commune_a.pk,
            "person_name": "Nguyễn Văn A",
            "membership": "full",
            "violation": "Vi phạm",
            "form": "warning",
            "authority": province.inspection.pk,
            "decided_on": "2026-05-01",
        },
        format="json",
    )
    assert response.status_code == 201
    stats = client.get("/api/v1/discipline-cases/statistics/").json()
    assert stats["summary"] == "Ủy ban Kiểm tra Tỉnh ủy thi hành kỷ luật cảnh cáo 01 đảng viên."


def test_schema_builds(province, client):
    """The OpenAPI schema includes the inspection endpoints."""
    client.force_login(province.users["inspector"])
    response = client.get("/api/v1/schema")
    assert response.status_code == 200 and b"/api/v1/inspections/" in response.content


def test_api_cancels_a_discipline_case_with_a_reason(province):
    """The API cancels a case (reason required), it leaves the register; a commune gets 404."""
    from roviec.inspections import discipline

    case = discipline.discipline_record(
        actor=province.users["inspector"],
        subject_kind="member",
        unit=province.commune_a,
        membership="full",
        person_name="Nguyễn Văn Hải",
        form="warning",
        authority=province.inspection,
        decided_on=datetime.date(2026, 3, 10),
        violation="Vi phạm.",
    )
    url = f"/api/v1/discipline-cases/{case.pk}/cancel/"
    assert _client(province.users["commune_a"]).post(url, {"reason": "x"}).status_code == 404
    client = _client(province.users["inspector"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Ghi trùng"}).status_code == 200
    listed = client.get("/api/v1/discipline-cases/").json()
    ids = [row["id"] for row in (listed["results"] if isinstance(listed, dict) else listed)]
    assert case.pk not in ids
