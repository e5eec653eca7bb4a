"""The conclusion notice: its DOCX in Party layout, its issue, remediation and verdicts.

A grouped finding (one statement naming several units) carries a real Word footnote that
lists its units, as the province's notices do. Issuing registers the notice in the
document registry (based on the decision), attaches the DOCX, and turns each requirement
into tasks for the subjects; organisations of the same committee that were not inspected
get a self-review task against the same notice.
"""

import datetime
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, changed_values, snapshot
from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.docgen import Paragraph, PartyDocument, Section, Signature, save_party_document
from roviec.documents import services as document_services
from roviec.documents.models import Document, DocumentRelation, DocumentType
from roviec.inspections.models import (
    Finding,
    FindingUnit,
    Inspection,
    RemediationTask,
    Requirement,
    Step,
    Verdict,
)
from roviec.inspections.services import (
    INSPECTION_FIELDS,
    PARTY_KINDS,
    audit_units,
    default_issuer_name,
    error,
    require_visible,
    step_record,
)
from roviec.orgs.models import OrgUnit
from roviec.tasks import services as task_services
from roviec.tasks.models import Task

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROMAN = ("I", "II", "III", "IV", "V", "VI")


def unit_label(application: FindingUnit) -> str:
    """The unit as the notice names it: as written when imported, else its short or full name."""
    return application.written_name or application.unit.short_name or application.unit.name


def _units_footnote(applications: list[FindingUnit]) -> str:
    return ", ".join(unit_label(a) for a in applications) + "."


def _superior_and_issuer(inspection: Inspection) -> tuple[str, str]:
    committee = inspection.committee
    issuer = default_issuer_name(committee)
    superior = committee.name
    if issuer.startswith("Ban Thường vụ "):
        return superior, "Ban Thường vụ"
    parent = committee.parent.name if committee.parent_id else ""
    return parent or superior, issuer


