"""Reads on inspections; each takes the user and applies the scope once."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from roviec.core import scoping
from roviec.core.errors import NotFoundError
from roviec.core.models import AuditEvent
from roviec.core.text import fold
from roviec.inspections import limits
from roviec.inspections.models import (
    Finding,
    FindingUnit,
    Inspection,
    InspectionStep,
    InspectionSubject,
    Programme,
    RemediationTask,
    Requirement,
    Step,
    Verdict,
)
from roviec.tasks.status import with_status


def inspection_list(*, user, q: str = "") -> QuerySet:
    inspections = scoping.visible_inspections(user).select_related("committee", "decision", "notice")
    for word in fold(q).split():
        inspections = inspections.filter(search_text__contains=word)
    return inspections


def inspection_get(*, user, pk) -> Inspection:
    inspection = (
        inspection_list(user=user).select_related("body", "team_head", "programme_item").filter(pk=pk).first()
    )
    if inspection is None:
        raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
    return inspection


def programme_list(*, user) -> QuerySet:
    return scoping.visible_programmes(user).select_related("committee")


def programme_get(*, user, pk) -> Programme:
    programme = programme_list(user=user).filter(pk=pk).first()
    if programme is None:
        raise NotFoundError("Không tìm thấy chương trình.")
    return programme


def inspection_warnings(inspection: Inspection, today: datetime.date | None = None) -> list[str]:
    """Duration and period limits (45 days at provincial level, …) as plain Vietnamese warnings."""
    today = today or timezone.localdate()
    warnings = []
    normal, extended = limits.duration_limit(inspection.level)
    start = inspection.start_date
    concluded = (
        inspection.steps.filter(kind=Step.CONCLUSION, done_on__isnull=False)
        .values_list("done_on", flat=True)
        .first()
    )
    if start:
        planned_days = (inspection.planned_end - start).days if inspection.planned_end else None
        if planned_days is not None and planned_days > extended:
            warnings.append(
                f"Thời gian dự kiến {planned_days} ngày vượt giới hạn {normal} ngày "
                f"(kể cả gia hạn tối đa {extended} ngày) của {inspection.get_level_display().lower()}."
            )
        elif planned_days is not None and planned_days > normal:
            warnings.append(
                f"Thời gian dự kiến {planned_days} ngày vượt {normal} ngày: cần quyết định gia hạn "
                f"(tối đa {extended} ngày)."
            )
        elapsed = ((concluded or today) - start).days
        if elapsed > normal and (planned_days is None or planned_days <= normal):
            state = "đã kéo dài" if concluded is None else "đã kéo dài đến khi kết luận"
            warnings.append(f"Cuộc kiểm tra {state} {elapsed} ngày, quá thời hạn {normal} ngày.")
    if inspection.period_from:
        reference = start or today
        earliest = reference.replace(year=reference.year - limits.PERIOD_YEARS_MAX)
        if inspection.period_from < earliest:
            warnings.append(f"Thời kỳ kiểm tra vượt quá {limits.PERIOD_YEARS_MAX} năm.")
    return warnings


@dataclass
class FindingView:
    finding: Finding
    applications: list[FindingUnit] = field(default_factory=list)
    members: list = field(default_factory=list)


@dataclass
class InspectionDetail:
    inspection: Inspection
    working_papers: bool
    can_work: bool
    can_issue: bool
    can_verify: bool
    subjects: list
    steps: list
    findings: list[FindingView]
    requirements: list
    remediation: list
    warnings: list[str]
    can_edit: bool = False


def inspection_detail(*, user, pk, today: datetime.date | None = None) -> InspectionDetail:
    """What the user may see of one inspection: the inner circle everything, a subject its own part."""
    inspection = inspection_get(user=user, pk=pk)
    papers = scoping.can_see_working_papers(user, inspection)
    applications = (
        scoping.visible_finding_units(user)
        .filter(finding__inspection=inspection)
        .select_related("unit", "verified_by")
    )
    findings_qs = (
        scoping.visible_findings(user)
        .filter(inspection=inspection)
        .select_related("responsible_person")
        .prefetch_related(
            Prefetch("applications", queryset=applications.order_by("id"), to_attr="visible_applications"),
            Prefetch(
                "members", queryset=InspectionSubject.objects.select_related("person", "unit").order_by("id")
            ),
        )
        .order_by("order", "id")
    )
    scope = scoping.scope_for(user)

    def own(subject) -> bool:
        return papers or scope.covers(subject.unit) or subject.person_id == scope.person_id

    findings = [
        FindingView(f, f.visible_applications, [m for m in f.members.all() if own(m)]) for f in findings_qs
    ]
    tasks = scoping.visible_tasks(user).values("pk")
    remediation = (
        RemediationTask.objects.filter(inspection=inspection, task__in=tasks)
        .select_related("unit", "requirement")
        .order_by("unit__path", "requirement__order", "id")
    )
    task_status = {
        t.pk: t
        for t in with_status(scoping.visible_tasks(user).filter(pk__in=remediation.values("task_id")), today)
    }
    remediation_rows = [(r, task_status.get(r.task_id)) for r in remediation]
    subjects = inspection.subjects.select_related("unit", "person")
    if not papers:
        subjects = subjects.filter(scoping.scope_for(user).unit_q("unit__"))
    return InspectionDetail(
        inspection=inspection,
        working_papers=papers,
        can_work=scoping.can_work_on_inspection(user, inspection),
        can_issue=scoping.can_issue_conclusion(user, inspection) and inspection.notice_id is None,
        can_verify=scoping.can_verify_remediation(user, inspection) and inspection.notice_id is not None,
        subjects=list(subjects),
        steps=list(inspection.steps.select_related("document")) if papers else [],
        findings=findings,
        requirements=list(inspection.requirements.all()) if (papers or inspection.notice_id) else [],
        remediation=remediation_rows,
        warnings=inspection_warnings(inspection, today) if papers else [],
        can_edit=scoping.can_correct_conclusion(user, inspection)
        if inspection.notice_id
        else scoping.can_work_on_inspection(user, inspection),
    )


def open_findings(*, user) -> QuerySet:
    """Findings naming the user's units that the inspection committee has not closed yet."""
    return (
        scoping.visible_finding_units(user)
        .filter(verdict=Verdict.OPEN)
        .select_related("finding__inspection", "unit")
    )


def inspection_history(*, user, pk) -> QuerySet:
    """The audit entries of an inspection and its working papers, newest first.

    Entries of working papers carry no units on purpose (the audit log of a unit must not show
    drafts), so they are selected by object type and id, for those who may see the working papers.
    """
    inspection = inspection_get(user=user, pk=pk)
    if not scoping.can_see_working_papers(user, inspection):
        raise NotFoundError("Không tìm thấy cuộc kiểm tra.")
    papers = {
        Inspection: [inspection.pk],
        InspectionSubject: inspection.subjects.values_list("pk", flat=True),
        InspectionStep: inspection.steps.values_list("pk", flat=True),
        Finding: inspection.findings.values_list("pk", flat=True),
        FindingUnit: FindingUnit.objects.filter(finding__inspection=inspection).values_list("pk", flat=True),
        Requirement: inspection.requirements.values_list("pk", flat=True),
        RemediationTask: inspection.remediation_tasks.values_list("pk", flat=True),
    }
    q = Q(pk__in=[])
    for model, ids in papers.items():
        q |= Q(object_type=model._meta.label_lower, object_id__in=[str(i) for i in ids])
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-at", "-id")
