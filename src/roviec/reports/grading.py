"""The progress side of the evaluation grades (Quy định 366-QĐ/TW), as a basis, not a grade.

A grade also needs the common criteria and a score out of 100 that only the
reviewing committee gives; what the system can state is whether a unit's task
results meet the progress condition of each level. Thresholds are data.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

# Share of due tasks that may be done late (behind schedule) for each level; none may remain overdue.
PROGRESS_CONDITIONS = (
    # (max share done late, label)
    (0.0, N_("Đạt điều kiện tiến độ mức Hoàn thành tốt trở lên (100% đúng hạn)")),
    (0.2, N_("Đạt điều kiện tiến độ mức Hoàn thành nhiệm vụ (chậm tiến độ không quá 20%)")),
)
NOT_MET = N_("Chưa đạt điều kiện tiến độ mức Hoàn thành nhiệm vụ")
NOTHING_DUE = N_("Chưa có nhiệm vụ đến hạn trong kỳ")


def progress_basis(tally) -> str:
    if not tally.due:
        return _(NOTHING_DUE)
    if tally.overdue:
        return _(NOT_MET)
    late_share = tally.done_late / tally.due
    for limit, label in PROGRESS_CONDITIONS:
        if late_share <= limit:
            return _(label)
    return _(NOT_MET)
