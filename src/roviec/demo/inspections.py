"""The demo inspection, built from the sample conclusion notice through the real services.

Called by the demo builder once the tree, the people, the documents (decision
418-QĐ/TU and the notice) and the remediation tasks exist:
``build_demo_inspection(tree, users, docs)``.
"""

import datetime

from roviec.demo.builder import CONCLUSION_SAMPLE, sample_text
from roviec.inspections import complaints, conclusion, discipline, importing, programmes
from roviec.inspections.models import (
    Complaint,
    DisciplineCase,
    Field,
    FindingUnit,
    Inspection,
    ItemKind,
    Programme,
    Verdict,
)
from roviec.orgs.models import OrgUnit


def build_demo_inspection(tree, users, docs) -> Inspection:
    inspector, leader = users["kiemtra"], users["lanhdao"]
    text = sample_text(CONCLUSION_SAMPLE)
    preview = importing.preview_for(actor=inspector, text=text)
    inspection = importing.inspection_import(
        actor=inspector, committee=tree.root, text=text, preview=preview, body=tree.inspection
    )
    # The notice is already in the registry (with its remediation tasks): link them.
    conclusion.conclusion_issue(
        actor=leader, inspection=inspection, existing_notice=docs["conclusion"], create_tasks=False
    )
    conclusion.remediation_adopt_tasks(actor=leader, inspection=inspection)
    for application in FindingUnit.objects.filter(finding__inspection=inspection).order_by("id")[:6]:
        conclusion.finding_verdict(
            actor=inspector,
            application=application,
            verdict=Verdict.REMEDIED,
            note="Đã tổ chức học tập lại, có biên bản.",
        )
    partly = FindingUnit.objects.filter(finding__inspection=inspection, verdict="").order_by("id").first()
    if partly is not None:
        conclusion.finding_verdict(
            actor=inspector,
            application=partly,
            verdict=Verdict.PARTLY,
            note="Mới sửa đổi quy chế, chưa tổ chức thực hiện.",
        )
    _build_programme(tree, inspector)
    _build_discipline(tree, inspector)
    _build_complaints(tree, inspector)
    inspection.refresh_from_db()
    return inspection


def _build_programme(tree, inspector) -> Programme:
    programme = programmes.programme_create(
        actor=inspector,
        committee=tree.root,
        year=2026,
        title="Chương trình kiểm tra, giám sát năm 2026 của Ban Thường vụ Tỉnh ủy",
    )
    communes = [u for u in tree.inspected if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE]
    add = programmes.programme_item_add
    add(
        actor=inspector,
        programme=programme,
        subject_unit=communes[0],
        field=Field.LEADERSHIP,
        kind=ItemKind.COMPLIANCE_INSPECTION,
        content="Kiểm tra việc thực hiện Nghị quyết Đại hội Đảng bộ tỉnh",
        planned_start=datetime.date(2026, 4, 1),
        planned_end=datetime.date(2026, 5, 15),
    )
    add(
        actor=inspector,
        programme=programme,
        subject_unit=communes[1],
        field=Field.LAND,
        kind=ItemKind.THEMATIC_SUPERVISION,
        content="Giám sát chuyên đề công tác quản lý đất đai",
        planned_start=datetime.date(2026, 8, 1),
        planned_end=datetime.date(2026, 9, 30),
    )
    # Named in the sample: a programme that "xác định sai đối tượng" (a cell is not for this level).
    add(
        actor=inspector,
        programme=programme,
        subject_unit=tree.cells[0],
        field=Field.INSPECTION_WORK,
        kind=ItemKind.INSPECTION_WORK,
        content="Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát",
    )
    return programme


def _build_discipline(tree, inspector) -> None:
    record = discipline.discipline_record
    communes = [u for u in tree.inspected if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE]
    for n, name in enumerate(["Nguyễn Văn Hải", "Trần Thị Mai", "Lê Văn Đức"]):
        record(
            actor=inspector,
            subject_kind=DisciplineCase.SubjectKind.MEMBER,
            unit=communes[n],
            membership=DisciplineCase.Membership.FULL,
            person_name=name,
            form="warning",
            authority=tree.standing,
            decided_on=datetime.date(2026, 3, 10 + n),
            violation="Vi phạm quy định về quản lý đất đai, thiếu trách nhiệm trong lãnh đạo, chỉ đạo.",
        )
    record(
        actor=inspector,
        subject_kind=DisciplineCase.SubjectKind.MEMBER,
        unit=communes[3],
        membership=DisciplineCase.Membership.PROBATIONARY,
        person_name="Phạm Văn Long",
        form="reprimand",
        authority=tree.inspection,
        decided_on=datetime.date(2026, 5, 4),
        violation="Vi phạm quy định về những điều đảng viên không được làm.",
    )
    record(
        actor=inspector,
        subject_kind=DisciplineCase.SubjectKind.ORGANISATION,
        unit=tree.cells[1],
        form="reprimand",
        authority=tree.standing,
        decided_on=datetime.date(2026, 6, 2),
        violation="Buông lỏng lãnh đạo để xảy ra vi phạm trong quản lý tài chính.",
    )


def _build_complaints(tree, inspector) -> None:
    register = complaints.complaint_register
    communes = [u for u in tree.inspected if u.kind == OrgUnit.Kind.COMMUNE_COMMITTEE]
    register(
        actor=inspector,
        received_on=datetime.date(2026, 7, 1),
        kind=Complaint.Kind.DENUNCIATION,
        sender_name="Người tố cáo (được bảo vệ)",
        sender_contact="Thôn 2",
        subject_unit=communes[0],
        subject_person_name="Chủ tịch UBND xã",
        field=Field.LAND,
        handling_unit=tree.inspection,
        content="Tố cáo việc giao đất không đúng thẩm quyền.",
    )
    register(
        actor=inspector,
        received_on=datetime.date(2026, 10, 20),
        kind=Complaint.Kind.COMPLAINT,
        sender_name="Đảng viên khiếu nại",
        subject_unit=communes[1],
        handling_unit=tree.inspection,
        content="Khiếu nại quyết định kỷ luật cảnh cáo.",
        field=Field.INSPECTION_WORK,
    )
