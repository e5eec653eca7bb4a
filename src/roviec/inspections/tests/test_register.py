"""Programmes and their coverage, the discipline register and its statistics."""

import datetime

import pytest

from roviec.core.errors import ServiceError
from roviec.inspections import discipline, programmes
from roviec.inspections.models import DisciplineCase, Field, ItemKind
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit


def test_coverage_shows_missing_fields_uncovered_units_and_wrong_subjects(province):
    """The coverage view lists what a programme leaves out and flags subjects outside the authority."""
    inspector = province.users["inspector"]
    department = org_services.unit_create(
        actor=None, code="so-tc", kind=OrgUnit.Kind.DEPARTMENT, name="Sở Tài chính", parent=province.root
    )
    programme = programmes.programme_create(
        actor=inspector, committee=province.root, year=2026, title="Chương trình kiểm tra, giám sát năm 2026"
    )
    programmes.programme_item_add(
        actor=inspector,
        programme=programme,
        subject_unit=province.commune_a,
        content="Kiểm tra thực hiện nghị quyết",
        field=Field.LEADERSHIP,
        kind=ItemKind.COMPLIANCE_INSPECTION,
    )
    wrong = programmes.programme_item_add(
        actor=inspector,
        programme=programme,
        subject_unit=department,
        content="Giám sát quản lý tài chính",
        field=Field.FINANCE,
        kind=ItemKind.THEMATIC_SUPERVISION,
    )
    coverage = programmes.programme_coverage(user=inspector, programme=programme)
    missing = {value for value, _ in coverage.missing_fields}
    assert Field.LAND in missing and Field.LEADERSHIP not in missing and Field.FINANCE not in missing
    assert (
        province.commune_b in coverage.uncovered_units and province.commune_a not in coverage.uncovered_units
    )
    assert [p.item for p in coverage.wrong_subjects] == [wrong]
    assert "Sở Tài chính không phải tổ chức đảng" in coverage.wrong_subjects[0].message


def test_commune_cannot_write_the_province_programme(province):
    """Only the inspection committee or leaders of the committee set its programme."""
    from roviec.core.errors import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        programmes.programme_create(
            actor=province.users["commune_a"], committee=province.root, year=2026, title="Chương trình"
        )


@pytest.mark.parametrize(
    ("kind", "membership", "form", "ok"),
    [
        ("member", "full", "expulsion", True),
        ("member", "probationary", "dismissal", False),
        ("member", "probationary", "warning", True),
        ("organisation", "", "dissolution", True),
        ("organisation", "", "expulsion", False),
        ("member", "full", "dissolution", False),
    ],
)
def test_discipline_form_must_fit_the_subject(province, kind, membership, form, ok):
    """Dismissal is not for a probationary member, expulsion not for an organisation, and so on."""
    kwargs = dict(
        actor=province.users["inspector"],
        subject_kind=kind,
        unit=province.commune_a,
        form=form,
        authority=province.root,
        decided_on=datetime.date(2026, 5, 1),
        violation="Vi phạm quy chế",
        person_name="Nguyễn Văn A" if kind == "member" else "",
        membership=membership,
    )
    if ok:
        assert discipline.discipline_record(**kwargs).pk
    else:
        with pytest.raises(ServiceError) as error:
            discipline.discipline_record(**kwargs)
        assert error.value.code == "form_not_allowed" and "chỉ có" in error.value.message


def test_statistics_read_like_the_reports(province):
    """Counts per authority and form, worded as the province's reports word them."""
    standing = org_services.unit_create(
        actor=None,
        code="btv",
        kind=OrgUnit.Kind.STANDING_COMMITTEE,
        name="Ban Thường vụ Tỉnh ủy",
        parent=province.root,
    )
    for n in range(6):
        discipline.discipline_record(
            actor=province.users["inspector"],
            subject_kind=DisciplineCase.SubjectKind.MEMBER,
            unit=province.commune_a,
            form="warning",
            authority=standing,
            decided_on=datetime.date(2026, 5, n + 1),
            violation="Vi phạm",
            person_name=f"Đảng viên {n}",
            membership="full",
        )
    discipline.discipline_record(
        actor=province.users["inspector"],
        subject_kind="organisation",
        unit=province.commune_b,
        form="reprimand",
        authority=province.inspection,
        decided_on=datetime.date(2026, 7, 1),
        violation="Vi phạm",
    )
    stats = discipline.discipline_statistics(
        user=province.users["leader"],
        date_from=datetime.date(2026, 1, 1),
        date_to=datetime.date(2026, 12, 31),
    )
    assert stats.total == 7
    assert "Ban Thường vụ Tỉnh ủy thi hành kỷ luật cảnh cáo 06 đảng viên" in stats.sentences
    assert "Ủy ban Kiểm tra Tỉnh ủy thi hành kỷ luật khiển trách 01 tổ chức đảng" in stats.sentences
    assert dict(stats.by_form) == {"Khiển trách": 1, "Cảnh cáo": 6}
    june = discipline.discipline_statistics(
        user=province.users["leader"], date_from=datetime.date(2026, 6, 1)
    )
    assert june.total == 1
    assert not discipline.discipline_list(user=province.users["commune_a"]).exists()
