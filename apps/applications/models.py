"""Applications for cash entitlements, their review by caseworkers, their payment, and the audit
of every step.

An application is a set of claims, one per program and child (or parent), each decided on its
own; the application's status follows from its claims'. An approved claim falls due in payments,
one per period of its schedule; a payment run gathers what is due into a batch, exported once as
the bank file and then confirmed paid or failed line by line.

An application keeps a snapshot of what the parent answered and what the engine said then, so a
caseworker can compare it with today's rules. The ID number and bank account are stored as given
(encryption at rest is out of scope here); a keyed digest of the normalised ID number (HMAC with
SECRET_KEY) makes it searchable, finds the same applicant again without showing it in lists, and
makes a claim unique per program, child and applicant across all households.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def mask(value: str, *, keep: int = 4) -> str:
    """'410105199001011234' -> '4101**********1234': enough to recognise, not to use."""
    if len(value) <= keep * 2:
        return "*" * len(value)
    return f"{value[:keep]}{'*' * (len(value) - 2 * keep)}{value[-keep:]}"


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    IN_REVIEW = "in_review", _("审核中")
    INFO_REQUESTED = "info_requested", _("待补充材料")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未获批准")
    PAID = "paid", _("已发放")


OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED)
DECIDED_STATUSES = (Status.APPROVED, Status.REJECTED, Status.PAID)


class Application(models.Model):
    reference = models.CharField(_("申请编号"), max_length=20, unique=True)
    secret_hash = models.CharField(_("查询密钥摘要"), max_length=64, editable=False)
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("家庭答卷"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("居住地"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_name = models.CharField(_("申请人姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    id_number_hash = models.CharField(_("身份证号码摘要"), max_length=64, db_index=True)
    phone = models.CharField(_("手机号码"), max_length=11)
    email = models.EmailField(_("电子邮箱"), blank=True)
    bank_account = models.CharField(_("收款银行账号"), max_length=30)
    consent_text = models.TextField(_("同意的声明"))
    consented_at = models.DateTimeField(_("同意时间"))

    answers = models.JSONField(_("答卷快照"))
    evaluation = models.JSONField(_("计算结果快照"))
    rules_version = models.CharField(_("规则版本"), max_length=40)
    as_of = models.DateField(_("计算日期"))
    programs = models.JSONField(_("申请的项目"), default=list)
    amount = models.DecimalField(_("申请金额（元）"), max_digits=12, decimal_places=2)

    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    parent_replied = models.BooleanField(
        _("申请人已答复"), default=False, help_text=_("申请人补充了信息或材料，审核人员尚未处理")
    )
    possible_duplicate = models.BooleanField(
        _("可能重复"),
        default=False,
        help_text=_("同一申请人在另一份答卷中也为同一出生日期的孩子申请过"),
    )
    internal_note = models.TextField(_("内部备注"), blank=True)
    rules_changed = models.BooleanField(
        _("规则有变"),
        default=False,
        db_index=True,
        help_text=_("政策改变后，按现行规则，申请的某项不再符合或金额有变"),
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # The queue's order, kept by the database from the status: open applications first, then
    # approved, then the rest. Indexed with the submission time, so the queue's first page is
    # read from the index however many applications there are.
    queue_rank = models.GeneratedField(
        expression=models.Case(
            models.When(status__in=OPEN_STATUSES, then=models.Value(0)),
            models.When(status=Status.APPROVED, then=models.Value(1)),
            default=models.Value(2),
        ),
        output_field=models.SmallIntegerField(),
        db_persist=True,
        verbose_name=_("队列次序"),
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("申请")
        verbose_name_plural = pgettext_lazy("plural", "申请")
        indexes = [
            models.Index(fields=["queue_rank", "created_at"], name="application_queue_order"),
            models.Index(
                fields=["jurisdiction", "queue_rank", "created_at"],
                name="application_queue_by_place",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def id_number_masked(self) -> str:
        return mask(self.id_number)

    @property
    def bank_account_masked(self) -> str:
        return mask(self.bank_account)


# A claim moves through the same states as an application; the application's is its claims'.
ClaimStatus = Status


def status_of(claims: Collection[str]) -> Status:
    """An application's status, from its claims': waiting for the parent while any claim is;
    under review while any is open; else refused when all are, paid when every approved claim
    is, approved otherwise."""
    if ClaimStatus.INFO_REQUESTED in claims:
        return Status.INFO_REQUESTED
    if ClaimStatus.IN_REVIEW in claims:
        return Status.IN_REVIEW
    if ClaimStatus.SUBMITTED in claims:
        return Status.SUBMITTED
    if not claims or all(c == ClaimStatus.REJECTED for c in claims):
        return Status.REJECTED
    if all(c in (ClaimStatus.PAID, ClaimStatus.REJECTED) for c in claims):
        return Status.PAID
    return Status.APPROVED


class Claim(models.Model):
    """One entitlement applied for: a program for one child (or parent), with its own decision.

    `child_date` and `twin` say which child it is in any set of answers, `claimant_hash` who
    claims it: a claim not refused is unique per program, child and claimant across every
    household (the database says so, whatever two requests do at once). `schedule` is the
    entitlement's payments as the engine gave them when the parent applied."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="claims")
    program = models.SlugField(_("项目标识"), max_length=80, db_index=True)
    name = models.CharField(_("项目名称"), max_length=150)
    child = models.PositiveSmallIntegerField(_("孩子序号"), null=True, blank=True)
    child_date = models.DateField(_("孩子出生日期"), null=True, blank=True)
    twin = models.PositiveSmallIntegerField(_("多胞胎中的次序"), default=0)
    parent = models.CharField(_("父母"), max_length=8, blank=True)
    claimant_hash = models.CharField(_("申请人身份证号码摘要"), max_length=64, editable=False)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    schedule = models.JSONField(_("发放时间表"), default=list)
    documents = models.JSONField(_("所需材料"), default=list)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=ClaimStatus.choices,
        default=ClaimStatus.SUBMITTED,
        db_index=True,
    )
    reason = models.TextField(_("说明"), blank=True)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("申请项目")
        verbose_name_plural = pgettext_lazy("plural", "申请项目")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "child_date", "twin", "parent", "claimant_hash"],
                condition=~models.Q(status="rejected"),
                name="one_live_claim_per_program_child_and_claimant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.amount}"

    @property
    def is_open(self) -> bool:
        return self.status in (
            ClaimStatus.SUBMITTED,
            ClaimStatus.IN_REVIEW,
            ClaimStatus.INFO_REQUESTED,
        )


