"""Tasks stated on the six clarities, and the progress reports that follow them.

A task's status is never stored: it is derived from its dates and reports
(see ``status.py``), so nobody can type "done" by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roviec.core.models import TimeStampedModel


class Recurrence(models.TextChoices):
    NONE = "", _("Không lặp lại")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng một lần")
    YEARLY = "yearly", _("Hằng năm")


class Task(TimeStampedModel):
    # rõ việc
    content = models.TextField(_("Nội dung nhiệm vụ"))
    # rõ người
    lead_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị chủ trì"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="led_tasks")
    responsible_person = models.ForeignKey("orgs.Person", verbose_name=_("Người thực hiện"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="+")
    coordinating_units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("Đơn vị phối hợp"),
                                                blank=True, related_name="coordinated_tasks")
    # rõ thời gian
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True)
    recurrence = models.CharField(_("Định kỳ"), max_length=12, choices=Recurrence.choices, blank=True)
    recurrence_until = models.DateField(_("Định kỳ đến ngày"), null=True, blank=True)
    # The next date something is due: the deadline, or for a recurring task the
    # first occurrence not yet fulfilled. Derived by services, kept for queries.
    due_date = models.DateField(_("Hạn tiếp theo"), null=True, blank=True, db_index=True, editable=False)
    # rõ trách nhiệm
    accountable_person = models.ForeignKey("orgs.Person", verbose_name=_("Lãnh đạo phụ trách"), null=True,
                                           blank=True, on_delete=models.PROTECT, related_name="+")
    # rõ sản phẩm
    deliverable = models.TextField(_("Sản phẩm đầu ra"), blank=True)
    # rõ thẩm quyền
    authority_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Cơ quan nghiệm thu"), null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="+")
    authority_person = models.ForeignKey("orgs.Person", verbose_name=_("Người nghiệm thu"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    resources = models.TextField(_("Nguồn lực"), blank=True)
    field = models.CharField(_("Lĩnh vực"), max_length=120, blank=True)

    source_document = models.ForeignKey("documents.Document", verbose_name=_("Văn bản giao"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="tasks")
    source_clause = models.CharField(_("Điều, khoản, mục"), max_length=200, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("Nhiệm vụ cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    assigned_by_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị giao"),
                                         on_delete=models.PROTECT, related_name="assigned_tasks")
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.PROTECT, related_name="+")

    progress_percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0, editable=False)
    last_report_at = models.DateTimeField(null=True, blank=True, editable=False)
    completed_on = models.DateField(_("Ngày hoàn thành"), null=True, blank=True, editable=False)
    fulfilled_occurrences = models.PositiveIntegerField(default=0, editable=False)
    suspended_at = models.DateTimeField(null=True, blank=True, editable=False)
    suspend_reason = models.TextField(_("Lý do tạm dừng"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("Lý do hủy"), blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Nhiệm vụ")
        verbose_name_plural = _("Nhiệm vụ")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        text = " ".join(self.content.split())
        return text if len(text) <= 80 else text[:79] + "…"


class ProgressReport(TimeStampedModel):
    class Review(models.TextChoices):
        PENDING = "pending", _("Chờ nghiệm thu")
        ACCEPTED = "accepted", _("Đã nghiệm thu")
        RETURNED = "returned", _("Trả lại")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="reports")
    percent = models.PositiveSmallIntegerField(_("Tiến độ (%)"))
    narrative = models.TextField(_("Nội dung báo cáo"))
    submitted_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("Ngày báo cáo"))
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị báo cáo"), null=True,
                             on_delete=models.PROTECT, related_name="+")
    review = models.CharField(_("Nghiệm thu"), max_length=10, choices=Review.choices,
                              default=Review.PENDING)
    reviewed_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("Ý kiến nghiệm thu"), blank=True)

    class Meta:
        verbose_name = _("Báo cáo tiến độ")
        verbose_name_plural = _("Báo cáo tiến độ")
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.percent}% — {self.submitted_at:%d/%m/%Y}"


class EvidenceFile(TimeStampedModel):
    report = models.ForeignKey(ProgressReport, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    mime_type = models.CharField(_("Kiểu tệp"), max_length=120)
    sha256 = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = _("Minh chứng")
        verbose_name_plural = _("Minh chứng")

    def __str__(self) -> str:
        return self.original_name


class ExtensionRequest(TimeStampedModel):
    """A lead unit's request for a later deadline (gia hạn), and the authority's decision.

    Rows are never deleted: together they are the task's deadline history.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        APPROVED = "approved", _("Đồng ý gia hạn")
        REFUSED = "refused", _("Không đồng ý")

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extension_requests")
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị đề nghị"), null=True,
                             on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    old_deadline = models.DateField(_("Thời hạn cũ"))
    new_deadline = models.DateField(_("Thời hạn đề nghị"))
    reason = models.TextField(_("Lý do gia hạn"))
    decision = models.CharField(_("Quyết định"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    decided_by = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(_("Ngày quyết định"), null=True, blank=True)
    decision_comment = models.TextField(_("Ý kiến"), blank=True)

    class Meta:
        verbose_name = _("Đề nghị gia hạn")
        verbose_name_plural = _("Đề nghị gia hạn")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open request at a time: a second one waits for the first decision.
            models.UniqueConstraint(fields=["task"], condition=models.Q(decision="pending"),
                                    name="one_pending_extension_per_task"),
        ]

    def __str__(self) -> str:
        return f"{self.old_deadline:%d/%m/%Y} → {self.new_deadline:%d/%m/%Y}"
