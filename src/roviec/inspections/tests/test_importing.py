"""Importing an issued conclusion notice through the engine."""

from collections import Counter

from roviec.core.text import fold
from roviec.inspections import importing
from roviec.inspections.models import FindingUnit, Requirement


def _import(province, sample_text):
    inspector = province.users["inspector"]
    preview = importing.preview_for(actor=inspector, text=sample_text)
    inspection = importing.inspection_import(
        actor=inspector, committee=province.root, text=sample_text, preview=preview, body=province.inspection
    )
    return preview, inspection


def test_preview_matches_the_thirty_organisations(province, sample_units, sample_text, sample_gold):
    """The review page lists the 30 organisations of footnote 1, each matched to its unit, none unmatched."""
    preview = importing.preview_for(actor=province.users["inspector"], text=sample_text)
    assert [row.written for row in preview.organisations] == sample_gold["inspected_organizations"]
    assert [row.unit for row in preview.organisations] == sample_units
    assert preview.unmatched_count == 0
    assert all(row.certain for row in preview.organisations)


def test_preview_highlights_unmatched_organisations(province, sample_text):
    """Without the units in the tree, the organisations are shown unmatched, and nothing is invented."""
    preview = importing.preview_for(actor=province.users["inspector"], text=sample_text)
    matched = {row.written for row in preview.organisations if row.unit is not None}
    assert matched == {"xã Ân Thi", "xã Yên Mỹ"}
    assert preview.unmatched_count == 28


def test_import_creates_subjects_and_findings_per_unit_as_the_gold_file(
    province, sample_units, sample_text, sample_gold
):
    """Every unit gets exactly the findings the gold file lists for it, grouped findings applying to each."""
    _, inspection = _import(province, sample_text)
    organisations = inspection.subjects.filter(person=None)
    assert organisations.count() == 30
    assert set(organisations.values_list("unit_id", flat=True)) == {u.pk for u in sample_units}
    for label, items in sample_gold["findings_by_unit"].items():
        got = FindingUnit.objects.filter(finding__inspection=inspection, written_name=label)
        assert got.exists(), label
        units = {a.unit_id for a in got}
        assert len(units) == 1, label
        expected = Counter(" ".join(item["text"].split()).rstrip(".;") for item in items)
        actual = Counter(" ".join(a.finding.text.split()).rstrip(".;") for a in got)
        assert actual == expected, label


def test_grouped_footnote_item_is_one_finding_naming_several_units(province, sample_units, sample_text):
    """Item (7) of footnote 3 names six units: one finding, six units, none left unmatched."""
    _, inspection = _import(province, sample_text)
    finding = inspection.findings.get(text__startswith="Vẫn còn một bộ phận nhỏ đảng viên")
    names = sorted(a.written_name for a in finding.applications.all())
    assert names == sorted(
        ["Quân sự tỉnh", "Hoàng Hoa Thám", "Đông Tiền Hải", "Hưng Phú", "Thư Trì", "Vũ Tiên"]
    )
    assert finding.unmatched_names == []
    assert all(not f.unmatched_names for f in inspection.findings.all())


def test_import_reads_requirements_deadline_decision_and_signature(province, sample_units, sample_text):
    """Requirements of section II, the remediation deadline and the decision are carried over."""
    _, inspection = _import(province, sample_text)
    requirements = list(inspection.requirements.all())
    assert len(requirements) == 9
    assert fold(requirements[0].heading).startswith("ve cong tac quan triet")
    assert requirements[7].audience == Requirement.Audience.NOT_INSPECTED
    assert requirements[8].audience == Requirement.Audience.OTHERS
    assert "Nơi nhận" not in requirements[8].text
    assert str(inspection.remediation_deadline) == "2026-08-31"
    assert inspection.decision.symbol == "418-QĐ/TU"
    assert str(inspection.decision.issue_date) == "2026-04-17"
    assert inspection.signer_name == "Trần Quốc Toàn"
    assert inspection.notice_intro.startswith("Ngày 04/6/2026")
