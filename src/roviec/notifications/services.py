"""Writes: deliver a notice once, send its e-mail, mark notifications read.

Delivery protocol (what makes a notice go out exactly once in-app, and its
e-mail at least once but, barring a crash in the middle of an SMTP call, once):

1. In one transaction: insert the ``DeliveryLog`` row under its unique key;
   a duplicate key means another run already delivered it, so stop. Then write
   the ``Notification`` and, on commit, enqueue the e-mail job.
2. The e-mail job claims the row (``pending`` → ``sending``, one UPDATE, so
   two workers cannot both claim it), sends, and marks it ``sent``. A failure
   puts it back to ``pending`` and re-raises, so the job runner retries only
   the e-mail; the notification is never written again.
3. A lost e-mail job (crash after commit, queue down) leaves the row
   ``pending``; the next follow-up run sends what has waited too long.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from roviec.notifications.models import DeliveryLog, EmailStatus, Notification, NotificationKind
from roviec.notifications.rules import followup_rules
from roviec.notifications.selectors import email_address

logger = logging.getLogger(__name__)

EmailEnqueuer = Callable[[int], object]


@dataclass(frozen=True)
class PlannedNotice:
    """One notice to one person, fully worded, keyed for idempotency."""

    key: str
    kind: str
    recipient_id: int
    title: str
    body: str
    url: str = ""
    task_id: int | None = None


def enqueue_email_job(delivery_id: int) -> None:
    """The default way to send a delivery's e-mail: through the job runner."""
    from roviec.notifications.jobs import send_delivery_email

    send_delivery_email(delivery_id)


@transaction.atomic
def notice_deliver(*, notice: PlannedNotice,
                   enqueue_email: EmailEnqueuer | None = None) -> Notification | None:
    """Deliver one notice unless its key was delivered before; return the new notification or None."""
    from django.contrib.auth import get_user_model

    recipient = get_user_model().objects.select_related("person").get(pk=notice.recipient_id)
    address = email_address(recipient)
    try:
        # Insert first: the unique key is the lock. The savepoint keeps the
        # caller's transaction usable when the key already exists.
        with transaction.atomic():
            log = DeliveryLog.objects.create(
                key=notice.key, kind=notice.kind, recipient=recipient, task_id=notice.task_id,
                email=address, email_status=EmailStatus.PENDING if address else EmailStatus.NONE,
            )
    except IntegrityError:
        return None
    notification = Notification.objects.create(
        recipient=recipient, kind=notice.kind, task_id=notice.task_id, title=notice.title[:300],
        body=notice.body, url=notice.url,
    )
    log.notification = notification
    log.save(update_fields=["notification", "updated_at"])
    if address:
        send = enqueue_email or enqueue_email_job
        delivery_id = log.pk
        # robust: a queue that is down must not undo the notice; the next run resends.
        transaction.on_commit(lambda: send(delivery_id), robust=True)
    return notification


def notices_deliver(*, notices, enqueue_email: EmailEnqueuer | None = None) -> list[Notification]:
    """Deliver each notice in its own transaction, so one failure keeps the others."""
    delivered = []
    for notice in notices:
        notification = notice_deliver(notice=notice, enqueue_email=enqueue_email)
        if notification is not None:
            delivered.append(notification)
    return delivered


# --- e-mail ----------------------------------------------------------------------

def _email_subject(log: DeliveryLog) -> str:
    return _("[Rõ Việc] %(title)s") % {"title": log.notification.title}


def _email_body(log: DeliveryLog) -> str:
    notification = log.notification
    lines = [notification.body or notification.title, ""]
    base = getattr(settings, "ROVIEC_SITE_URL", "").rstrip("/")
    if notification.url and base:
        lines.append(_("Xem chi tiết: %(url)s") % {"url": f"{base}{notification.url}"})
    else:
        lines.append(_("Đăng nhập Rõ Việc, mục Thông báo, để xem chi tiết."))
    lines += ["", _("Thư này do hệ thống Rõ Việc gửi tự động, xin đừng trả lời thư này.")]
    return "\n".join(lines)


