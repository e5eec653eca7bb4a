"""In-app notifications, and the delivery log that makes every notice go out once.

``DeliveryLog.key`` is the idempotency key of one notice to one person (for
example ``reminder:<task>:<due date>:<offset>:<user>``). The row is inserted
first, under the unique constraint, and only then is the notification written
and the e-mail scheduled: a retried, restarted or doubled job hits the
constraint and sends nothing twice.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REMINDER = "reminder", _("Nhắc hạn")
    OVERDUE = "overdue", _("Quá hạn")
    ESCALATION = "escalation", _("Báo cáo lãnh đạo phụ trách")
    DIGEST = "digest", _("Tổng hợp tuần")
    REPORT_SUBMITTED = "report_submitted", _("Báo cáo tiến độ mới")
    REPORT_REVIEWED = "report_reviewed", _("Kết quả nghiệm thu")
    EXTENSION = "extension", _("Gia hạn")


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Người nhận"),
                                  on_delete=models.PROTECT, related_name="notifications")
    kind = models.CharField(_("Loại"), max_length=20, choices=NotificationKind.choices)
    task = models.ForeignKey("tasks.Task", verbose_name=_("Nhiệm vụ"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("Tiêu đề"), max_length=300)
    body = models.TextField(_("Nội dung"), blank=True)
    url = models.CharField(_("Đường dẫn"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class EmailStatus(models.TextChoices):
    NONE = "none", _("Không gửi thư (không có địa chỉ)")
    PENDING = "pending", _("Chờ gửi")
    SENDING = "sending", _("Đang gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không được")


class DeliveryLog(models.Model):
    key = models.CharField(_("Khóa chống gửi trùng"), max_length=200, unique=True)
    kind = models.CharField(_("Loại"), max_length=20, choices=NotificationKind.choices)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Người nhận"),
                                  on_delete=models.PROTECT, related_name="+")
    task = models.ForeignKey("tasks.Task", verbose_name=_("Nhiệm vụ"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    notification = models.OneToOneField(Notification, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="delivery")
    email = models.EmailField(_("Địa chỉ thư"), blank=True)
    email_status = models.CharField(_("Thư điện tử"), max_length=10, choices=EmailStatus.choices,
                                    default=EmailStatus.NONE, db_index=True)
    email_attempts = models.PositiveSmallIntegerField(_("Số lần gửi thư"), default=0)
    # When a worker claimed the e-mail; a claim older than the lease is taken over.
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(_("Gửi thư lúc"), null=True, blank=True)
    email_error = models.TextField(_("Lỗi gửi thư"), blank=True)
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("Nhật ký gửi thông báo")
        verbose_name_plural = _("Nhật ký gửi thông báo")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.key
