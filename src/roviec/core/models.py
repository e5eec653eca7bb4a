"""Base model and the append-only audit trail."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("Tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditImmutableError(Exception):
    """Audit entries are evidence: nothing may change or remove them."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditImmutableError("Audit entries cannot be edited.")

    def delete(self):
        raise AuditImmutableError("Audit entries cannot be deleted.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Cập nhật")
        CANCEL = "cancel", _("Hủy")
        ACCEPT = "accept", _("Nghiệm thu")
        RETURN = "return", _("Trả lại")
        IMPORT = "import", _("Nhập dữ liệu")
        ATTACH = "attach", _("Đính kèm tệp")
        LOGIN = "login", _("Đăng nhập")

    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Người thực hiện"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_label = models.CharField(_("Tên người thực hiện"), max_length=200, blank=True)
    client_address = models.CharField(_("Địa chỉ truy cập"), max_length=64, blank=True)
    action = models.CharField(_("Hành động"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("Loại đối tượng"), max_length=60, db_index=True)
    object_id = models.CharField(_("Mã đối tượng"), max_length=64, db_index=True)
    object_repr = models.CharField(_("Đối tượng"), max_length=300)
    # The units concerned let a unit read the history of its own objects.
    units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("Đơn vị liên quan"), blank=True,
                                   related_name="+")
    before = models.JSONField(_("Trước"), null=True, blank=True)
    after = models.JSONField(_("Sau"), null=True, blank=True)
    reason = models.TextField(_("Lý do"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("Nhật ký thay đổi")
        verbose_name_plural = _("Nhật ký thay đổi")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutableError("Audit entries cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutableError("Audit entries cannot be deleted.")
