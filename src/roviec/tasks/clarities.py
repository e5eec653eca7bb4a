"""The six clarities (rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, rõ thẩm quyền).

A task may be registered while still vague; what it lacks is shown in red and
can be filtered in lists, so the office knows what to clarify.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Clarity(models.TextChoices):
    OWNER = "owner", _("Rõ người")
    ACTION = "action", _("Rõ việc")
    DEADLINE = "deadline", _("Rõ thời gian")
    ACCOUNTABILITY = "accountability", _("Rõ trách nhiệm")
    DELIVERABLE = "deliverable", _("Rõ sản phẩm")
    AUTHORITY = "authority", _("Rõ thẩm quyền")


# What a user must fill in to make the clarity hold, for messages next to the field.
CLARITY_HINTS = {
    Clarity.OWNER: _("Chưa có đơn vị chủ trì."),
    Clarity.ACTION: _("Chưa có nội dung nhiệm vụ."),
    Clarity.DEADLINE: _("Chưa có thời hạn hoặc định kỳ."),
    Clarity.ACCOUNTABILITY: _("Chưa có lãnh đạo phụ trách."),
    Clarity.DELIVERABLE: _("Chưa có sản phẩm đầu ra."),
    Clarity.AUTHORITY: _("Chưa có cơ quan hoặc người nghiệm thu."),
}


def missing_clarities(task) -> list[Clarity]:
    """The clarities a task lacks, in the canonical order."""
    missing = []
    if task.lead_unit_id is None:
        missing.append(Clarity.OWNER)
    if not (task.content or "").strip():
        missing.append(Clarity.ACTION)
    if task.deadline is None and not task.recurrence:
        missing.append(Clarity.DEADLINE)
    if task.accountable_person_id is None:
        missing.append(Clarity.ACCOUNTABILITY)
    if not (task.deliverable or "").strip():
        missing.append(Clarity.DELIVERABLE)
    if task.authority_unit_id is None and task.authority_person_id is None:
        missing.append(Clarity.AUTHORITY)
    return missing


def missing_q(clarity: str) -> Q:
    """Q matching tasks that lack ``clarity`` (services strip text, so blank means empty)."""
    match Clarity(clarity):
        case Clarity.OWNER:
            return Q(lead_unit__isnull=True)
        case Clarity.ACTION:
            return Q(content="")
        case Clarity.DEADLINE:
            return Q(deadline__isnull=True, recurrence="")
        case Clarity.ACCOUNTABILITY:
            return Q(accountable_person__isnull=True)
        case Clarity.DELIVERABLE:
            return Q(deliverable="")
        case Clarity.AUTHORITY:
            return Q(authority_unit__isnull=True, authority_person__isnull=True)
    raise ValueError(clarity)


def any_missing_q() -> Q:
    q = Q()
    for clarity in Clarity:
        q |= missing_q(clarity)
    return q
