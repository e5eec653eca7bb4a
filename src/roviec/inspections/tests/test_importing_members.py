"""Importing a notice also brings its inspected members, strengths, causes and responsibility."""

from roviec.inspections import importing
from roviec.inspections.models import Finding
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit, Person, Position


def _import(province, text, preview=None):
    inspector = province.users["inspector"]
    preview = preview or importing.preview_for(actor=inspector, text=text)
    return importing.inspection_import(
        actor=inspector, committee=province.root, text=text, preview=preview, body=province.inspection
    )


def _secretary(unit, name):
    person = org_services.person_create(actor=None, full_name=name)
    org_services.position_assign(
        actor=None, person=person, unit=unit, kind=Position.Kind.SECRETARY, title=f"Bí thư {unit.name}"
    )
    return person


def test_named_members_become_member_subjects_with_title_and_unit(province, sample_units, sample_text):
    """The three named deputies are subjects under their own committee, titled as the notice writes."""
    inspection = _import(province, sample_text)
    members = {s.person.full_name: s for s in inspection.subjects.exclude(person=None).select_related("unit")}
    assert set(members) == {"Trần Tùng Chuẩn", "Phạm Tùng Lâm", "Nguyễn Thành Sơn"}
    assert members["Phạm Tùng Lâm"].unit.name == "Đảng ủy Ủy ban nhân dân tỉnh"
    assert members["Trần Tùng Chuẩn"].note == (
        "Tỉnh ủy viên, Phó Bí thư chuyên trách, Đảng ủy Các cơ quan Đảng tỉnh"
    )
    assert members["Nguyễn Thành Sơn"].unit.name == "Đảng ủy Công an tỉnh"


def test_existing_person_is_reused_not_duplicated(province, sample_units, sample_text):
    """A member the tree already knows in that unit is linked, no second record is made."""
    police = OrgUnit.objects.get(name="Đảng ủy Công an tỉnh")
    known = org_services.person_create(actor=None, full_name="Nguyễn Thành Sơn")
    org_services.position_assign(actor=None, person=known, unit=police, kind=Position.Kind.DEPUTY_SECRETARY)
    inspection = _import(province, sample_text)
    assert inspection.subjects.filter(person=known, unit=police).exists()
    assert Person.objects.filter(full_name="Nguyễn Thành Sơn").count() == 1


def test_collective_secretaries_expand_to_known_secretaries(province, sample_units, sample_text):
    """“26 đồng chí bí thư …”: the secretaries the tree knows become subjects, the rest kept for review."""
    communes = [u for u in sample_units if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE]
    assert len(communes) == 26
    first = _secretary(communes[0], "Đinh Văn Một")
    second = _secretary(communes[1], "Đinh Văn Hai")
    preview = importing.preview_for(actor=province.users["inspector"], text=sample_text)
    assert {row.person for row in preview.members if row.collective} == {first, second}
    assert preview.unmatched_members == [
        "26 đồng chí bí thư đảng ủy các xã, phường: còn 24/26 đồng chí chưa có trong cây tổ chức"
    ]
    inspection = _import(province, sample_text, preview)
    assert inspection.subjects.filter(person=first, unit=communes[0]).exists()
    assert inspection.unmatched_members == preview.unmatched_members


def test_collective_without_secretaries_is_one_unmatched_line(province, sample_units, sample_text):
    """When the tree knows no secretary, nothing is invented: the line waits for the reviewer."""
    preview = importing.preview_for(actor=province.users["inspector"], text=sample_text)
    assert not [row for row in preview.members if row.collective]
    assert preview.unmatched_members == [
        "26 đồng chí bí thư đảng ủy các xã, phường: còn 26/26 đồng chí chưa có trong cây tổ chức"
    ]


def test_responsibility_goes_to_member_subjects_by_role(province, sample_units, sample_text):
    """Heads answer for the heads' sentence, deputies for theirs, every member for the general one."""
    communes = [u for u in sample_units if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE]
    secretary = _secretary(communes[0], "Đinh Văn Một")
    inspection = _import(province, sample_text)
    duties = list(inspection.findings.filter(kind=Finding.Kind.RESPONSIBILITY).order_by("order"))
    assert [f.responsible_role for f in duties] == ["", Finding.Role.HEAD, Finding.Role.DEPUTY]
    everyone, heads, deputies = ({s.person.full_name for s in f.members.all()} for f in duties)
    assert everyone == {"Trần Tùng Chuẩn", "Phạm Tùng Lâm", "Nguyễn Thành Sơn", secretary.full_name}
    assert heads == {secretary.full_name}
    assert deputies == {"Trần Tùng Chuẩn", "Phạm Tùng Lâm", "Nguyễn Thành Sơn"}
    assert "người đứng đầu" in duties[1].text
    assert not any(f.applications.exists() for f in duties)


def test_strengths_and_causes_are_grouped_findings_for_all_subjects(province, sample_units, sample_text):
    """Section I's strengths and the objective and subjective causes arrive with the right kind, for all."""
    inspection = _import(province, sample_text)
    kinds = inspection.findings
    strengths = kinds.filter(kind=Finding.Kind.STRENGTH)
    assert strengths.count() == 8
    assert strengths.filter(members=None).count() == 7  # the organisations'; one is the members'
    assert kinds.filter(kind=Finding.Kind.CAUSE_OBJECTIVE).count() == 5
    assert kinds.filter(kind=Finding.Kind.CAUSE_SUBJECTIVE).count() == 5
    assert kinds.get(text__startswith="Địa bàn rộng, dân cư phân tán").kind == Finding.Kind.CAUSE_OBJECTIVE
    for finding in kinds.exclude(kind__in=[Finding.Kind.SHORTCOMING, Finding.Kind.RESPONSIBILITY]):
        assert not finding.applications.exists()
        assert "¹" not in finding.text and "**" not in finding.text
    # Strengths come first, causes after the shortcomings, as in the notice.
    ordered = list(kinds.order_by("order").values_list("kind", flat=True))
    assert ordered[0] == Finding.Kind.STRENGTH and ordered[-1] == Finding.Kind.RESPONSIBILITY


def test_reviewer_can_leave_out_a_body_finding(province, sample_units, sample_text):
    """A strength unticked in the preview is not created."""
    preview = importing.preview_for(actor=province.users["inspector"], text=sample_text)
    first = preview.general[0]
    importing.apply_choices(preview, {}, excluded={0})
    inspection = _import(province, sample_text, preview)
    assert not inspection.findings.filter(text=first.text).exists()
    assert inspection.findings.filter(kind=Finding.Kind.STRENGTH).count() == 7