def notice_document(
    inspection: Inspection, *, symbol: str = "", date: datetime.date | None = None
) -> PartyDocument:
    """The conclusion notice as a Party document (framework-free structure for roviec.docgen)."""
    findings = list(
        inspection.findings.prefetch_related("applications__unit", "members__person").select_related(
            "responsible_person"
        )
    )
    subject_units = [s.unit for s in inspection.subjects.filter(person=None).select_related("unit")]
    members = list(inspection.subjects.exclude(person=None).select_related("person", "unit"))
    subject_ids = {u.pk for u in subject_units}
    superior, issuer = _superior_and_issuer(inspection)
    issuer_full = default_issuer_name(inspection.committee)

    intro_notes = []
    if subject_units:
        intro_notes.append(
            f"{len(subject_units):02d} tổ chức đảng: "
            + ", ".join(u.short_name or u.name for u in subject_units)
            + "."
        )
    if members:
        intro_notes.append(
            f"{len(members):02d} đảng viên: "
            + "; ".join(f"đồng chí {m.person}{', ' + m.note if m.note else ''}" for m in members)
            + "."
        )
    intro = inspection.notice_intro or _default_intro(
        inspection, issuer_full, len(subject_units), len(members)
    )
    sections = [Section(None, [Paragraph(intro, footnotes=intro_notes)])]

    member_ids = {m.pk for m in members}

    def block(kind: str) -> list[Paragraph]:
        paragraphs = []
        for finding in (f for f in findings if f.kind == kind):
            applications = list(finding.applications.all())
            applies_to_all = not applications or {a.unit_id for a in applications} >= subject_ids
            text = f"- {finding.text}"
            if finding.kind == Finding.Kind.RESPONSIBILITY and finding.responsible_person_id:
                role = finding.get_responsible_role_display() if finding.responsible_role else ""
                who = f"Đồng chí {finding.responsible_person}" + (f" ({role})" if role else "")
                text = f"- {who}: {finding.text}"
            notes = [] if applies_to_all else [_units_footnote(applications)]
            named = list(finding.members.all())
            if named and {m.pk for m in named} != member_ids:
                # Some of the members only: they are listed in a footnote, as units are.
                notes.append(
                    "; ".join(f"đồng chí {m.person}{', ' + m.note if m.note else ''}" for m in named) + "."
                )
            paragraphs.append(Paragraph(text, footnotes=notes))
        return paragraphs

    numbered = [
        ("1. Ưu điểm", block(Finding.Kind.STRENGTH)),
        ("2. Hạn chế, khuyết điểm", block(Finding.Kind.SHORTCOMING)),
        ("3.1. Nguyên nhân khách quan", block(Finding.Kind.CAUSE_OBJECTIVE)),
        ("3.2. Nguyên nhân chủ quan", block(Finding.Kind.CAUSE_SUBJECTIVE)),
        ("4. Trách nhiệm", block(Finding.Kind.RESPONSIBILITY)),
    ]
    sections.append(Section("I. ƯU ĐIỂM, HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN"))
    has_causes = any(paragraphs for heading, paragraphs in numbered if heading.startswith("3."))
    for heading, paragraphs in numbered:
        if heading.startswith("3.1") and has_causes:
            sections.append(Section("3. Nguyên nhân của những hạn chế, khuyết điểm"))
        if paragraphs:
            sections.append(Section(heading, paragraphs))
    requirements = list(inspection.requirements.all())
    deadline = inspection.remediation_deadline
    opening = (
        "Các cấp ủy, tổ chức đảng, người đứng đầu cấp ủy và các tập thể, cá nhân liên quan nghiêm túc rút "
        "kinh nghiệm đối với các hạn chế, khuyết điểm qua kiểm tra đã chỉ ra, xây dựng kế hoạch khắc phục"
    )
    opening += f", hoàn thành trước ngày {deadline:%d/%m/%Y}" if deadline else ""
    sections.append(
        Section(
            f"II. {issuer_full.upper()} YÊU CẦU",
            [Paragraph(opening + "; đồng thời thực hiện tốt các yêu cầu sau:")],
        )
    )
    for index, requirement in enumerate(requirements, start=1):
        heading = f"{index}. {requirement.heading}" if requirement.heading else None
        text = requirement.text
        if requirement.deadline:
            text += f" Thời hạn: {requirement.deadline:%d/%m/%Y}."
        sections.append(Section(heading, [Paragraph(text if heading else f"{index}. {text}")]))
    recipients = [
        line.strip(" -,.") for line in inspection.recipients_text.splitlines() if line.strip(" -,.")
    ]
    if not recipients:
        recipients = [
            "Các tổ chức đảng, đảng viên được kiểm tra",
            f"Lưu {inspection.body.short_name or inspection.body.name}" if inspection.body_id else "Lưu",
        ]
    signature = Signature(
        on_behalf=inspection.signer_on_behalf or "T/M BAN THƯỜNG VỤ",
        title=inspection.signer_title or "",
        name=inspection.signer_name or "",
    )
    date = date or (inspection.notice.issue_date if inspection.notice_id else timezone.localdate())
    symbol = symbol or (inspection.notice.symbol if inspection.notice_id else "      -TB/…")
    return PartyDocument(
        superior=superior,
        issuer=issuer,
        symbol=symbol,
        place=_place(inspection.committee),
        date=date,
        type_name="THÔNG BÁO KẾT LUẬN",
        title=inspection.title,
        sections=sections,
        signature=signature,
        recipients=recipients,
    )


