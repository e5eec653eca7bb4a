"""The organisation tree, people, their positions, and what a user may reach."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roviec.core.models import TimeStampedModel


class OrgUnit(TimeStampedModel):
    class Kind(models.TextChoices):
        PROVINCIAL_COMMITTEE = "provincial_committee", _("Tỉnh ủy")
        STANDING_COMMITTEE = "standing_committee", _("Ban Thường vụ")
        AFFILIATED_COMMITTEE = "affiliated_committee", _("Đảng ủy trực thuộc")
        COMMUNE_COMMITTEE = "commune_committee", _("Đảng ủy xã, phường")
        GRASSROOTS = "grassroots", _("Tổ chức cơ sở đảng")
        BRANCH = "branch", _("Chi bộ")
        ADVISORY_BODY = "advisory_body", _("Cơ quan tham mưu, giúp việc")
        INSPECTION_COMMITTEE = "inspection_committee", _("Ủy ban Kiểm tra")
        DEPARTMENT = "department", _("Sở, ban, ngành")

    code = models.SlugField(_("Mã đơn vị"), max_length=64, unique=True,
                            help_text=_("Mã ngắn, không dấu, dùng khi nhập/xuất dữ liệu."))
    kind = models.CharField(_("Loại"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("Tên chính thức"), max_length=255)
    short_name = models.CharField(_("Tên viết tắt"), max_length=100, blank=True)
    aliases = models.JSONField(_("Tên gọi khác"), default=list, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("Đơn vị cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    # Materialised path ("/12/40/") so a subtree is one indexed prefix query.
    path = models.CharField(max_length=512, db_index=True, editable=False, default="")
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)


class Person(TimeStampedModel):
    full_name = models.CharField(_("Họ và tên"), max_length=200)
    email = models.EmailField(_("Thư điện tử"), blank=True)
    phone = models.CharField(_("Điện thoại"), max_length=30, blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("Tài khoản"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="person")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Cán bộ")
        verbose_name_plural = _("Cán bộ")

    def __str__(self) -> str:
        return self.full_name


class Position(TimeStampedModel):
    class Kind(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư")
        DEPUTY_SECRETARY = "deputy_secretary", _("Phó Bí thư")
        STANDING_MEMBER = "standing_member", _("Ủy viên Ban Thường vụ")
        COMMITTEE_MEMBER = "committee_member", _("Ủy viên Ban Chấp hành")
        HEAD = "head", _("Trưởng ban, Chánh văn phòng, Chủ nhiệm")
        DEPUTY_HEAD = "deputy_head", _("Phó trưởng ban, Phó chánh văn phòng, Phó chủ nhiệm")
        SPECIALIST = "specialist", _("Chuyên viên")
        FOCAL_POINT = "focal_point", _("Đầu mối theo dõi")

    class AccessRole(models.TextChoices):
        """What holding this position lets the person's account do in the unit's subtree."""

        OFFICE = "office", _("Văn phòng: đăng ký văn bản, giao và đôn đốc nhiệm vụ")
        LEADER = "leader", _("Lãnh đạo phụ trách: xem, nghiệm thu")
        INSPECTION = "inspection", _("Ủy ban Kiểm tra")
        UNIT_STAFF = "unit_staff", _("Cán bộ đơn vị: báo cáo tiến độ")

    person = models.ForeignKey(Person, verbose_name=_("Cán bộ"), on_delete=models.PROTECT,
                               related_name="positions")
    unit = models.ForeignKey(OrgUnit, verbose_name=_("Đơn vị"), on_delete=models.PROTECT,
                             related_name="positions")
    kind = models.CharField(_("Chức vụ"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("Chức danh ghi trên văn bản"), max_length=200, blank=True)
    access_role = models.CharField(_("Quyền truy cập"), max_length=20, choices=AccessRole.choices,
                                   default=AccessRole.UNIT_STAFF)
    start_date = models.DateField(_("Từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("Đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("Chức vụ")
        verbose_name_plural = _("Chức vụ")

    def __str__(self) -> str:
        return f"{self.person} — {self.title or self.get_kind_display()}, {self.unit}"
