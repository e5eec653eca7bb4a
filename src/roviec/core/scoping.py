"""The one place that decides what a user may see and do.

A user belongs to units through the current positions of the person linked to
the account. They see the subtree of each of those units, plus tasks where a
unit of that subtree leads or coordinates. Staff of an advisory body (the
office, the inspection committee, the standing committee) holding an office,
inspection or leader role act for the committee that body serves, so their
subtree is that committee's. Every selector and every API view
filters through the functions here; an object outside the scope is treated as
absent (404), so nothing leaks through lists, counts, search or exports.
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils import timezone

ROLE_OFFICE = "office"
ROLE_LEADER = "leader"
ROLE_INSPECTION = "inspection"
ROLE_UNIT_STAFF = "unit_staff"


@dataclass(frozen=True)
class Scope:
    everything: bool
    person_id: int | None
    # (unit path, access role) for each current position of the user.
    grants: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(sorted({path for path, _ in self.grants}))

    def paths_with(self, *roles: str) -> tuple[str, ...]:
        return tuple(sorted({path for path, role in self.grants if role in roles}))

    def unit_q(self, prefix: str = "", roles: tuple[str, ...] | None = None) -> Q:
        """Q matching units (reached through ``prefix``) inside the scope's subtrees."""
        if self.everything:
            return Q()
        paths = self.paths if roles is None else self.paths_with(*roles)
        if not paths:
            return Q(pk__in=[])
        return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))

    def covers(self, unit, roles: tuple[str, ...] | None = None) -> bool:
        if self.everything:
            return True
        if unit is None:
            return False
        paths = self.paths if roles is None else self.paths_with(*roles)
        return any(unit.path.startswith(p) for p in paths)


def scope_for(user) -> Scope:
    """The user's scope, computed once per request and kept on the user object."""
    cached = getattr(user, "_roviec_scope", None)
    if cached is not None:
        return cached
    from roviec.orgs.models import Position

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        scope = Scope(everything=False, person_id=None)
    elif user.is_superuser:
        scope = Scope(everything=True, person_id=_person_id(user))
    else:
        today = timezone.localdate()
        positions = (
            Position.objects.filter(person__user=user)
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .values_list("unit__path", "unit__kind", "unit__parent__path", "access_role", "person_id")
        )
        rows = list(positions)
        scope = Scope(
            everything=False,
            person_id=rows[0][4] if rows else _person_id(user),
            grants=tuple((_scope_path(path, kind, parent_path, role), role)
                         for path, kind, parent_path, role, _ in rows),
        )
    user._roviec_scope = scope
    return scope


# Advisory bodies (the office, the inspection committee) act for the committee
# they serve: their staff's scope is that committee's subtree, not their own.
_SERVING_KINDS = {"advisory_body", "inspection_committee", "standing_committee"}
_SERVING_ROLES = {ROLE_OFFICE, ROLE_INSPECTION, ROLE_LEADER}


def _scope_path(path: str, kind: str, parent_path: str | None, role: str) -> str:
    if kind in _SERVING_KINDS and role in _SERVING_ROLES and parent_path:
        return parent_path
    return path


def _person_id(user) -> int | None:
    person = getattr(user, "person", None)
    return person.pk if person is not None else None


# --- Units -----------------------------------------------------------------

def visible_units(user) -> QuerySet:
    from roviec.orgs.models import OrgUnit

    return OrgUnit.objects.filter(scope_for(user).unit_q())


def can_manage_unit_tree(user) -> bool:
    return bool(user.is_superuser)


# --- Documents ---------------------------------------------------------------

def visible_documents(user) -> QuerySet:
    from roviec.documents.models import Document

    scope = scope_for(user)
    if scope.everything:
        return Document.objects.all()
    task_docs = visible_tasks(user).filter(source_document__isnull=False).values("source_document_id")
    q = (
        scope.unit_q("issuer_unit__")
        | scope.unit_q("registered_unit__")
        | Q(pk__in=Document.objects.filter(scope.unit_q("recipient_units__")).values("pk"))
        | Q(pk__in=task_docs)
    )
    return Document.objects.filter(q)


def can_register_documents(user, unit) -> bool:
    """Registering documents for a unit is the office's work (or a leader's)."""
    return scope_for(user).covers(unit, roles=(ROLE_OFFICE, ROLE_LEADER, ROLE_INSPECTION))


def can_change_document(user, document) -> bool:
    return scope_for(user).covers(document.registered_unit, roles=(ROLE_OFFICE, ROLE_LEADER))


# --- Tasks -------------------------------------------------------------------

def visible_tasks(user) -> QuerySet:
    from roviec.tasks.models import Task

    scope = scope_for(user)
    if scope.everything:
        return Task.objects.all()
    coordinated = Task.objects.filter(scope.unit_q("coordinating_units__")).values("pk")
    return Task.objects.filter(
        scope.unit_q("lead_unit__") | scope.unit_q("assigned_by_unit__") | Q(pk__in=coordinated)
    )