def _place(committee: OrgUnit) -> str:
    root = committee
    while root.parent_id:
        root = root.parent
    name = root.name
    for prefix in ("Tỉnh ủy ", "Thành ủy "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _default_intro(inspection: Inspection, issuer: str, n_units: int, n_members: int) -> str:
    hearing = inspection.steps.filter(kind=Step.HEARING).values_list("done_on", flat=True).first()
    when = f"Ngày {hearing:%d/%m/%Y}, sau" if hearing else "Sau"
    decision = ""
    if inspection.decision_id:
        d = inspection.decision
        decision = f" theo Quyết định số {d.symbol}, ngày {d.issue_date:%d/%m/%Y} của {d.issuer_name}"
    subjects = []
    if n_units:
        subjects.append(f"{n_units:02d} tổ chức đảng")
    if n_members:
        subjects.append(f"{n_members:02d} đảng viên")
    about = " và ".join(subjects) or "các đối tượng"
    return (
        f"{when} khi nghe Đoàn Kiểm tra{decision} báo cáo kết quả kiểm tra đối với {about} "
        f"{inspection.content or inspection.title}, {issuer} kết luận như sau:"
    )


def notice_docx(inspection: Inspection, **kwargs) -> bytes:
    buffer = io.BytesIO()
    save_party_document(notice_document(inspection, **kwargs), buffer)
    return buffer.getvalue()


def notice_filename(inspection: Inspection) -> str:
    return f"thong-bao-ket-luan-{inspection.pk}.docx"


# --- issue and remediation ---------------------------------------------------------


def not_inspected_units(inspection: Inspection) -> list[OrgUnit]:
    """Party organisations directly under the same committee that were not inspected."""
    subjects = set(inspection.subjects.values_list("unit_id", flat=True))
    return [
        u
        for u in OrgUnit.objects.filter(parent=inspection.committee, kind__in=PARTY_KINDS).order_by("path")
        if u.pk not in subjects
    ]


@dataclass
class IssueResult:
    notice: Document
    remediation: int
    self_review: int


def task_content(requirement: Requirement | None, findings_text: str) -> str:
    if requirement is None:
        return "Xây dựng kế hoạch khắc phục các hạn chế, khuyết điểm qua kiểm tra đã chỉ ra" + (
            ":\n" + findings_text if findings_text else ""
        )
    head = f"Thực hiện yêu cầu {requirement.order}"
    head += f" ({requirement.heading})" if requirement.heading else ""
    return f"{head}: {requirement.text}"


@transaction.atomic
def conclusion_issue(
    *,
    actor,
    inspection: Inspection,
    symbol: str = "",
    issue_date: datetime.date | None = None,
    existing_notice: Document | None = None,
    create_tasks: bool = True,
    self_review: bool = True,
) -> IssueResult:
    """Register the notice (based on the decision), attach its DOCX, and assign remediation."""
    require_visible(actor, inspection)
    if not scoping.can_issue_conclusion(actor, inspection):
        raise PermissionDeniedError("Chỉ lãnh đạo cấp ủy kiểm tra mới ban hành thông báo kết luận.")
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if inspection.notice_id:
        raise ServiceError("notice_issued", "Thông báo kết luận của cuộc kiểm tra này đã ban hành.")
    subjects = list(inspection.subjects.filter(person=None).select_related("unit"))
    if not subjects:
        raise ServiceError("no_subjects", "Cuộc kiểm tra chưa có tổ chức đảng là đối tượng kiểm tra.")
    if not inspection.findings.exists():
        raise ServiceError("no_findings", "Chưa có nội dung kết luận (ưu điểm, hạn chế…).")
    before = snapshot(inspection, INSPECTION_FIELDS)
    self_review_units = not_inspected_units(inspection) if self_review else []
    if existing_notice is not None:
        if not scoping.visible_documents(actor).filter(pk=existing_notice.pk).exists():
            raise NotFoundError("Không tìm thấy thông báo kết luận trong sổ văn bản.")
        notice = existing_notice
    else:
        if not symbol or issue_date is None:
            message = "Vui lòng nhập số, ký hiệu và ngày ban hành của thông báo kết luận."
            raise ServiceError("notice_required", message, {"symbol": [message]})
        notice = document_services.document_register(
            actor=actor,
            registered_unit=inspection.committee,
            doc_type=DocumentType.objects.get(code="TB"),
            symbol=symbol,
            issue_date=issue_date,
            issuer_name=default_issuer_name(inspection.committee),
            issuer_unit=inspection.committee,
            title=inspection.title,
            direction=Document.Direction.ISSUED,
            signer_name=inspection.signer_name,
            signer_title=inspection.signer_title,
            signing_mode=Document.SigningMode.ON_BEHALF
            if inspection.signer_on_behalf.startswith("T/M")
            else "",
            recipients_text=inspection.recipients_text,
            recipient_units=[s.unit for s in subjects] + self_review_units,
        )
    if (
        inspection.decision_id
        and not DocumentRelation.objects.filter(
            source=notice, target=inspection.decision, kind=DocumentRelation.Kind.BASED_ON
        ).exists()
    ):
        document_services.document_relate(
            actor=actor, source=notice, target=inspection.decision, kind=DocumentRelation.Kind.BASED_ON
        )
    inspection.notice = notice
    inspection.save(update_fields=["notice", "updated_at"])
    if existing_notice is None:
        content = notice_docx(inspection)
        document_services.attachment_add(
            actor=actor,
            document=notice,
            uploaded=SimpleUploadedFile(notice_filename(inspection), content, content_type=DOCX_MIME),
        )
    for kind in (Step.CONCLUSION, Step.NOTICE):
        step_record(actor=actor, inspection=inspection, kind=kind, done_on=notice.issue_date, document=notice)
    remediation = self_count = 0
    if create_tasks:
        remediation = _assign_remediation(actor, inspection, notice, [s.unit for s in subjects])
        self_count = _assign_self_review(actor, inspection, notice, self_review_units)
    before_diff, after_diff = changed_values(before, snapshot(inspection, INSPECTION_FIELDS))
    audit_record(
        actor=actor,
        action="update",
        instance=inspection,
        before=before_diff,
        after=after_diff,
        # The notice is public to the subjects from now on, and so is this entry.
        units=[*audit_units(inspection), *(s.unit_id for s in subjects)],
        reason="Ban hành thông báo kết luận",
    )
    return IssueResult(notice=notice, remediation=remediation, self_review=self_count)


def _findings_for(inspection: Inspection, unit: OrgUnit) -> str:
    texts = (
        FindingUnit.objects.filter(finding__inspection=inspection, unit=unit)
        .order_by("finding__order")
        .values_list("finding__text", flat=True)
    )
    return "\n".join(f"- {t}" for t in texts)


def _common(inspection: Inspection) -> dict:
    return {
        "assigned_by_unit": inspection.committee,
        "authority_unit": inspection.body or inspection.committee,
        "authority_person": inspection.team_head,
        "field": inspection.get_field_display(),
    }


def _assign_remediation(actor, inspection: Inspection, notice: Document, units: list[OrgUnit]) -> int:
    common = _common(inspection)
    requirements = list(inspection.requirements.filter(audience=Requirement.Audience.SUBJECTS))
    count = 0
    for unit in units:
        plan = task_services.task_create(
            actor=actor,
            lead_unit=unit,
            content=task_content(None, _findings_for(inspection, unit)),
            deadline=inspection.remediation_deadline,
            deliverable="Kế hoạch khắc phục và báo cáo kết quả khắc phục",
            source_document=notice,
            source_clause="Mục II",
            **common,
        )
        RemediationTask.objects.create(inspection=inspection, unit=unit, task=plan)
        count += 1
        for requirement in requirements:
            task = task_services.task_create(
                actor=actor,
                lead_unit=unit,
                content=task_content(requirement, ""),
                deadline=requirement.deadline or inspection.remediation_deadline,
                deliverable="Báo cáo kết quả thực hiện yêu cầu",
                source_document=notice,
                source_clause=f"Mục II.{requirement.order}",
                **common,
            )
            RemediationTask.objects.create(
                inspection=inspection, requirement=requirement, unit=unit, task=task
            )
            count += 1
    return count


def _assign_self_review(actor, inspection: Inspection, notice: Document, units: list[OrgUnit]) -> int:
    common = _common(inspection)
    requirement = inspection.requirements.filter(audience=Requirement.Audience.NOT_INSPECTED).first()
    deadline = (
        requirement.deadline if requirement and requirement.deadline else inspection.remediation_deadline
    )
    for unit in units:
        task = task_services.task_create(
            actor=actor,
            lead_unit=unit,
            content=(
                "Tự rà soát, đánh giá kết quả đạt được, chỉ ra hạn chế, nguyên nhân (nếu có) và giải pháp "
                f"khắc phục trên cơ sở Thông báo kết luận {notice.symbol}"
            ),
            deadline=deadline,
            deliverable="Báo cáo tự rà soát",
            source_document=notice,
            source_clause=f"Mục II.{requirement.order}" if requirement else "Mục II",
            **common,
        )
        RemediationTask.objects.create(
            inspection=inspection,
            requirement=requirement,
            unit=unit,
            task=task,
            kind=RemediationTask.Kind.SELF_REVIEW,
        )
    return len(units)


@transaction.atomic
def remediation_adopt_tasks(*, actor, inspection: Inspection) -> int:
    """Link tasks already assigned from the notice to the inspection (an imported, older conclusion)."""
    require_visible(actor, inspection)
    inspection = Inspection.objects.get(pk=inspection.pk)
    if not scoping.can_issue_conclusion(actor, inspection) or not inspection.notice_id:
        raise PermissionDeniedError()
    subjects = set(inspection.subjects.values_list("unit_id", flat=True))
    linked = set(RemediationTask.objects.values_list("task_id", flat=True))
    count = 0
    for task in Task.objects.filter(source_document=inspection.notice).exclude(pk__in=linked):
        kind = (
            RemediationTask.Kind.REMEDIATION
            if task.lead_unit_id in subjects
            else RemediationTask.Kind.SELF_REVIEW
        )
        record = RemediationTask.objects.create(
            inspection=inspection, unit=task.lead_unit, task=task, kind=kind
        )
        audit_record(
            actor=actor,
            action="create",
            instance=record,
            after={"inspection": inspection.pk, "task": task.pk, "kind": kind},
            units=[*audit_units(inspection), task.lead_unit_id],
        )
        count += 1
    return count


VERDICT_FIELDS = ("verdict", "verdict_note", "verified_by", "verified_on")


@transaction.atomic
def finding_verdict(
    *, actor, application: FindingUnit, verdict: str, note: str = "", verified_on: datetime.date | None = None
) -> FindingUnit:
    """The inspection committee closes a finding for one unit: remedied, partly, or not remedied."""
    application = (
        FindingUnit.objects.select_for_update().select_related("finding__inspection").get(pk=application.pk)
    )
    inspection = application.finding.inspection
    require_visible(actor, inspection)
    if not scoping.can_verify_remediation(actor, inspection):
        raise PermissionDeniedError("Chỉ Ủy ban Kiểm tra hoặc trưởng đoàn đánh giá kết quả khắc phục.")
    if not inspection.notice_id:
        raise ServiceError(
            "notice_not_issued", "Chưa ban hành thông báo kết luận, chưa thể đánh giá khắc phục."
        )
    note = (note or "").strip()
    if verdict not in (Verdict.REMEDIED, Verdict.PARTLY, Verdict.NOT_REMEDIED):
        raise error("invalid_verdict", "verdict", "Vui lòng chọn kết quả khắc phục.")
    if verdict != Verdict.REMEDIED and not note:
        raise error(
            "note_required",
            "verdict_note",
            "Vui lòng ghi nhận xét khi chưa khắc phục hoặc khắc phục một phần.",
        )
    verified_on = verified_on or timezone.localdate()
    if verified_on > timezone.localdate():
        raise error("future_date", "verified_on", "Ngày đánh giá không được sau ngày hôm nay.")
    before = snapshot(application, VERDICT_FIELDS)
    application.verdict, application.verdict_note = verdict, note
    application.verified_by = actor if getattr(actor, "is_authenticated", False) else None
    application.verified_on = verified_on
    application.save(update_fields=[*VERDICT_FIELDS, "updated_at"])
    before_diff, after_diff = changed_values(before, snapshot(application, VERDICT_FIELDS))
    # The unit may read the verdict on its own finding in its history.
    audit_record(
        actor=actor,
        action="update",
        instance=application,
        before=before_diff,
        after=after_diff,
        units=[application.unit_id],
    )
    return application
