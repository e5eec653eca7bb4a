"""Complaints register: the unit complained about must lie inside the registering user's scope."""

import datetime

import pytest
from rest_framework.test import APIClient

from conftest import make_user
from roviec.core.errors import ServiceError
from roviec.core.models import AuditEvent
from roviec.inspections import complaints
from roviec.inspections.models import Complaint
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Position

RECEIVED = datetime.date(2026, 9, 1)


@pytest.fixture
def commune_inspection(province):
    """Commune A's own inspection committee and its inspector (scope: commune A's subtree)."""
    committee = org_services.unit_create(
        actor=None,
        code="ubkt-an-thi",
        kind=OrgUnit.Kind.INSPECTION_COMMITTEE,
        name="Ủy ban Kiểm tra Đảng ủy xã Ân Thi",
        parent=province.commune_a,
    )
    user = make_user(
        "kiemtra_anthi", unit=committee, role=Position.AccessRole.INSPECTION, full_name="Lý Văn Xét"
    )
    return committee, user


def _register(user, handling_unit, subject_unit):
    return complaints.complaint_register(
        actor=user,
        received_on=RECEIVED,
        kind=Complaint.Kind.DENUNCIATION,
        content="Tố cáo sai phạm trong quản lý đất đai.",
        handling_unit=handling_unit,
        subject_unit=subject_unit,
        sender_name="Người Gửi Đơn",
    )


def test_letter_about_a_unit_outside_scope_is_refused(province, commune_inspection):
    """A commune inspector cannot register a letter about another commune; nothing is written."""
    committee, user = commune_inspection
    with pytest.raises(ServiceError) as refused:
        _register(user, committee, province.commune_b)
    assert refused.value.code == "subject_unit_not_found"
    assert "subject_unit" in refused.value.fields
    assert province.commune_b.name not in refused.value.message
    assert not Complaint.objects.exists()
    assert not AuditEvent.objects.filter(object_type="inspections.complaint").exists()


def test_letter_about_a_unit_inside_scope_is_registered(province, commune_inspection):
    """The same inspector registers a letter about a cell of its own commune."""
    committee, user = commune_inspection
    complaint = _register(user, committee, province.cell_a)
    assert complaint.subject_unit == province.cell_a


def test_api_refuses_a_letter_about_a_unit_outside_scope(province, commune_inspection):
    """Through the API the same rule answers 400 with the Vietnamese message on the field, exactly
    as for a unit id that does not exist (ids cannot be probed)."""
    committee, user = commune_inspection
    client = APIClient()
    client.force_authenticate(user)

    def post(subject_unit):
        body = {
            "received_on": RECEIVED.isoformat(),
            "kind": Complaint.Kind.COMPLAINT,
            "content": "Khiếu nại quyết định kỷ luật.",
            "handling_unit": committee.pk,
            "subject_unit": subject_unit,
        }
        return client.post("/api/v1/complaints/", body, format="json")

    foreign, missing = post(province.commune_b.pk), post(99999999)
    assert foreign.status_code == 400, foreign.json()
    body = foreign.json()
    assert body["code"] == "subject_unit_not_found"
    assert body["fields"]["subject_unit"] == [body["message"]]
    assert (missing.status_code, missing.json()) == (400, body)
    assert not Complaint.objects.exists()
    assert post(province.cell_a.pk).status_code == 201


def test_page_refuses_a_letter_about_a_unit_outside_scope(province, commune_inspection, client):
    """The register page offers only units in scope and refuses any other."""
    committee, user = commune_inspection
    client.force_login(user)
    page = client.get("/kiem-tra/don-thu/")
    assert province.commune_b.name not in page.content.decode()
    response = client.post(
        "/kiem-tra/don-thu/",
        {
            "received_on": "01/09/2026",
            "kind": Complaint.Kind.COMPLAINT,
            "content": "Khiếu nại.",
            "field": "other",
            "handling_unit": committee.pk,
            "subject_unit": province.commune_b.pk,
        },
    )
    assert response.status_code == 200
    assert not Complaint.objects.exists()
