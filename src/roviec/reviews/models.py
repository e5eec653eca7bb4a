"""A review run: one draft (kept byte for byte) checked against superior documents.

The result is the engine's JSON (roviec.engine.review.report_to_dict) plus the overlaps
with registered tasks in the reviewer's scope; offsets index `draft_text`.
Runs are records: never edited, never deleted.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roviec.core.models import TimeStampedModel


class ReviewRun(TimeStampedModel):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị soạn thảo"), on_delete=models.PROTECT,
                             related_name="review_runs")
    title = models.CharField(_("Tên dự thảo"), max_length=255)
    draft_file = models.FileField(upload_to="reviews/%Y/%m/")
    draft_name = models.CharField(_("Tên tệp"), max_length=255)
    draft_size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    draft_mime_type = models.CharField(_("Kiểu tệp"), max_length=120)
    draft_sha256 = models.CharField(max_length=64, db_index=True)
    draft_text = models.TextField(_("Văn bản dự thảo"))
    result = models.JSONField(_("Kết quả thẩm định"), default=dict)
    created_by = models.ForeignKey("auth.User", verbose_name=_("Người thẩm định"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Lượt thẩm định dự thảo")
        verbose_name_plural = _("Lượt thẩm định dự thảo")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ReviewSuperior(TimeStampedModel):
    """A superior document of a run: a registered document (its attachment) or an uploaded file."""

    run = models.ForeignKey(ReviewRun, on_delete=models.PROTECT, related_name="superiors")
    position = models.PositiveSmallIntegerField(default=0)
    document = models.ForeignKey("documents.Document", verbose_name=_("Văn bản cấp trên"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    attachment = models.ForeignKey("documents.Attachment", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    file = models.FileField(upload_to="reviews/%Y/%m/", blank=True)
    name = models.CharField(_("Tên"), max_length=255)
    sha256 = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        verbose_name = _("Văn bản cấp trên được đối chiếu")
        verbose_name_plural = _("Văn bản cấp trên được đối chiếu")
        ordering = ["run", "position"]

    def __str__(self) -> str:
        return self.name


class CoverageConfirmation(TimeStampedModel):
    """A reviewer's word that a draft task carries out a requirement of the superior document,
    where the matcher missed it (other words) or judged it otherwise. The engine's verdict stays
    in the run's result; the confirmation changes the verdict the reviewer reads beside it.

    Never deleted: a confirmation given in error is withdrawn, with the reason.
    """

    run = models.ForeignKey(ReviewRun, on_delete=models.PROTECT, related_name="confirmations")
    superior_index = models.PositiveSmallIntegerField(_("Văn bản cấp trên (thứ tự)"))
    superior_offset = models.PositiveIntegerField(_("Vị trí yêu cầu trong văn bản cấp trên"))
    draft_offset = models.PositiveIntegerField(_("Vị trí nhiệm vụ trong dự thảo"))
    note = models.TextField(_("Ghi chú"), blank=True)
    created_by = models.ForeignKey("auth.User", verbose_name=_("Người xác nhận"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(_("Rút lại lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey("auth.User", verbose_name=_("Người rút lại"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdraw_reason = models.TextField(_("Lý do rút lại"), blank=True)

    class Meta:
        verbose_name = _("Xác nhận cụ thể hóa yêu cầu")
        verbose_name_plural = _("Xác nhận cụ thể hóa yêu cầu")
        ordering = ["run", "created_at", "pk"]
        constraints = [
            # One active confirmation per link; a withdrawn one may be given again.
            models.UniqueConstraint(
                fields=["run", "superior_index", "superior_offset", "draft_offset"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_coverage_confirmation",
            ),
        ]

    def __str__(self) -> str:
        return f"Yêu cầu {self.superior_index}:{self.superior_offset} ← đoạn dự thảo {self.draft_offset}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