def delivery_email_send(*, delivery_id: int, max_attempts: int | None = None) -> bool:
    """Send the e-mail of one delivery if nobody has; True when this call sent it.

    Raises the mail backend's error after putting the row back to pending, so
    the job runner retries it.
    """
    max_attempts = max_attempts or followup_rules().email_max_attempts
    now = timezone.now()
    lease = now - datetime.timedelta(minutes=10)
    claimable = Q(email_status=EmailStatus.PENDING) | Q(email_status=EmailStatus.SENDING,
                                                        email_claimed_at__lt=lease)
    claimed = DeliveryLog.objects.filter(claimable, pk=delivery_id).update(
        email_status=EmailStatus.SENDING, email_claimed_at=now, email_attempts=F("email_attempts") + 1,
        updated_at=now,
    )
    if not claimed:
        return False
    log = DeliveryLog.objects.select_related("notification").get(pk=delivery_id)
    message = EmailMessage(subject=_email_subject(log), body=_email_body(log),
                           from_email=settings.DEFAULT_FROM_EMAIL, to=[log.email])
    try:
        message.send(fail_silently=False)
    except Exception as error:
        status = EmailStatus.FAILED if log.email_attempts >= max_attempts else EmailStatus.PENDING
        DeliveryLog.objects.filter(pk=delivery_id).update(
            email_status=status, email_error=f"{type(error).__name__}: {error}"[:2000],
            updated_at=timezone.now(),
        )
        logger.warning("e-mail of delivery %s failed (attempt %s): %s", delivery_id, log.email_attempts,
                       error)
        raise
    sent_at = timezone.now()
    DeliveryLog.objects.filter(pk=delivery_id).update(
        email_status=EmailStatus.SENT, email_sent_at=sent_at, email_error="", updated_at=sent_at,
    )
    return True


def stale_email_ids(*, older_than: datetime.timedelta) -> list[int]:
    """Deliveries whose e-mail job seems lost: pending (or claimed and abandoned) for too long."""
    cutoff = timezone.now() - older_than
    return list(
        DeliveryLog.objects.filter(
            Q(email_status=EmailStatus.PENDING, updated_at__lt=cutoff)
            | Q(email_status=EmailStatus.SENDING, email_claimed_at__lt=cutoff)
        ).order_by("pk").values_list("pk", flat=True)[:500]
    )


# --- reading ---------------------------------------------------------------------

