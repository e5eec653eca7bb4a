"""Follow-up (đôn đốc): which notices are due today, and delivering them once.

``plan_followups`` only reads: it turns today's open tasks into worded,
keyed ``PlannedNotice`` values. ``run_followups`` delivers them through
``services.notice_deliver``, whose unique key makes a second run, a retried
job or two workers at once harmless.

Every rule catches up: a run missed on the exact day (worker down) still sends
the notice once on the next run, under the same key.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from roviec.notifications.models import NotificationKind
from roviec.notifications.rules import FollowUpRules, followup_rules
from roviec.notifications.selectors import person_user, unit_member_users
from roviec.notifications.services import (
    EmailEnqueuer,
    PlannedNotice,
    delivery_email_send,
    notices_deliver,
    stale_email_ids,
)

logger = logging.getLogger(__name__)

DIGEST_LIMIT = 10


@dataclass(frozen=True)
class RunSummary:
    planned: int
    delivered: int
    emails_resent: int


def _d(day: datetime.date) -> str:
    return date_format(day, "d/m/Y")


def _short(text: str, limit: int = 160) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _open_tasks(today: datetime.date, horizon: datetime.date):
    from roviec.tasks.models import Task
    from roviec.tasks.status import OPEN_STATUSES, with_status

    return (
        with_status(Task.objects.all(), today)
        .filter(status__in=[s.value for s in OPEN_STATUSES], due_date__isnull=False)
        .select_related("lead_unit", "responsible_person__user", "accountable_person__user",
                        "assigned_by_unit")
        .order_by("due_date", "pk")
        .filter(due_date__lte=horizon)
    )


def _unit_users(unit_ids, today, cache: dict) -> list:
    """Members of the units, cached per run (many tasks share a lead unit)."""
    key = tuple(sorted(unit_ids))
    if key not in cache:
        cache[key] = list(unit_member_users(unit_ids=key, today=today)) if key else []
    return cache[key]


def _task_recipients(task, today, cache) -> list:
    users = {u.pk: u for u in _unit_users([task.lead_unit_id] if task.lead_unit_id else [], today, cache)}
    responsible = person_user(task.responsible_person)
    if responsible is not None:
        users[responsible.pk] = responsible
    return [users[pk] for pk in sorted(users)]


def _escalation_recipients(task, today, cache) -> list:
    accountable = person_user(task.accountable_person)
    if accountable is not None:
        return [accountable]
    # No accountable leader named: the leaders of the assigning unit hear of it.
    from roviec.orgs.models import Position

    leaders = unit_member_users(unit_ids=[task.assigned_by_unit_id], today=today,
                                roles=(Position.AccessRole.LEADER,))
    return sorted(leaders, key=lambda u: u.pk)


def _task_line(task) -> str:
    unit = task.lead_unit.name if task.lead_unit_id else _("(chưa rõ đơn vị chủ trì)")
    return _("“%(task)s” — %(unit)s chủ trì") % {"task": _short(task.content), "unit": unit}


def _plan_task(task, today: datetime.date, rules: FollowUpRules, cache) -> list[PlannedNotice]:
    due = task.due_date
    days_left = (due - today).days
    url = _url("tasks:detail", task.pk)
    notices = []

    def add(kind, key, users, title, body):
        for user in users:
            notices.append(PlannedNotice(key=f"{key}:{user.pk}", kind=kind, recipient_id=user.pk, title=title,
                                         body=body, url=url, task_id=task.pk))

    window = rules.reminder_window(days_left)
    if window is not None:
        if days_left == 0:
            title = _("Nhắc hạn: nhiệm vụ đến hạn hôm nay")
        else:
            title = ngettext("Nhắc hạn: còn %(days)d ngày", "Nhắc hạn: còn %(days)d ngày",
                             days_left) % {"days": days_left}
        body = _("Nhiệm vụ %(line)s có thời hạn ngày %(due)s. Đề nghị khẩn trương thực hiện và báo cáo "
                 "tiến độ trên hệ thống.") % {"line": _task_line(task), "due": _d(due)}
        add(NotificationKind.REMINDER, f"reminder:{task.pk}:{due.isoformat()}:{window}",
            _task_recipients(task, today, cache), title, body)

    days_overdue = -days_left
    if days_overdue >= 1 and rules.overdue_notice:
        title = _("Nhiệm vụ quá hạn từ ngày %(due)s") % {"due": _d(due)}
        body = _("Nhiệm vụ %(line)s đã quá hạn %(days)d ngày (hạn %(due)s) mà chưa hoàn thành. Đề nghị báo "
                 "cáo tiến độ, nêu rõ nguyên nhân hoặc đề xuất gia hạn.") % {
            "line": _task_line(task), "days": days_overdue, "due": _d(due)}
        add(NotificationKind.OVERDUE, f"overdue:{task.pk}:{due.isoformat()}",
            _task_recipients(task, today, cache), title, body)

    if rules.escalate_after_days and days_overdue >= rules.escalate_after_days:
        title = _("Báo cáo lãnh đạo: nhiệm vụ quá hạn %(days)d ngày") % {"days": days_overdue}
        body = _("Kính gửi đồng chí lãnh đạo phụ trách: nhiệm vụ %(line)s có thời hạn %(due)s, đến nay đã "
                 "quá hạn %(days)d ngày và chưa hoàn thành. Đề nghị đồng chí chỉ đạo, đôn đốc.") % {
            "line": _task_line(task), "days": days_overdue, "due": _d(due)}
        add(NotificationKind.ESCALATION,
            f"escalation:{task.pk}:{due.isoformat()}:{rules.escalate_after_days}",
            _escalation_recipients(task, today, cache), title, body)
    return notices


def _plan_digests(tasks, today: datetime.date, rules: FollowUpRules, cache) -> list[PlannedNotice]:
    if rules.digest_weekday is None or today.weekday() < rules.digest_weekday:
        return []
    year, week, _weekday = today.isocalendar()
    by_unit = defaultdict(list)
    for task in tasks:
        if task.lead_unit_id:
            by_unit[task.lead_unit_id].append(task)
    notices = []
    for unit_id, unit_tasks in sorted(by_unit.items()):
        unit = unit_tasks[0].lead_unit
        overdue = [t for t in unit_tasks if t.due_date < today]
        due_soon = [t for t in unit_tasks if today <= t.due_date <= today + datetime.timedelta(days=7)]
        if not overdue and not due_soon:
            continue
        title = _("Tổng hợp tuần %(week)d/%(year)d: %(unit)s — %(overdue)d quá hạn, %(soon)d sắp đến hạn") % {
            "week": week, "year": year, "unit": unit.short_name or unit.name,
            "overdue": len(overdue), "soon": len(due_soon)}
        lines = [_("Tình hình nhiệm vụ do %(unit)s chủ trì, tính đến ngày %(today)s:") % {
            "unit": unit.name, "today": _d(today)}]
        for t in (overdue + due_soon)[:DIGEST_LIMIT]:
            state = _("quá hạn") if t.due_date < today else _("sắp đến hạn")
            lines.append(f"- {_short(t.content, 120)} ({state}, {_('hạn')} {_d(t.due_date)})")
        extra = len(overdue) + len(due_soon) - DIGEST_LIMIT
        if extra > 0:
            lines.append(_("… và %(n)d nhiệm vụ khác.") % {"n": extra})
        body = "\n".join(lines)
        for user in _unit_users([unit_id], today, cache):
            notices.append(PlannedNotice(
                key=f"digest:{unit_id}:{year}-W{week:02d}:{user.pk}", kind=NotificationKind.DIGEST,
                recipient_id=user.pk, title=title[:300], body=body, url=_url("tasks:list"),
            ))
    return notices


def plan_followups(today: datetime.date, rules: FollowUpRules | None = None) -> list[PlannedNotice]:
    """Every notice due on ``today`` by the rules; reads only, sends nothing."""
    rules = rules or followup_rules()
    horizon = today + datetime.timedelta(days=max(rules.reminder_offsets, default=0))
    cache: dict = {}
    with override("vi"):
        tasks = list(_open_tasks(today, horizon))
        notices = []
        for task in tasks:
            notices += _plan_task(task, today, rules, cache)
        notices += _plan_digests(tasks, today, rules, cache)
    return notices


def run_followups(today: datetime.date, rules: FollowUpRules | None = None, *,
                  enqueue_email: EmailEnqueuer | None = None) -> RunSummary:
    """Deliver today's notices (each once), then resend e-mails whose job was lost."""
    rules = rules or followup_rules()
    notices = plan_followups(today, rules)
    delivered = notices_deliver(notices=notices, enqueue_email=enqueue_email)
    resent = 0
    for delivery_id in stale_email_ids(older_than=rules.email_retry_after):
        try:
            if enqueue_email is not None:
                enqueue_email(delivery_id)
                resent += 1
            elif delivery_email_send(delivery_id=delivery_id, max_attempts=rules.email_max_attempts):
                resent += 1
        except Exception:  # one bad address must not stop the run; the row records the error
            logger.exception("resending e-mail of delivery %s failed", delivery_id)
    logger.info("follow-up %s: %s planned, %s delivered, %s e-mails resent",
                today, len(notices), len(delivered), resent)
    return RunSummary(planned=len(notices), delivered=len(delivered), emails_resent=resent)
