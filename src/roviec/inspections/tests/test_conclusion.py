"""The conclusion notice: DOCX in Party layout with real footnotes, issue, remediation, verdicts."""

import datetime
import io
import zipfile

import docx
import pytest

from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.documents.models import DocumentRelation
from roviec.inspections import conclusion, services
from roviec.inspections.models import Finding, FindingUnit, RemediationTask, Requirement, Step, Verdict
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit
from roviec.tasks import services as task_services

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def inspection(province):
    extra = [
        org_services.unit_create(
            actor=None,
            code=f"xa-{n}",
            kind=OrgUnit.Kind.COMMUNE_COMMITTEE,
            name=f"Đảng ủy xã {name}",
            short_name=f"xã {name}",
            parent=province.root,
        )
        for n, name in ((1, "Hưng Hà"), (2, "Thần Khê"))
    ]
    inspector = province.users["inspector"]
    inspection = services.inspection_create(
        actor=inspector,
        committee=province.root,
        body=province.inspection,
        title="về kết quả kiểm tra việc xây dựng chương trình hành động thực hiện nghị quyết",
        decision_symbol="418-QĐ/TU",
        decision_date=datetime.date(2026, 4, 17),
        team_head=province.people["inspector"],
        subject_units=[province.commune_a, *extra],
        period_from=datetime.date(2025, 10, 1),
        period_to=datetime.date(2026, 3, 31),
        planned_end=datetime.date(2026, 5, 30),
    )
    services.inspection_update(
        actor=inspector,
        inspection=inspection,
        signer_title="Phó Bí thư Thường trực",
        signer_name="Trần Văn Minh",
        remediation_deadline=datetime.date(2026, 12, 31),
    )
    services.finding_add(
        actor=inspector,
        inspection=inspection,
        kind=Finding.Kind.STRENGTH,
        text="Đã ban hành chương trình hành động đúng thời gian.",
    )
    services.finding_add(
        actor=inspector,
        inspection=inspection,
        text="Việc rà soát quy chế làm việc còn chậm.",
        field="organisation_cadres",
        units=extra,
        evidence="Quy chế ban hành tháng 02/2026.",
    )
    services.finding_add(
        actor=inspector,
        inspection=inspection,
        text="Chất lượng học tập nghị quyết chưa cao.",
        field="political_ideological",
        units=[province.commune_a],
    )
    services.requirement_add(
        actor=inspector,
        inspection=inspection,
        heading="Về quy chế làm việc",
        text="Rà soát, sửa đổi quy chế làm việc của cấp ủy.",
    )
    services.requirement_add(
        actor=inspector,
        inspection=inspection,
        text="Tự rà soát theo thông báo này.",
        audience=Requirement.Audience.NOT_INSPECTED,
    )
    inspection.refresh_from_db()
    return inspection