class ApplicationEvent(models.Model):
    """Who did what, when: one row per change of an application, never edited."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        TAKEN = "taken", _("开始审核")
        INFO_REQUESTED = "info_requested", _("要求补充材料")
        PARENT_REPLIED = "parent_replied", _("申请人补充信息")
        RESUMED = "resumed", _("继续审核")
        APPROVED = "approved", _("批准")
        REJECTED = "rejected", _("不予批准")
        PAID = "paid", _("款项已发放")
        PAYMENT_FAILED = "payment_failed", _("款项发放失败")
        DOCUMENT = "document", _("申请人上传材料")
        NOTE = "note", _("修改内部备注")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    claim = models.ForeignKey(
        Claim,
        verbose_name=_("申请项目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("操作"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices, blank=True)
    message = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("审核记录")
        verbose_name_plural = pgettext_lazy("plural", "审核记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def by_parent(self) -> bool:
        return self.kind in (self.Kind.SUBMITTED, self.Kind.PARENT_REPLIED, self.Kind.DOCUMENT)


class CaseworkerAssignment(models.Model):
    """A caseworker acts on the applications of this place and of every place under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核员"),
        on_delete=models.CASCADE,
        related_name="caseworker_assignments",
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("负责地区"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审核员负责地区")
        verbose_name_plural = pgettext_lazy("plural", "审核员负责地区")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "jurisdiction"], name="one_assignment_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.jurisdiction_id}"


# --- Payments ---------------------------------------------------------------------------------