def can_assign_tasks_to(user, unit) -> bool:
    """Create, change or cancel tasks led by ``unit``."""
    return scope_for(user).covers(unit, roles=(ROLE_OFFICE, ROLE_LEADER))


def can_manage_task(user, task) -> bool:
    scope = scope_for(user)
    roles = (ROLE_OFFICE, ROLE_LEADER)
    return scope.covers(task.assigned_by_unit, roles=roles) or scope.covers(task.lead_unit, roles=roles)


def can_split_task(user, task) -> bool:
    """The people of a task's lead unit split it into sub-tasks for the units below it.

    This is narrower than assigning: the sub-tasks stay under the received task, are led by
    units inside the lead unit's subtree, and are assigned in the lead unit's name.
    """
    return task.lead_unit_id is not None and scope_for(user).covers(task.lead_unit)


def can_change_task_terms(user, task) -> bool:
    """Deadline, deliverable and authority are set by the side that assigned the task.

    The lead unit asks for an extension instead of moving its own deadline.
    """
    return scope_for(user).covers(task.assigned_by_unit, roles=(ROLE_OFFICE, ROLE_LEADER))


def can_report_progress(user, task) -> bool:
    """The lead unit's people report on a task; so do the office and leaders above it."""
    return scope_for(user).covers(task.lead_unit)


def can_review_reports(user, task) -> bool:
    """The task's authority accepts or returns a report."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if task.authority_person_id is not None and task.authority_person_id == scope.person_id:
        return True
    return scope.covers(task.authority_unit, roles=(ROLE_OFFICE, ROLE_LEADER))


def visible_reports(user) -> QuerySet:
    from roviec.tasks.models import ProgressReport

    return ProgressReport.objects.filter(task__in=visible_tasks(user).values("pk"))


# --- Audit -------------------------------------------------------------------

# Audit entries of inspection work (letters, discipline cases, inspections and their papers)
# follow the inner-circle rule below: only the inspection committee and leaders read them.
_INNER_CIRCLE_AUDIT_PREFIX = "inspections."


def visible_audit_events(user) -> QuerySet:
    """Entries naming a unit of the user's subtrees; the whole province's office thus reads them all.

    Entries on inspection work are read only through units where the user is on the inspection
    committee or a leader: a letter's content must not reach an office that may not open the
    letter. The staff flag (admin site access) widens nothing. Entries naming no unit (a person's
    record, a working paper) are the superuser's alone. The filter is a semi-join on the
    entry-unit link table and the indexed unit path, the same plan on SQLite and PostgreSQL.
    """
    from roviec.core.models import AuditEvent

    scope = scope_for(user)
    if scope.everything:
        return AuditEvent.objects.all()
    through = AuditEvent.units.through.objects
    inner = Q(auditevent__object_type__startswith=_INNER_CIRCLE_AUDIT_PREFIX)
    links = through.filter(scope.unit_q("orgunit__")).exclude(inner)
    inner_links = through.filter(inner & scope.unit_q("orgunit__", roles=_INSPECTION_ROLES))
    return AuditEvent.objects.filter(
        Q(pk__in=links.values("auditevent_id")) | Q(pk__in=inner_links.values("auditevent_id"))
    )


# --- Inspection and supervision ------------------------------------------------
# An inspection's working papers (team, steps, draft findings) belong to the inner
# circle: the inspection committee and the leaders of the inspecting committee, plus
# the team's own members. A subject organisation sees the inspection it is part of and,
# once the conclusion notice is issued, only the findings that name it.

_INSPECTION_ROLES = (ROLE_INSPECTION, ROLE_LEADER)


def _inspection_inner_q(scope: Scope) -> Q:
    return scope.unit_q("committee__", roles=_INSPECTION_ROLES)


def _team_inspection_ids(scope: Scope):
    from roviec.inspections.models import Inspection

    if scope.person_id is None:
        return []
    through = Inspection.team_members.through
    members = through.objects.filter(person_id=scope.person_id).values("inspection_id")
    return Inspection.objects.filter(Q(team_head_id=scope.person_id) | Q(pk__in=members)).values("pk")


def visible_inspections(user) -> QuerySet:
    from roviec.inspections.models import Inspection, InspectionSubject

    scope = scope_for(user)
    if scope.everything:
        return Inspection.objects.all()
    subjects = InspectionSubject.objects.filter(scope.unit_q("unit__")).values("inspection_id")
    return Inspection.objects.filter(
        _inspection_inner_q(scope) | Q(pk__in=_team_inspection_ids(scope)) | Q(pk__in=subjects)
    )


def can_see_working_papers(user, inspection) -> bool:
    """Team, steps, drafts and every finding: the inner circle only."""
    scope = scope_for(user)
    if scope.everything or scope.covers(inspection.committee, roles=_INSPECTION_ROLES):
        return True
    if scope.person_id is None:
        return False
    return (inspection.team_head_id == scope.person_id
            or inspection.team_members.filter(pk=scope.person_id).exists())


def can_manage_inspections(user, committee) -> bool:
    """Set up programmes and inspections on behalf of ``committee``."""
    return scope_for(user).covers(committee, roles=_INSPECTION_ROLES)


def can_work_on_inspection(user, inspection) -> bool:
    """Record steps and findings: the inner circle."""
    return can_see_working_papers(user, inspection)


def can_issue_conclusion(user, inspection) -> bool:
    """Issue the notice and assign remediation: a leader of the inspecting committee."""
    return scope_for(user).covers(inspection.committee, roles=(ROLE_LEADER,))


def can_verify_remediation(user, inspection) -> bool:
    """Close a finding with a verdict: the inspection committee or the team head."""
    scope = scope_for(user)
    if scope.covers(inspection.committee, roles=(ROLE_INSPECTION,)):
        return True
    return scope.person_id is not None and inspection.team_head_id == scope.person_id


def visible_finding_units(user) -> QuerySet:
    """Findings as they apply to units: all of them for the inner circle; a subject
    sees its own once the notice is issued."""
    from roviec.inspections.models import FindingUnit

    scope = scope_for(user)
    if scope.everything:
        return FindingUnit.objects.all()
    from roviec.inspections.models import Inspection

    inner_inspections = Inspection.objects.filter(_inspection_inner_q(scope)
                                                  | Q(pk__in=_team_inspection_ids(scope)))
    inner = Q(finding__inspection__in=inner_inspections.values("pk"))
    own = scope.unit_q("unit__") & Q(finding__inspection__notice__isnull=False)
    return FindingUnit.objects.filter(inner | own)


def visible_programmes(user) -> QuerySet:
    from roviec.inspections.models import Programme

    return Programme.objects.filter(scope_for(user).unit_q("committee__"))


def visible_discipline_cases(user) -> QuerySet:
    from roviec.inspections.models import DisciplineCase

    scope = scope_for(user)
    return DisciplineCase.objects.filter(
        scope.unit_q("authority__", roles=_INSPECTION_ROLES) | scope.unit_q("unit__", roles=_INSPECTION_ROLES)
    )


def can_manage_discipline(user, authority) -> bool:
    return scope_for(user).covers(authority, roles=_INSPECTION_ROLES)


def visible_complaints(user) -> QuerySet:
    """Letters reach the inspection committee and the leaders of the handling body only."""
    from roviec.inspections.models import Complaint

    return Complaint.objects.filter(scope_for(user).unit_q("handling_unit__", roles=_INSPECTION_ROLES))


def can_manage_complaints(user, handling_unit) -> bool:
    return scope_for(user).covers(handling_unit, roles=(ROLE_INSPECTION,))


def can_see_complainant(user, complaint) -> bool:
    """The sender's identity is protected: the inspection role of the handling body only."""
    return scope_for(user).covers(complaint.handling_unit, roles=(ROLE_INSPECTION,))


