"""Inspection and supervision: programmes, inspections, findings, remediation, discipline, complaints.

Vocabulary follows GLOSSARY.md: a *programme* (chương trình kiểm tra, giám sát) lists
*items*; an *inspection* (cuộc kiểm tra) is set up by a decision and run by a team over
*subjects* (organisations and members); it ends in *findings* and a *conclusion notice*
whose *requirements* become remediation tasks. Nothing here is deleted: cases and
complaints are closed or cancelled with a reason.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roviec.core.models import TimeStampedModel


class Field(models.TextChoices):
    """Fields (lĩnh vực) a programme should cover; the coverage view checks them."""

    LEADERSHIP = "leadership", _("Lãnh đạo, chỉ đạo thực hiện nghị quyết")
    POLITICAL_IDEOLOGICAL = "political_ideological", _("Chính trị, tư tưởng")
    ORGANISATION_CADRES = "organisation_cadres", _("Tổ chức, cán bộ")
    INSPECTION_WORK = "inspection_work", _("Công tác kiểm tra, giám sát, kỷ luật")
    ETHICS = "ethics", _("Đạo đức, lối sống, nêu gương")
    LAND = "land", _("Đất đai")
    FINANCE = "finance", _("Tài chính, tài sản")
    PUBLIC_INVESTMENT = "public_investment", _("Đầu tư công, xây dựng cơ bản")
    SOCIAL_WELFARE = "social_welfare", _("An sinh xã hội")
    ANTI_CORRUPTION = "anti_corruption", _("Phòng, chống tham nhũng, tiêu cực")
    ECONOMY = "economy", _("Phát triển kinh tế - xã hội, cải cách hành chính")
    OTHER = "other", _("Khác")


class ItemKind(models.TextChoices):
    REGULAR_SUPERVISION = "regular_supervision", _("Giám sát thường xuyên")
    THEMATIC_SUPERVISION = "thematic_supervision", _("Giám sát chuyên đề")
    COMPLIANCE_INSPECTION = "compliance_inspection", _("Kiểm tra việc chấp hành, thực hiện")
    SIGNS_OF_VIOLATION = "signs_of_violation", _("Kiểm tra khi có dấu hiệu vi phạm")
    INSPECTION_WORK = (
        "inspection_work",
        _("Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát, thi hành kỷ luật của cấp ủy cấp dưới"),
    )


class Level(models.TextChoices):
    """The inspecting committee's level: it sets the duration limit (see ``limits.py``)."""

    CENTRAL = "central", _("Trung ương")
    PROVINCIAL = "provincial", _("Cấp tỉnh")
    ABOVE_GRASSROOTS = "above_grassroots", _("Cấp trên trực tiếp của tổ chức cơ sở đảng")


class Programme(TimeStampedModel):
    class Owner(models.TextChoices):
        COMMITTEE = "committee", _("Cấp ủy (Ban Thường vụ)")
        INSPECTION_COMMITTEE = "inspection_committee", _("Ủy ban Kiểm tra")

    class Span(models.TextChoices):
        TERM = "term", _("Toàn khóa")
        ANNUAL = "annual", _("Hằng năm")

    committee = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Cấp ủy"),
        on_delete=models.PROTECT,
        related_name="inspection_programmes",
    )
    owner = models.CharField(
        _("Chương trình của"), max_length=24, choices=Owner.choices, default=Owner.COMMITTEE
    )
    span = models.CharField(_("Loại chương trình"), max_length=10, choices=Span.choices, default=Span.ANNUAL)
    year = models.PositiveIntegerField(_("Năm"), null=True, blank=True)
    term = models.ForeignKey(
        "documents.PartyTerm",
        verbose_name=_("Nhiệm kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("Tên chương trình"), max_length=300)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("Văn bản ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Chương trình kiểm tra, giám sát")
        verbose_name_plural = _("Chương trình kiểm tra, giám sát")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class ProgrammeItem(TimeStampedModel):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="items")
    subject_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Tổ chức đảng là đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Đảng viên là đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    content = models.TextField(_("Nội dung"))
    field = models.CharField(_("Lĩnh vực"), max_length=32, choices=Field.choices)
    kind = models.CharField(_("Hình thức"), max_length=32, choices=ItemKind.choices)
    planned_start = models.DateField(_("Thời gian từ"), null=True, blank=True)
    planned_end = models.DateField(_("Thời gian đến"), null=True, blank=True)
    lead_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Đồng chí phụ trách"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Nội dung chương trình")
        verbose_name_plural = _("Nội dung chương trình")
        ordering = ["planned_start", "id"]

    def __str__(self) -> str:
        subject = self.subject_unit or self.subject_person or ""
        return f"{self.get_kind_display()}: {subject}"