class Payment(models.Model):
    """One instalment of an approved claim: a period of its schedule (the one period of a
    one-off payment), due from `due_on`. Paid once: a claim has one payment per period, and a
    payment is in at most one batch that has not failed it."""

    class State(models.TextChoices):
        DUE = "due", _("待发放")
        IN_BATCH = "in_batch", _("已列入发放批次")
        PAID = "paid", _("已发放")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payments")
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束（不含）"), null=True, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    due_on = models.DateField(_("应发日期"), db_index=True)
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.DUE, db_index=True
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("应发款项")
        verbose_name_plural = pgettext_lazy("plural", "应发款项")
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "period_start"], name="one_payment_per_claim_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.claim.name} {self.period} {self.amount}"

    @property
    def period(self) -> str:
        """'2025-01-01–2025-02-01', or the one day of a one-off payment."""
        return (
            f"{self.period_start}–{self.period_end}" if self.period_end else str(self.period_start)
        )


class PaymentBatch(models.Model):
    """A payment run: the payments due up to a day, gathered to be paid together. Exported once
    as the bank file, then each line is confirmed paid or failed."""

    reference = models.CharField(_("批次编号"), max_length=24, unique=True)
    due_up_to = models.DateField(_("应发日期截至"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    exported_at = models.DateTimeField(_("导出时间"), null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("发放批次")
        verbose_name_plural = pgettext_lazy("plural", "发放批次")
        permissions = [("export_paymentbatch", _("可以导出银行发放文件"))]

    def __str__(self) -> str:
        return self.reference


class BatchLine(models.Model):
    """One payment in one batch, and what the bank made of it."""

    class Result(models.TextChoices):
        PENDING = "pending", _("待确认")
        PAID = "paid", _("已发放")
        FAILED = "failed", _("发放失败")

    batch = models.ForeignKey(PaymentBatch, on_delete=models.PROTECT, related_name="lines")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="batch_lines")
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    result = models.CharField(
        _("结果"), max_length=16, choices=Result.choices, default=Result.PENDING, db_index=True
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        verbose_name = _("发放明细")
        verbose_name_plural = pgettext_lazy("plural", "发放明细")
        constraints = [
            models.UniqueConstraint(
                fields=["payment"],
                condition=~models.Q(result="failed"),
                name="a_payment_in_one_batch_until_it_fails",
            )
        ]

    def __str__(self) -> str:
        return f"{self.batch.reference} {self.payment_id}"


class BatchEvent(models.Model):
    """Who did what with a batch, when: its making, its one export, each line's result."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建批次")
        EXPORTED = "exported", _("导出银行发放文件")
        EXPORT_REFUSED = "export_refused", _("拒绝再次导出")
        LINE_PAID = "line_paid", _("确认已发放")
        LINE_FAILED = "line_failed", _("确认发放失败")

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("操作"), max_length=16, choices=Kind.choices)
    message = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["batch", "created_at", "id"]
        verbose_name = _("批次记录")
        verbose_name_plural = pgettext_lazy("plural", "批次记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"


# --- Documents and messages ------------------------------------------------------------------


def _document_path(document: Document, filename: str) -> str:
    """A random name under the application's reference, with the extension of the kind found
    in the file (documents.document_upload names it): the parent's file name is kept only as a
    label, never as a path."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else ""
    return f"applications/{document.application.reference}/{uuid.uuid4().hex}.{extension}"


def _documents_storage() -> Storage:
    return storages["documents"]


class Document(models.Model):
    """A file the parent uploaded (a birth certificate, a hukou page), checked by its content."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    claim = models.ForeignKey(
        Claim,
        verbose_name=_("申请项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded",
    )
    title = models.CharField(_("材料名称"), max_length=100)
    file = models.FileField(_("文件"), upload_to=_document_path, storage=_documents_storage)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=40)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at", "id"]
        verbose_name = _("申请材料")
        verbose_name_plural = pgettext_lazy("plural", "申请材料")

    def __str__(self) -> str:
        return self.title


class Notification(models.Model):
    """A message sent to the parent about their application, by email or SMS, kept as sent."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("电子邮件")
        SMS = "sms", _("短信")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(
        ApplicationEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(_("渠道"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("发送至（部分隐藏）"), max_length=100)
    text = models.TextField(_("内容"))
    sent = models.BooleanField(_("已发出"), default=False)
    error = models.CharField(_("失败原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("通知")
        verbose_name_plural = pgettext_lazy("plural", "通知")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.to}"


# --- Recomputing after a policy change ---------------------------------------------------------


class RecomputeRun(models.Model):
    """Every saved household and open application evaluated again under the rules of the day: a
    run of the task queue in chunks (`RecomputeChunk`) that any number of workers take at once,
    each counted once, with what changed."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("计算中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("出错")

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    reason = models.CharField(_("原因"), max_length=200, blank=True)
    rules_version = models.CharField(_("规则版本"), max_length=40)
    as_of = models.DateField(_("计算日期"))
    state = models.CharField(
        _("状态"), max_length=16, choices=State.choices, default=State.QUEUED, db_index=True
    )
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    error = models.TextField(_("错误"), blank=True)
    households_total = models.PositiveIntegerField(_("家庭答卷总数"), default=0)
    households_done = models.PositiveIntegerField(_("已计算的家庭答卷"), default=0)
    applications_total = models.PositiveIntegerField(_("未结申请总数"), default=0)
    applications_done = models.PositiveIntegerField(_("已核对的申请"), default=0)
    gained = models.PositiveIntegerField(_("新增待遇的家庭"), default=0)
    lost = models.PositiveIntegerField(_("失去待遇的家庭"), default=0)
    better_off = models.PositiveIntegerField(_("金额增加的家庭"), default=0)
    worse_off = models.PositiveIntegerField(_("金额减少的家庭"), default=0)
    first_seen = models.PositiveIntegerField(_("首次计算的家庭"), default=0)
    amount_before = models.DecimalField(
        _("原金额合计（元）"), max_digits=16, decimal_places=2, default=0
    )
    amount_after = models.DecimalField(
        _("新金额合计（元）"), max_digits=16, decimal_places=2, default=0
    )
    applications_affected = models.PositiveIntegerField(_("受影响的未结申请"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("重新计算")
        verbose_name_plural = pgettext_lazy("plural", "重新计算")

    def __str__(self) -> str:
        return f"{self.rules_version} {self.get_state_display()}"

    @property
    def progress(self) -> int:
        """Percent done, households and applications together."""
        total = self.households_total + self.applications_total
        done = self.households_done + self.applications_done
        return 100 if not total else round(100 * done / total)


class RecomputeChunk(models.Model):
    """One task's share of a run: the households (or open applications) whose keys lie in
    (after, last], fixed when the run is planned. Done once: the chunk's results, the run's
    counts and `done_at` are written in one transaction."""

    class Kind(models.TextChoices):
        HOUSEHOLDS = "households", _("家庭答卷")
        APPLICATIONS = "applications", _("未结申请")

    run = models.ForeignKey(RecomputeRun, on_delete=models.CASCADE, related_name="chunks")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    after = models.BigIntegerField()
    last = models.BigIntegerField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "after"], name="recompute_chunk_once")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.kind} ({self.after}, {self.last}]"


class HouseholdResult(models.Model):
    """A saved household's cash entitlements as last computed: what the next recompute compares
    with. One row per household, replaced by each run."""

    household = models.OneToOneField(
        "households.Household", on_delete=models.CASCADE, related_name="+", primary_key=True
    )
    rules_version = models.CharField(max_length=40)
    as_of = models.DateField()
    claims = models.JSONField(default=dict)  # claim key -> amount, as text
    total = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("家庭答卷的计算结果")
        verbose_name_plural = pgettext_lazy("plural", "家庭答卷的计算结果")

    def __str__(self) -> str:
        return f"{self.household_id} {self.rules_version} {self.total}"


class ExportFile(models.Model):
    """A large masked export, written by the task queue into the private documents storage and
    downloaded by whoever asked for it from the admin."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("出错")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导出人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    application_ids = models.JSONField(_("申请"), default=list)  # the queue as it was filtered
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.QUEUED)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/", storage=_documents_storage, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导出文件")
        verbose_name_plural = pgettext_lazy("plural", "导出文件")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.rows}"