def visible_findings(user) -> QuerySet:
    """Findings of inspections: every one for the inner circle. Once the notice is issued a
    subject sees those naming its units, those naming its members (or the member themself),
    and the general ones (strengths, causes) that name nobody and so apply to all subjects."""
    from roviec.inspections.models import Finding, Inspection, InspectionSubject

    scope = scope_for(user)
    if scope.everything:
        return Finding.objects.all()
    inner = Inspection.objects.filter(_inspection_inner_q(scope) | Q(pk__in=_team_inspection_ids(scope)))
    own_units = visible_finding_units(user).values("finding_id")
    people = scope.unit_q("unit__")
    if scope.person_id is not None:
        people |= Q(person_id=scope.person_id)
    own_members = InspectionSubject.objects.filter(people, person__isnull=False).values("pk")
    subject_of = InspectionSubject.objects.filter(scope.unit_q("unit__")).values("inspection_id")
    general = Finding.objects.filter(applications__isnull=True, members__isnull=True).values("pk")
    issued = Q(inspection__notice__isnull=False)
    return Finding.objects.filter(
        Q(inspection__in=inner.values("pk"))
        | Q(pk__in=own_units)
        | (issued & Q(pk__in=Finding.objects.filter(members__in=own_members).values("pk")))
        | (issued & Q(inspection__in=subject_of) & Q(pk__in=general))
    )


def can_correct_conclusion(user, inspection) -> bool:
    """Correct findings and requirements of an issued notice (with a reason): the inspection
    committee and the leaders of the inspecting committee, not a borrowed team member."""
    return scope_for(user).covers(inspection.committee, roles=_INSPECTION_ROLES)


def can_correct_remediation_task(user, task, inspection) -> bool:
    """Carry a correction of ``inspection``'s notice to a task assigned from one of its requirements.

    Whoever may correct the conclusion (the inspection committee, the leaders of the inspecting
    committee) may change the content and deadline of the open tasks that notice assigned from
    its requirements, and only as part of the correction (tasks services, ``correcting=``): not
    other tasks of the same committee, not the tasks' other terms, not a done or cancelled task.
    """
    from roviec.inspections.models import RemediationTask

    if task.cancelled_at is not None or task.completed_on is not None:
        return False
    if not can_correct_conclusion(user, inspection):
        return False
    return RemediationTask.objects.filter(task_id=task.pk, requirement__inspection_id=inspection.pk).exists()