class Inspection(TimeStampedModel):
    committee = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Cấp ủy kiểm tra"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    body = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme_item = models.ForeignKey(
        ProgrammeItem,
        verbose_name=_("Theo chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(
        _("Hình thức"), max_length=32, choices=ItemKind.choices, default=ItemKind.COMPLIANCE_INSPECTION
    )
    field = models.CharField(_("Lĩnh vực"), max_length=32, choices=Field.choices, default=Field.LEADERSHIP)
    level = models.CharField(
        _("Cấp kiểm tra"), max_length=20, choices=Level.choices, default=Level.PROVINCIAL
    )
    title = models.TextField(_("Tên cuộc kiểm tra (trích yếu)"))
    content = models.TextField(_("Nội dung kiểm tra"), blank=True)
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("Quyết định thành lập đoàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_head = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Trưởng đoàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    team_members = models.ManyToManyField(
        "orgs.Person", verbose_name=_("Thành viên đoàn"), blank=True, related_name="+"
    )
    period_from = models.DateField(_("Thời kỳ kiểm tra từ"), null=True, blank=True)
    period_to = models.DateField(_("Thời kỳ kiểm tra đến"), null=True, blank=True)
    start_date = models.DateField(_("Ngày bắt đầu"), null=True, blank=True)
    planned_end = models.DateField(_("Dự kiến kết thúc"), null=True, blank=True)
    # The conclusion notice as it will be issued.
    notice = models.ForeignKey(
        "documents.Document",
        verbose_name=_("Thông báo kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    notice_intro = models.TextField(_("Đoạn mở đầu thông báo"), blank=True)
    remediation_deadline = models.DateField(_("Thời hạn khắc phục"), null=True, blank=True)
    signer_on_behalf = models.CharField(
        _("Thẩm quyền ký"), max_length=100, blank=True, default="T/M BAN THƯỜNG VỤ"
    )
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=200, blank=True)
    signer_name = models.CharField(_("Người ký"), max_length=200, blank=True)
    recipients_text = models.TextField(_("Nơi nhận"), blank=True)
    source_text = models.TextField(_("Văn bản gốc (khi nhập)"), blank=True, editable=False)
    # Members named by an imported notice that the tree does not know: kept for the reviewer.
    unmatched_members = models.JSONField(_("Đảng viên chưa xác định"), default=list, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Cuộc kiểm tra")
        verbose_name_plural = _("Cuộc kiểm tra")
        ordering = ["-start_date", "-id"]

    def __str__(self) -> str:
        text = " ".join(self.title.split())
        return text if len(text) <= 90 else text[:89] + "…"


class InspectionSubject(TimeStampedModel):
    """An organisation, or a member (kept with the organisation they answer for)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="subjects")
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("Tổ chức đảng"), on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("Ghi chú (chức vụ)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("Đối tượng kiểm tra")
        verbose_name_plural = _("Đối tượng kiểm tra")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "unit", "person"], name="unique_inspection_subject"
            ),
            models.UniqueConstraint(
                fields=["inspection", "unit"],
                condition=models.Q(person=None),
                name="unique_inspection_subject_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}, {self.unit}" if self.person_id else str(self.unit)


class Step(models.TextChoices):
    """The procedure of an inspection (Quyết định 331-QĐ/TW), in order."""

    DECISION = "decision", _("Quyết định kiểm tra, thành lập đoàn")
    PLAN = "plan", _("Kế hoạch kiểm tra")
    SELF_REPORT = "self_report", _("Đối tượng tự báo cáo")
    VERIFICATION = "verification", _("Thẩm tra, xác minh")
    DRAFT_REPORT = "draft_report", _("Dự thảo báo cáo kết quả kiểm tra")
    HEARING = "hearing", _("Làm việc, nghe đoàn báo cáo")
    CONCLUSION = "conclusion", _("Kết luận")
    NOTICE = "notice", _("Thông báo kết luận")
    REMEDIATION = "remediation", _("Khắc phục")
    FOLLOW_UP = "follow_up", _("Kiểm tra việc khắc phục")


class InspectionStep(TimeStampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("Bước"), max_length=20, choices=Step.choices)
    order = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(_("Ngày thực hiện"), null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("Văn bản kèm theo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("Bước kiểm tra")
        verbose_name_plural = _("Bước kiểm tra")
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["inspection", "kind"], name="unique_inspection_step")]

    def __str__(self) -> str:
        return self.get_kind_display()


class Finding(TimeStampedModel):
    class Kind(models.TextChoices):
        STRENGTH = "strength", _("Ưu điểm")
        SHORTCOMING = "shortcoming", _("Hạn chế, khuyết điểm")
        CAUSE_OBJECTIVE = "cause_objective", _("Nguyên nhân khách quan")
        CAUSE_SUBJECTIVE = "cause_subjective", _("Nguyên nhân chủ quan")
        RESPONSIBILITY = "responsibility", _("Trách nhiệm")

    class Role(models.TextChoices):
        NONE = "", _("—")
        HEAD = "head", _("Người đứng đầu (Bí thư)")
        DEPUTY = "deputy", _("Cấp phó (Phó Bí thư)")
        MEMBER = "member", _("Ủy viên")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices, default=Kind.SHORTCOMING)
    field = models.CharField(_("Lĩnh vực"), max_length=32, choices=Field.choices, default=Field.LEADERSHIP)
    text = models.TextField(_("Nội dung"))
    evidence = models.TextField(_("Căn cứ, chứng cứ"), blank=True)
    # One statement may apply to several units: they are listed in a footnote of the notice.
    units = models.ManyToManyField(
        "orgs.OrgUnit", through="FindingUnit", verbose_name=_("Đơn vị"), related_name="+"
    )
    responsible_person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Đồng chí chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_role = models.CharField(_("Vai trò"), max_length=10, choices=Role.choices, blank=True)
    # Member subjects a finding holds responsible, or praises (grouped like units, footnoted).
    members = models.ManyToManyField(
        InspectionSubject, verbose_name=_("Đảng viên được kiểm tra"), blank=True, related_name="findings"
    )
    # Names as written in an imported notice that matched no unit: kept, never lost.
    unmatched_names = models.JSONField(_("Tên đơn vị chưa khớp"), default=list, blank=True)
    source_footnote = models.CharField(_("Chú thích gốc"), max_length=10, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Nội dung kết luận")
        verbose_name_plural = _("Nội dung kết luận")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        text = " ".join(self.text.split())
        return text if len(text) <= 90 else text[:89] + "…"


class Verdict(models.TextChoices):
    OPEN = "", _("Chưa đánh giá")
    REMEDIED = "remedied", _("Đã khắc phục")
    PARTLY = "partly", _("Khắc phục một phần")
    NOT_REMEDIED = "not_remedied", _("Chưa khắc phục")


class FindingUnit(TimeStampedModel):
    """A finding as it applies to one unit, closed by the inspection committee with a verdict."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="applications")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    written_name = models.CharField(_("Tên như ghi trong văn bản"), max_length=255, blank=True)
    verdict = models.CharField(_("Kết quả khắc phục"), max_length=16, choices=Verdict.choices, blank=True)
    verdict_note = models.TextField(_("Nhận xét"), blank=True)
    verified_by = models.ForeignKey(
        "auth.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_on = models.DateField(_("Ngày đánh giá"), null=True, blank=True)

    class Meta:
        verbose_name = _("Đơn vị có hạn chế")
        verbose_name_plural = _("Đơn vị có hạn chế")
        constraints = [models.UniqueConstraint(fields=["finding", "unit"], name="unique_finding_unit")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.finding}"


class Requirement(TimeStampedModel):
    class Audience(models.TextChoices):
        SUBJECTS = "subjects", _("Các tổ chức đảng được kiểm tra")
        NOT_INSPECTED = "not_inspected", _("Tổ chức đảng không được kiểm tra (tự rà soát)")
        OTHERS = "others", _("Cơ quan khác (không giao nhiệm vụ)")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="requirements")
    order = models.PositiveIntegerField(_("Thứ tự"), default=0)
    heading = models.CharField(_("Tiêu đề"), max_length=300, blank=True)
    text = models.TextField(_("Nội dung yêu cầu"))
    audience = models.CharField(
        _("Đối tượng thực hiện"), max_length=16, choices=Audience.choices, default=Audience.SUBJECTS
    )
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("Yêu cầu của kết luận")
        verbose_name_plural = _("Yêu cầu của kết luận")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.heading or self.text[:90]


class RemediationTask(TimeStampedModel):
    class Kind(models.TextChoices):
        REMEDIATION = "remediation", _("Khắc phục")
        SELF_REVIEW = "self_review", _("Tự rà soát")

    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="remediation_tasks")
    requirement = models.ForeignKey(
        Requirement, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks"
    )
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="+")
    task = models.OneToOneField("tasks.Task", on_delete=models.PROTECT, related_name="remediation")
    kind = models.CharField(_("Loại"), max_length=12, choices=Kind.choices, default=Kind.REMEDIATION)

    class Meta:
        verbose_name = _("Nhiệm vụ khắc phục")
        verbose_name_plural = _("Nhiệm vụ khắc phục")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit}"


