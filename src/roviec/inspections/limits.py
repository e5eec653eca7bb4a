"""Rule figures kept as data (reference/README.md, "Inspection and discipline").

Sources: Quy định 296-QĐ/TW (30/5/2025) and the model procedures of Quyết định 331-QĐ/TW.
Figures marked "to confirm" come from older rules and should be checked against 296-QĐ/TW;
changing one is a one-line edit here, never a hunt through the code. The complaint time
limits are CONFIGURABLE without a code change: the setting ``ROVIEC_COMPLAINT_LIMITS``
(environment variable of the same name, JSON) overrides them (docs/inspections.md).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from roviec.inspections.models import Complaint, DisciplineCase, DisciplineForm, Level

# Inspection duration in days, by the inspecting committee's level; extendable by one third.
DURATION_DAYS = {
    Level.CENTRAL: 60,
    Level.PROVINCIAL: 45,
    Level.ABOVE_GRASSROOTS: 20,
}
EXTENSION_FRACTION = (1, 3)
# The period inspected reaches back at most this many years.
PERIOD_YEARS_MAX = 5

# Discipline forms allowed for each kind of subject (Điều lệ Đảng, 296-QĐ/TW).
DISCIPLINE_FORMS = {
    (DisciplineCase.SubjectKind.ORGANISATION, ""): (
        DisciplineForm.REPRIMAND,
        DisciplineForm.WARNING,
        DisciplineForm.DISSOLUTION,
    ),
    (DisciplineCase.SubjectKind.MEMBER, DisciplineCase.Membership.FULL): (
        DisciplineForm.REPRIMAND,
        DisciplineForm.WARNING,
        DisciplineForm.DISMISSAL,
        DisciplineForm.EXPULSION,
    ),
    (DisciplineCase.SubjectKind.MEMBER, DisciplineCase.Membership.PROBATIONARY): (
        DisciplineForm.REPRIMAND,
        DisciplineForm.WARNING,
    ),
}

# CONFIGURABLE: time limits for handling a letter, in calendar days from receipt (to confirm
# against 296-QĐ/TW, which counts working days by level; docs/inspections.md says what is known
# and why these early-flagging defaults stay). These are the defaults;
# settings.ROVIEC_COMPLAINT_LIMITS overrides any of them, e.g.
# ROVIEC_COMPLAINT_LIMITS='{"complaint": 60, "denunciation": 30}'. Read them through
# complaint_limits(), never from this dict directly.
COMPLAINT_DAYS = {
    Complaint.Kind.COMPLAINT: 90,
    Complaint.Kind.DENUNCIATION: 60,
    Complaint.Kind.PETITION: 30,
}
COMPLAINT_LIMITS_SETTING = "ROVIEC_COMPLAINT_LIMITS"


def complaint_limits() -> dict[str, int]:
    """The time limits in force: the defaults above, overridden by the setting."""
    overrides = getattr(settings, COMPLAINT_LIMITS_SETTING, None) or {}
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured(
            f"{COMPLAINT_LIMITS_SETTING} must map a kind of letter to a number of days."
        )
    limits = {str(kind): days for kind, days in COMPLAINT_DAYS.items()}
    for kind, days in overrides.items():
        if kind not in Complaint.Kind.values:
            known = ", ".join(Complaint.Kind.values)
            raise ImproperlyConfigured(f"{COMPLAINT_LIMITS_SETTING}: unknown kind {kind!r} (known: {known}).")
        if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
            raise ImproperlyConfigured(
                f"{COMPLAINT_LIMITS_SETTING}: {kind!r} needs a positive whole number of days."
            )
        limits[kind] = days
    return limits


def duration_limit(level: str) -> tuple[int, int]:
    """(normal limit, limit with the one-third extension) in days."""
    days = DURATION_DAYS.get(level, DURATION_DAYS[Level.PROVINCIAL])
    numerator, denominator = EXTENSION_FRACTION
    return days, days + days * numerator // denominator


def complaint_due_date(kind: str, received_on: datetime.date) -> datetime.date:
    limits = complaint_limits()
    return received_on + datetime.timedelta(days=limits.get(kind, limits[Complaint.Kind.PETITION]))


def allowed_forms(subject_kind: str, membership: str) -> tuple[str, ...]:
    key = (subject_kind, "" if subject_kind == DisciplineCase.SubjectKind.ORGANISATION else membership)
    return DISCIPLINE_FORMS.get(key, ())
