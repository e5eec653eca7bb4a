"""Published rankings: the figures a ranking showed when the office or a leader published it.

Live rankings move as reports arrive; an evaluation needs the figures as they
stood when they were announced. A publication is never edited or deleted;
publishing the same period again adds a newer one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roviec.core.models import TimeStampedModel
from roviec.reports.periods import PERIOD_CHOICES


class PublishedRanking(TimeStampedModel):
    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị tổng hợp"), on_delete=models.PROTECT,
                             related_name="+",
                             help_text=_("Các đơn vị cấp dưới của đơn vị này được xếp hạng."))
    period_code = models.CharField(_("Kỳ"), max_length=4, choices=PERIOD_CHOICES)
    year = models.PositiveIntegerField(_("Năm"))
    period_start = models.DateField(_("Từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("Đến ngày"), null=True, blank=True)
    source_document = models.ForeignKey("documents.Document", verbose_name=_("Văn bản giao"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    field = models.CharField(_("Lĩnh vực"), max_length=120, blank=True)
    as_of = models.DateField(_("Số liệu tính đến ngày"))
    note = models.TextField(_("Ghi chú"), blank=True)
    # One dict per ranked unit: rank, unit id and name, the follow-up figures and the progress basis.
    rows = models.JSONField(_("Kết quả xếp hạng"), default=list)
    # The ranked units, so a unit finds the publications it appears in without reading every JSON.
    ranked_units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("Đơn vị được xếp hạng"),
                                          related_name="+", blank=True)
    published_by = models.ForeignKey("auth.User", verbose_name=_("Người công bố"), on_delete=models.PROTECT,
                                     related_name="+")

    class Meta:
        verbose_name = _("Kết quả xếp hạng đã công bố")
        verbose_name_plural = _("Kết quả xếp hạng đã công bố")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        period = dict(PERIOD_CHOICES)[self.period_code]
        return f"Xếp hạng {period} {self.year} — {self.unit}"