# --- discipline --------------------------------------------------------------------


class DisciplineForm(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    DISMISSAL = "dismissal", _("Cách chức")
    EXPULSION = "expulsion", _("Khai trừ")
    DISSOLUTION = "dissolution", _("Giải tán")


class DisciplineCase(TimeStampedModel):
    class SubjectKind(models.TextChoices):
        MEMBER = "member", _("Đảng viên")
        ORGANISATION = "organisation", _("Tổ chức đảng")

    class Membership(models.TextChoices):
        NONE = "", _("—")
        FULL = "full", _("Đảng viên chính thức")
        PROBATIONARY = "probationary", _("Đảng viên dự bị")

    class Appeal(models.TextChoices):
        NONE = "", _("Không khiếu nại")
        PENDING = "pending", _("Đang giải quyết khiếu nại")
        UPHELD = "upheld", _("Giữ nguyên hình thức kỷ luật")
        CHANGED = "changed", _("Thay đổi hình thức kỷ luật")
        ANNULLED = "annulled", _("Xóa bỏ quyết định kỷ luật")

    subject_kind = models.CharField(_("Đối tượng"), max_length=12, choices=SubjectKind.choices)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Tổ chức đảng (bị kỷ luật, hoặc nơi sinh hoạt)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Đảng viên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person_name = models.CharField(_("Họ và tên đảng viên"), max_length=200, blank=True)
    membership = models.CharField(_("Loại đảng viên"), max_length=14, choices=Membership.choices, blank=True)
    violation = models.TextField(_("Nội dung vi phạm"))
    form = models.CharField(_("Hình thức kỷ luật"), max_length=12, choices=DisciplineForm.choices)
    authority = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("Cấp quyết định"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("Ngày quyết định"))
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("Quyết định kỷ luật"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("Qua cuộc kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discipline_cases",
    )
    appeal = models.CharField(_("Khiếu nại kỷ luật"), max_length=10, choices=Appeal.choices, blank=True)
    appeal_received_on = models.DateField(_("Ngày nhận khiếu nại"), null=True, blank=True)
    appeal_note = models.TextField(_("Kết quả giải quyết khiếu nại"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("Lý do hủy"), blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Vụ kỷ luật")
        verbose_name_plural = _("Sổ kỷ luật")
        ordering = ["-decided_on", "-id"]

    def __str__(self) -> str:
        who = self.person_name or (str(self.person) if self.person_id else str(self.unit))
        return f"{self.get_form_display()} — {who}"


# --- complaints and denunciations ----------------------------------------------------


class Complaint(TimeStampedModel):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Khiếu nại")
        DENUNCIATION = "denunciation", _("Tố cáo")
        PETITION = "petition", _("Kiến nghị, phản ánh")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Mới tiếp nhận")
        HANDLING = "handling", _("Đang giải quyết")
        RESOLVED = "resolved", _("Đã giải quyết")
        TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
        FILED = "filed", _("Lưu, không giải quyết")

    received_on = models.DateField(_("Ngày nhận"))
    kind = models.CharField(_("Loại đơn"), max_length=14, choices=Kind.choices)
    # Protected identity: only the inspection role of the handling body reads these two.
    sender_name = models.CharField(_("Người gửi"), max_length=200, blank=True)
    sender_contact = models.CharField(_("Địa chỉ, liên hệ người gửi"), max_length=300, blank=True)
    subject_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("Tổ chức bị khiếu nại, tố cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject_person_name = models.CharField(_("Đảng viên bị khiếu nại, tố cáo"), max_length=200, blank=True)
    content = models.TextField(_("Nội dung"))
    field = models.CharField(_("Lĩnh vực"), max_length=32, choices=Field.choices, default=Field.OTHER)
    handling_unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("Cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("Thời hạn giải quyết"))
    status = models.CharField(_("Tình trạng"), max_length=12, choices=Status.choices, default=Status.RECEIVED)
    outcome = models.TextField(_("Kết quả giải quyết"), blank=True)
    closed_on = models.DateField(_("Ngày kết thúc"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey("auth.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Đơn thư")
        verbose_name_plural = _("Đơn thư khiếu nại, tố cáo")
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} nhận ngày {self.received_on:%d/%m/%Y}"
