"""The document registry: documents, their relations and their original files."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from roviec.core.models import TimeStampedModel


class DocumentType(models.Model):
    """Reference list of document types (tên loại) and their symbol codes."""

    code = models.CharField(_("Mã ký hiệu"), max_length=10, unique=True)
    name = models.CharField(_("Tên loại"), max_length=100)
    system = models.CharField(_("Hệ thống"), max_length=20, help_text="party, state or party+state")
    note = models.TextField(_("Ghi chú"), blank=True)

    class Meta:
        verbose_name = _("Loại văn bản")
        verbose_name_plural = _("Loại văn bản")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class PartyTerm(models.Model):
    """A committee term (nhiệm kỳ): Party document numbers restart with each term."""

    name = models.CharField(_("Nhiệm kỳ"), max_length=20, unique=True)
    start_date = models.DateField(_("Bắt đầu"))
    end_date = models.DateField(_("Kết thúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("Nhiệm kỳ")
        verbose_name_plural = _("Nhiệm kỳ")
        ordering = ["start_date"]

    def __str__(self) -> str:
        return self.name


class Document(TimeStampedModel):
    class Direction(models.TextChoices):
        ISSUED = "issued", _("Văn bản đi")
        RECEIVED = "received", _("Văn bản đến")

    class System(models.TextChoices):
        PARTY = "party", _("Văn bản của Đảng")
        STATE = "state", _("Văn bản nhà nước")

    class SigningMode(models.TextChoices):
        NONE = "", _("Ký trực tiếp")
        ON_BEHALF = "TM", _("T/M (thay mặt)")
        SIGNING_FOR = "KT", _("K/T (ký thay)")
        BY_ORDER = "TL", _("TL (thừa lệnh)")
        BY_AUTHORISATION = "TUQ", _("TUQ (thừa ủy quyền)")

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        REPLACED = "replaced", _("Đã được thay thế")
        REPEALED = "repealed", _("Đã bị bãi bỏ")
        CANCELLED = "cancelled", _("Đã hủy")

    direction = models.CharField(_("Loại sổ"), max_length=10, choices=Direction.choices,
                                 default=Direction.RECEIVED)
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("Loại văn bản"), on_delete=models.PROTECT)
    symbol = models.CharField(_("Số, ký hiệu"), max_length=80, blank=True)
    system = models.CharField(_("Hệ thống"), max_length=10, choices=System.choices, blank=True)
    number = models.PositiveIntegerField(_("Số"), null=True, blank=True)
    number_suffix = models.CharField(max_length=10, blank=True)
    symbol_year = models.PositiveIntegerField(null=True, blank=True)
    type_code = models.CharField(max_length=10, blank=True)
    issuer_code = models.CharField(max_length=40, blank=True)
    # Numbering rule key: unique among registered documents so duplicates are refused by the database.
    numbering_key = models.CharField(max_length=160, null=True, blank=True, unique=True, editable=False)
    issue_date = models.DateField(_("Ngày ban hành"))
    issuer_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Cơ quan ban hành (trong hệ thống)"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="issued_documents")
    issuer_name = models.CharField(_("Cơ quan ban hành"), max_length=255)
    registered_unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị vào sổ"),
                                        on_delete=models.PROTECT, related_name="registered_documents")
    signer_name = models.CharField(_("Người ký"), max_length=200, blank=True)
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=200, blank=True)
    signing_mode = models.CharField(_("Hình thức ký"), max_length=4, choices=SigningMode.choices,
                                    blank=True)
    title = models.TextField(_("Trích yếu"))
    recipients_text = models.TextField(_("Nơi nhận"), blank=True)
    recipient_units = models.ManyToManyField("orgs.OrgUnit", verbose_name=_("Đơn vị nhận"), blank=True,
                                             related_name="received_documents")
    status = models.CharField(_("Tình trạng"), max_length=12, choices=Status.choices,
                              default=Status.IN_FORCE)
    cancel_reason = models.TextField(_("Lý do hủy"), blank=True)
    registered_by = models.ForeignKey("auth.User", verbose_name=_("Người vào sổ"), null=True,
                                      on_delete=models.PROTECT, related_name="+")
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Văn bản")
        verbose_name_plural = _("Văn bản")
        ordering = ["-issue_date", "-id"]

    def __str__(self) -> str:
        head = f"{self.doc_type.name} số {self.symbol}" if self.symbol else self.doc_type.name
        return f"{head} ngày {self.issue_date:%d/%m/%Y}"


class DocumentRelation(TimeStampedModel):
    class Kind(models.TextChoices):
        BASED_ON = "based_on", _("Căn cứ")
        IMPLEMENTS = "implements", _("Thực hiện")
        REPLACES = "replaces", _("Thay thế")
        AMENDS = "amends", _("Sửa đổi, bổ sung")
        REPEALS = "repeals", _("Bãi bỏ")

    source = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="outgoing_relations")
    target = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="incoming_relations")
    kind = models.CharField(_("Quan hệ"), max_length=12, choices=Kind.choices)

    class Meta:
        verbose_name = _("Quan hệ văn bản")
        verbose_name_plural = _("Quan hệ văn bản")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="unique_document_relation"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")),
                                   name="document_relation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} — {self.get_kind_display()} — {self.target}"


class Attachment(TimeStampedModel):
    """An original file, kept byte for byte; its SHA-256 detects re-uploads."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="documents/%Y/%m/")
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    mime_type = models.CharField(_("Kiểu tệp"), max_length=120)
    sha256 = models.CharField(max_length=64, unique=True)
    uploaded_by = models.ForeignKey("auth.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("Tệp đính kèm")
        verbose_name_plural = _("Tệp đính kèm")

    def __str__(self) -> str:
        return self.original_name


class IngestionRun(TimeStampedModel):
    """One uploaded file on its way through the engine to a registered document and its tasks.

    The original is kept byte for byte (its SHA-256 spots a second upload of the
    same file); ``result`` is the engine's JSON and ``proposal`` what the review
    page offers, matched against the registry and the organisation tree.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang xử lý")
        READY = "ready", _("Chờ rà soát")
        FAILED = "failed", _("Lỗi")
        CONFIRMED = "confirmed", _("Đã xác nhận")

    class Step(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        READ = "read", _("Đọc tệp")
        ANALYSE = "analyse", _("Phân tích")
        MATCH = "match", _("Đối chiếu đơn vị")
        DONE = "done", _("Xong")

    unit = models.ForeignKey("orgs.OrgUnit", verbose_name=_("Đơn vị vào sổ"), on_delete=models.PROTECT,
                             related_name="ingestion_runs")
    created_by = models.ForeignKey("auth.User", verbose_name=_("Người tải lên"), null=True,
                                   on_delete=models.PROTECT, related_name="+")
    file = models.FileField(upload_to="ingest/%Y/%m/")
    original_name = models.CharField(_("Tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("Dung lượng (byte)"))
    mime_type = models.CharField(_("Kiểu tệp"), max_length=120)
    sha256 = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("Trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Tiến độ (%)"), default=0)
    step = models.CharField(_("Bước"), max_length=10, choices=Step.choices, default=Step.QUEUED)
    result = models.JSONField(_("Kết quả phân tích"), default=dict, blank=True)
    proposal = models.JSONField(_("Đề xuất"), default=dict, blank=True)
    error = models.TextField(_("Lỗi"), blank=True)
    document = models.ForeignKey(Document, verbose_name=_("Văn bản đã vào sổ"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="ingestion_runs")
    confirmed_at = models.DateTimeField(_("Thời điểm xác nhận"), null=True, blank=True)
    # A failed run analysed again keeps the same stored file and points back to the failed run.
    retry_of = models.ForeignKey("self", verbose_name=_("Thử lại của lượt"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="retries")

    class Meta:
        verbose_name = _("Lượt nhập văn bản")
        verbose_name_plural = _("Lượt nhập văn bản")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