def notification_mark_read(*, user, notification: Notification) -> Notification:
    """Mark one of the user's own notifications read (a personal flag: not audited)."""
    if notification.recipient_id != user.pk:
        from roviec.core.errors import NotFoundError

        raise NotFoundError("Không tìm thấy thông báo.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at)
    return notification


def notification_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# --- events from other apps --------------------------------------------------------
# The tasks app calls these inside its own transaction (for example at the end
# of report_submit / report_accept); the notice is keyed by the report, so a
# retried request never notifies twice.

def _task_url(task) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("tasks:detail", args=[task.pk])
    except NoReverseMatch:
        return ""


def _short(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify_report_submitted(*, report, enqueue_email: EmailEnqueuer | None = None) -> list[Notification]:
    """Tell the task's authority (person, or office/leaders of the authority unit) a report awaits review."""
    from roviec.notifications.selectors import person_user, unit_member_users

    task = report.task
    today = timezone.localdate()
    users = {}
    authority = person_user(task.authority_person)
    if authority is not None:
        users[authority.pk] = authority
    elif task.authority_unit_id:
        for user in unit_member_users(unit_ids=[task.authority_unit_id], today=today,
                                      roles=("office", "leader")):
            users[user.pk] = user
    users.pop(report.submitted_by_id, None)
    title = _("Báo cáo tiến độ mới (%(percent)s%%): %(task)s") % {
        "percent": report.percent, "task": _short(task.content, 80)}
    body = _("Nhiệm vụ “%(task)s” vừa có báo cáo tiến độ %(percent)s%%, chờ đồng chí nghiệm thu.") % {
        "task": _short(task.content, 300), "percent": report.percent}
    notices = [
        PlannedNotice(key=f"report_submitted:{report.pk}:{uid}", kind=NotificationKind.REPORT_SUBMITTED,
                      recipient_id=uid, title=title, body=body, url=_task_url(task), task_id=task.pk)
        for uid in sorted(users)
    ]
    return notices_deliver(notices=notices, enqueue_email=enqueue_email)


def notify_report_reviewed(*, report, enqueue_email: EmailEnqueuer | None = None) -> list[Notification]:
    """Tell the person who submitted a report whether it was accepted or returned."""
    task = report.task
    accepted = report.review == "accepted"
    title = (_("Báo cáo đã được nghiệm thu: %(task)s") if accepted
             else _("Báo cáo bị trả lại: %(task)s")) % {"task": _short(task.content, 80)}
    body = _short(report.review_comment, 2000) or title
    stamp = f"{report.reviewed_at:%Y%m%d%H%M%S}" if report.reviewed_at else "-"
    notice = PlannedNotice(
        key=f"report_reviewed:{report.pk}:{report.review}:{stamp}:{report.submitted_by_id}",
        kind=NotificationKind.REPORT_REVIEWED, recipient_id=report.submitted_by_id, title=title, body=body,
        url=_task_url(task), task_id=task.pk,
    )
    return notices_deliver(notices=[notice], enqueue_email=enqueue_email)


def _authority_users(task, today) -> dict:
    """The task's authority: its person, or the office and leaders of its authority unit."""
    from roviec.notifications.selectors import person_user, unit_member_users

    users = {}
    authority = person_user(task.authority_person)
    if authority is not None:
        users[authority.pk] = authority
    elif task.authority_unit_id:
        for user in unit_member_users(unit_ids=[task.authority_unit_id], today=today,
                                      roles=("office", "leader")):
            users[user.pk] = user
    return users


def _lead_unit_users(task, today, *, also=None) -> dict:
    """Everyone holding a current position in the lead unit, plus ``also`` (e.g. the requester)."""
    from roviec.notifications.selectors import unit_member_users

    users = {}
    if task.lead_unit_id:
        users = {user.pk: user for user in unit_member_users(unit_ids=[task.lead_unit_id], today=today)}
    if also is not None and getattr(also, "is_active", False):
        users[also.pk] = also
    return users


def notify_extension_requested(*, extension,
                               enqueue_email: EmailEnqueuer | None = None) -> list[Notification]:
    """Tell the task's authority that the lead unit asks for a later deadline (once per request)."""
    task = extension.task
    users = _authority_users(task, timezone.localdate())
    users.pop(extension.requested_by_id, None)
    title = _("Đề nghị gia hạn đến %(date)s: %(task)s") % {
        "date": f"{extension.new_deadline:%d/%m/%Y}", "task": _short(task.content, 80)}
    body = _("Đơn vị chủ trì đề nghị gia hạn nhiệm vụ “%(task)s” từ %(old)s đến %(new)s. "
             "Lý do: %(reason)s") % {
        "task": _short(task.content, 300), "old": f"{extension.old_deadline:%d/%m/%Y}",
        "new": f"{extension.new_deadline:%d/%m/%Y}", "reason": _short(extension.reason, 1500)}
    notices = [
        PlannedNotice(key=f"extension_requested:{extension.pk}:{uid}", kind=NotificationKind.EXTENSION,
                      recipient_id=uid, title=title, body=body, url=_task_url(task), task_id=task.pk)
        for uid in sorted(users)
    ]
    return notices_deliver(notices=notices, enqueue_email=enqueue_email)


def notify_extension_decided(*, extension,
                             enqueue_email: EmailEnqueuer | None = None) -> list[Notification]:
    """Tell the lead unit (and the requester) whether its extension was granted (once per decision)."""
    task = extension.task
    users = _lead_unit_users(task, timezone.localdate(), also=extension.requested_by)
    users.pop(extension.decided_by_id, None)
    if extension.decision == "approved":
        title = _("Đồng ý gia hạn đến %(date)s: %(task)s") % {
            "date": f"{extension.new_deadline:%d/%m/%Y}", "task": _short(task.content, 80)}
    else:
        title = _("Không đồng ý gia hạn: %(task)s") % {"task": _short(task.content, 80)}
    body = _short(extension.decision_comment, 2000) or title
    notices = [
        PlannedNotice(key=f"extension_decided:{extension.pk}:{extension.decision}:{uid}",
                      kind=NotificationKind.EXTENSION, recipient_id=uid, title=title, body=body,
                      url=_task_url(task), task_id=task.pk)
        for uid in sorted(users)
    ]
    return notices_deliver(notices=notices, enqueue_email=enqueue_email)


def notify_update_returned(*, report, enqueue_email: EmailEnqueuer | None = None) -> list[Notification]:
    """Tell the lead unit and the submitter that the office sent an update back (once per return)."""
    task = report.task
    users = _lead_unit_users(task, timezone.localdate(), also=report.submitted_by)
    users.pop(report.reviewed_by_id, None)
    title = _("Văn phòng trả lại cập nhật: %(task)s") % {"task": _short(task.content, 80)}
    body = _short(report.review_comment, 2000) or title
    stamp = f"{report.reviewed_at:%Y%m%d%H%M%S%f}" if report.reviewed_at else "-"
    notices = [
        PlannedNotice(key=f"update_returned:{report.pk}:{stamp}:{uid}", kind=NotificationKind.REPORT_REVIEWED,
                      recipient_id=uid, title=title, body=body, url=_task_url(task), task_id=task.pk)
        for uid in sorted(users)
    ]
    return notices_deliver(notices=notices, enqueue_email=enqueue_email)
