"""Units and documents an inspection, a discipline case or a letter names: out of reach reads as absent."""

import datetime

import pytest

from conftest import make_user
from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.inspections import complaints, discipline, services
from roviec.inspections.models import Complaint, DisciplineCase, Inspection
from roviec.orgs.models import Position


@pytest.fixture
def commune(province):
    """The commune's leader and inspector (the roles that set up inspections, cases and letters)."""
    return {
        "leader": make_user("a_lanhdao", unit=province.commune_a, role=Position.AccessRole.LEADER,
                            full_name="Đinh Văn Lãnh"),
        "inspector": make_user("a_kiemtra", unit=province.commune_a, role=Position.AccessRole.INSPECTION,
                               full_name="Bùi Văn Soát"),
    }


def _refused(call) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        call()
    assert type(error.value) is ServiceError
    return error.value


def test_inspection_naming_another_commune_is_refused_without_naming_it(province, commune):
    """A commune sets up inspections of its own units only; another commune as committee, body or subject
    is answered as absent, with nothing of its name."""
    def create(**changes):
        values = {"actor": commune["leader"], "committee": province.commune_a, "title": "Kiểm tra chi bộ",
                  "subject_units": [province.cell_a]}
        return services.inspection_create(**{**values, **changes})

    for field, value in (("committee", province.commune_b), ("body", province.commune_b),
                         ("subject_units", [province.cell_a, province.commune_b])):
        refused = _refused(lambda f=field, v=value: create(**{f: v}))
        assert refused.fields == {field: [services.UNIT_NOT_FOUND]}
        assert province.commune_b.name not in refused.message
    assert not Inspection.objects.exists()
    assert create().committee == province.commune_a


def test_discipline_case_naming_another_commune_is_refused_as_absent(province, commune):
    """The register takes no authority, unit or decision out of reach; an authority in scope without the
    inspection role is a permission refusal."""
    values = {"actor": commune["inspector"], "subject_kind": DisciplineCase.SubjectKind.ORGANISATION,
              "unit": province.cell_a, "form": "reprimand", "authority": province.commune_a,
              "decided_on": datetime.date(2026, 1, 5), "violation": "Vi phạm quy chế làm việc"}
    refused = _refused(lambda: discipline.discipline_record(**{**values, "authority": province.commune_b}))
    assert refused.fields == {"authority": [discipline.AUTHORITY_NOT_FOUND]}
    refused = _refused(lambda: discipline.discipline_record(**{**values, "unit": province.commune_b}))
    assert refused.fields == {"unit": [discipline.UNIT_NOT_FOUND]}
    with pytest.raises(PermissionDeniedError):
        discipline.discipline_record(**{**values, "actor": province.users["commune_a"]})
    assert not DisciplineCase.objects.exists()
    assert discipline.discipline_record(**values).authority == province.commune_a


def test_letter_for_another_handling_body_is_refused_as_absent(province, commune):
    """A letter cannot be registered for another commune's handling; for its own commune without the
    inspection role it is a permission refusal."""
    values = {"actor": commune["inspector"], "received_on": datetime.date(2026, 1, 5),
              "kind": Complaint.Kind.PETITION, "content": "Phản ánh chậm giải quyết hồ sơ.",
              "handling_unit": province.commune_a}
    other = {**values, "handling_unit": province.commune_b}
    refused = _refused(lambda: complaints.complaint_register(**other))
    assert refused.fields == {"handling_unit": [complaints.HANDLING_UNIT_NOT_FOUND]}
    with pytest.raises(PermissionDeniedError):
        complaints.complaint_register(**{**values, "actor": commune["leader"]})
    assert not Complaint.objects.exists()
    assert complaints.complaint_register(**values).handling_unit == province.commune_a