def _footnotes(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/footnotes.xml")
    from lxml import etree

    root = etree.fromstring(xml)
    notes = []
    for note in root.findall(f"{W}footnote"):
        if int(note.get(f"{W}id")) > 0:
            notes.append("".join(t.text or "" for t in note.iter(f"{W}t")).strip())
    return notes


def test_notice_docx_opens_and_grouped_findings_have_real_footnotes(inspection):
    """Each grouped finding carries a Word footnote listing its units, in the footnotes part."""
    data = conclusion.notice_docx(inspection, symbol="635-TB/TU", date=datetime.date(2026, 6, 15))
    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "THÔNG BÁO KẾT LUẬN" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in cells and "Số 635-TB/TU" in cells
    assert "ngày 15 tháng 06 năm 2026" in cells
    assert "T/M BAN THƯỜNG VỤ" in cells and "Nơi nhận:" in cells and "Trần Văn Minh" in cells
    assert "II. BAN THƯỜNG VỤ TỈNH ỦY YÊU CẦU" in text
    notes = _footnotes(data)
    assert "xã Hưng Hà, xã Thần Khê." in notes
    assert "Đảng ủy xã Ân Thi." in notes
    # The finding applying to every subject (the strength) has no footnote; the intro lists the subjects.
    assert notes[0].startswith("03 tổ chức đảng:")
    assert len(notes) == 3
    refs = [r for p in document.paragraphs for r in p._p.iter(f"{W}footnoteReference")]
    assert len(refs) == 3


def test_only_a_leader_issues_the_notice(inspection, province):
    """The inspection committee drafts; a leader of the committee issues."""
    with pytest.raises(PermissionDeniedError):
        conclusion.conclusion_issue(
            actor=province.users["inspector"],
            inspection=inspection,
            symbol="635-TB/TU",
            issue_date=datetime.date(2026, 6, 15),
        )


def test_issue_registers_notice_based_on_decision_and_assigns_remediation(inspection, province):
    """Issuing registers the notice (based on the decision, DOCX attached) and tasks subjects and others."""
    result = conclusion.conclusion_issue(
        actor=province.users["leader"],
        inspection=inspection,
        symbol="635-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
    )
    notice = result.notice
    inspection.refresh_from_db()
    assert inspection.notice == notice
    assert DocumentRelation.objects.filter(
        source=notice, target=inspection.decision, kind="based_on"
    ).exists()
    assert notice.attachments.get().original_name.endswith(".docx")
    assert inspection.steps.get(kind=Step.NOTICE).document == notice
    # Three subjects x (plan task + one requirement task); commune_b self-reviews.
    assert result.remediation == 6
    assert result.self_review == 1
    tasks = RemediationTask.objects.filter(inspection=inspection, unit=province.commune_a)
    assert tasks.count() == 2
    for record in tasks:
        assert record.task.source_document == notice
        assert record.task.deadline == datetime.date(2026, 12, 31)
        assert record.task.authority_person == province.people["inspector"]
    plan = tasks.get(requirement=None).task
    assert "Chất lượng học tập nghị quyết chưa cao" in plan.content
    review = RemediationTask.objects.get(inspection=inspection, kind=RemediationTask.Kind.SELF_REVIEW)
    assert review.unit == province.commune_b
    assert "635-TB/TU" in review.task.content
    with pytest.raises(ServiceError):
        conclusion.conclusion_issue(
            actor=province.users["leader"],
            inspection=inspection,
            symbol="636-TB/TU",
            issue_date=datetime.date(2026, 6, 15),
        )


def test_subject_reports_and_inspection_committee_closes_finding(inspection, province):
    """The subject reports through its task; the inspection committee closes the finding with a verdict."""
    conclusion.conclusion_issue(
        actor=province.users["leader"],
        inspection=inspection,
        symbol="635-TB/TU",
        issue_date=datetime.date(2026, 6, 15),
    )
    plan = RemediationTask.objects.get(inspection=inspection, unit=province.commune_a, requirement=None).task
    report = task_services.report_submit(
        actor=province.users["commune_a"], task=plan, percent=100, narrative="Đã ban hành kế hoạch khắc phục."
    )
    task_services.report_accept(actor=province.users["inspector"], report=report)
    application = FindingUnit.objects.get(finding__inspection=inspection, unit=province.commune_a)
    with pytest.raises(ServiceError) as error:
        conclusion.finding_verdict(
            actor=province.users["inspector"], application=application, verdict=Verdict.PARTLY
        )
    assert error.value.fields == {
        "verdict_note": ["Vui lòng ghi nhận xét khi chưa khắc phục hoặc khắc phục một phần."]
    }
    with pytest.raises(PermissionDeniedError):
        conclusion.finding_verdict(
            actor=province.users["commune_a"], application=application, verdict=Verdict.REMEDIED
        )
    conclusion.finding_verdict(
        actor=province.users["inspector"],
        application=application,
        verdict=Verdict.REMEDIED,
        note="Đã tổ chức học tập lại.",
    )
    application.refresh_from_db()
    assert application.verdict == Verdict.REMEDIED
    assert application.verified_by == province.users["inspector"]
    event = AuditEvent.objects.filter(object_type="inspections.findingunit").get()
    assert event.after["verdict"] == "remedied"


def test_subject_outside_authority_is_refused(province):
    """A committee cannot inspect a state body or itself: a clear message, nothing created."""
    department = org_services.unit_create(
        actor=None, code="so-tc", kind=OrgUnit.Kind.DEPARTMENT, name="Sở Tài chính", parent=province.root
    )
    with pytest.raises(ServiceError) as error:
        services.inspection_create(
            actor=province.users["inspector"],
            committee=province.root,
            title="Kiểm tra",
            subject_units=[department, province.root],
        )
    assert "Sở Tài chính" in error.value.message and "Tỉnh ủy Hưng Yên" in error.value.message


def test_period_more_than_five_years_back_is_refused(province):
    """The period inspected reaches back at most five years."""
    with pytest.raises(ServiceError) as error:
        services.inspection_create(
            actor=province.users["inspector"],
            committee=province.root,
            title="Kiểm tra",
            start_date=datetime.date(2026, 4, 17),
            period_from=datetime.date(2020, 1, 1),
        )
    assert error.value.code == "period_too_long"
