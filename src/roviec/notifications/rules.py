"""Follow-up rules: when to remind, when a task is overdue, when to tell the leader.

Read from ``settings.ROVIEC_FOLLOWUP`` (a dict) over these defaults, so an
installation changes them without touching code:

    ROVIEC_FOLLOWUP = {"reminder_offsets": (10, 5, 1), "escalate_after_days": 5}
"""

import datetime
from dataclasses import dataclass, fields, replace

from django.conf import settings


@dataclass(frozen=True)
class FollowUpRules:
    # Days before the due date on which the lead unit is reminded.
    reminder_offsets: tuple[int, ...] = (7, 3, 1)
    # An overdue notice goes out on the first day past due.
    overdue_notice: bool = True
    # After this many days overdue the accountable leader is told (0 = never).
    escalate_after_days: int = 3
    # The weekly digest per unit goes out on the first run on/after this weekday (0 = Monday).
    digest_weekday: int | None = 0
    # Local hours at which the periodic job runs (every hour on the hour inside them).
    run_hours: tuple[int, ...] = tuple(range(7, 18))
    # A pending e-mail older than this is sent again by the next run (its job was lost).
    email_retry_after: datetime.timedelta = datetime.timedelta(minutes=15)
    # After this many failed attempts an e-mail is given up (the in-app notice stays).
    email_max_attempts: int = 8

    def __post_init__(self):
        offsets = tuple(sorted({int(o) for o in self.reminder_offsets}, reverse=True))
        if any(o < 0 for o in offsets):
            raise ValueError("reminder offsets must be >= 0")
        object.__setattr__(self, "reminder_offsets", offsets)

    def reminder_window(self, days_left: int) -> int | None:
        """The reminder offset a task ``days_left`` before its due date falls in.

        The smallest offset not below ``days_left``: a run missed on the exact day
        (worker down) still reminds once, on the next run, under the same key.
        """
        candidates = [o for o in self.reminder_offsets if o >= days_left]
        if days_left < 0 or not candidates:
            return None
        return min(candidates)


def followup_rules() -> FollowUpRules:
    configured = dict(getattr(settings, "ROVIEC_FOLLOWUP", {}) or {})
    known = {f.name for f in fields(FollowUpRules)}
    unknown = set(configured) - known
    if unknown:
        raise ValueError(f"unknown ROVIEC_FOLLOWUP keys: {sorted(unknown)}")
    if "email_retry_after" in configured and not isinstance(configured["email_retry_after"],
                                                            datetime.timedelta):
        configured["email_retry_after"] = datetime.timedelta(minutes=int(configured["email_retry_after"]))
    return replace(FollowUpRules(), **configured)
