"""Settlements (setoran): a member pays the leader for a group of submitted orders.

Money is whole rupiah. The database enforces the rules that matter under
concurrency, so even a raw write cannot break them:

- ``amount_due = goods_total + charity_share − credit_applied + unique_code``;
- no two OPEN settlements (awaiting transfer / proof uploaded) share an
  ``amount_due`` — that is what makes a transfer identify its settlement;
- an order sits in at most one active settlement link;
- a bank statement line matches at most one settlement and a settlement at
  most one line; a statement line (by fingerprint) is stored once.

``unique_code`` is 1–999 for a settlement that needs a transfer; 0 means "no
code": credit covered everything and the settlement was confirmed at once.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.events import StatusEvent
from community.storage import private_storage


class Settlement(models.Model):
    class Status(models.TextChoices):
        AWAITING_TRANSFER = "awaiting_transfer", _("Waiting for transfer")
        PROOF_UPLOADED = "proof_uploaded", _("Proof sent")
        CONFIRMED = "confirmed", _("Paid")
        REJECTED = "rejected", _("Rejected")
        EXPIRED = "expired", _("Expired")
        CANCELLED = "cancelled", _("Cancelled")

    class Via(models.TextChoices):
        MANUAL = "manual", _("Checked by hand")
        STATEMENT = "statement", _("Bank statement")
        CREDIT = "credit", _("Fully paid with credit")

    OPEN_STATUSES = (Status.AWAITING_TRANSFER, Status.PROOF_UPLOADED)
    # Closed without payment: the credit it used went back to the member.
    CLOSED_UNPAID_STATUSES = (Status.REJECTED, Status.EXPIRED, Status.CANCELLED)

    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="settlements",
    )
    goods_total = models.PositiveBigIntegerField(_("goods total (Rp)"))
    charity_share = models.PositiveBigIntegerField(_("charity share (Rp)"))
    credit_applied = models.PositiveBigIntegerField(_("credit used (Rp)"), default=0)
    unique_code = models.PositiveSmallIntegerField(_("unique code"))
    amount_due = models.PositiveBigIntegerField(_("amount to transfer (Rp)"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.AWAITING_TRANSFER,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    proof_uploaded_at = models.DateTimeField(_("proof sent at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_via = models.CharField(
        _("confirmed through"), max_length=10, choices=Via, blank=True
    )
    closed_at = models.DateTimeField(
        _("rejected/expired/cancelled at"), null=True, blank=True
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["member", "status"]),
            # Statement matching looks settlements up by amount in any status
            # (open, or confirmed by hand); without it each line scans them all.
            models.Index(fields=["amount_due"], name="settlement_amount_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    amount_due=F("goods_total")
                    + F("charity_share")
                    - F("credit_applied")
                    + F("unique_code")
                ),
                name="settlement_amount_due_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(credit_applied__lte=F("goods_total") + F("charity_share")),
                name="settlement_credit_at_most_owed",
            ),
            models.CheckConstraint(
                condition=Q(unique_code__gte=1, unique_code__lte=999)
                | Q(unique_code=0, amount_due=0),
                name="settlement_unique_code_1_999_or_none",
            ),
            # The reason a unique code exists: an open settlement is found by
            # its amount alone. Concurrent creators race on this index and the
            # loser retries with another code (settlements.services).
            models.UniqueConstraint(
                fields=["amount_due"],
                condition=Q(status__in=["awaiting_transfer", "proof_uploaded"]),
                name="settlement_open_amount_due_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Setoran #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def total_owed(self) -> int:
        return self.goods_total + self.charity_share


STATUS_BADGES = {
    Settlement.Status.AWAITING_TRANSFER: "warn",
    Settlement.Status.PROOF_UPLOADED: "info",
    Settlement.Status.CONFIRMED: "ok",
    Settlement.Status.REJECTED: "bad",
    Settlement.Status.EXPIRED: "bad",
    Settlement.Status.CANCELLED: "",
}


class SettlementOrder(models.Model):
    """An order inside a settlement. Inactive once the settlement is rejected,
    expired or cancelled, so the order can be settled again."""

    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        on_delete=models.PROTECT,
        related_name="settlement_links",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("settled order")
        verbose_name_plural = _("settled orders")
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(is_active=True),
                name="settlement_order_one_active_link",
            ),
            models.UniqueConstraint(
                fields=["settlement", "order"], name="settlement_order_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.settlement_id} ← {self.order_id}"


def proof_upload_to(instance, filename: str) -> str:
    return f"proofs/{timezone.now():%Y/%m}/{filename}"


class TransferProof(models.Model):
    """The member's photo of the transfer receipt (private file)."""

    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement"),
        on_delete=models.CASCADE,
        related_name="proofs",
    )
    image = models.ImageField(
        _("photo"), upload_to=proof_upload_to, storage=private_storage
    )
    bank = models.CharField(_("bank"), max_length=60)
    sender_name = models.CharField(_("sender name"), max_length=120)
    amount = models.PositiveBigIntegerField(_("amount transferred (Rp)"))
    transferred_at = models.DateTimeField(_("transferred at"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("transfer proof")
        verbose_name_plural = _("transfer proofs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.settlement_id}: {self.bank} {self.amount}"


class BankAccount(models.Model):
    """An account of the leader that members transfer to, or the charity
    fund's account for donations; optionally with its static QRIS payload."""

    class Purpose(models.TextChoices):
        SETTLEMENTS = "settlements", _("Settlements (members pay here)")
        CHARITY = "charity", _("Charity fund (donations)")

    bank = models.CharField(_("bank"), max_length=60)
    account_number = models.CharField(_("account number"), max_length=40)
    holder_name = models.CharField(_("account holder"), max_length=120)
    is_active = models.BooleanField(_("shown to members"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    purpose = models.CharField(
        _("used for"), max_length=12, choices=Purpose, default=Purpose.SETTLEMENTS
    )
    # The static QRIS (EMVCo merchant-presented) text, checked by
    # settlements.qris.qris_parse before it is saved; blank = no QRIS.
    qris_payload = models.TextField(_("QRIS code (text)"), blank=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "account_number"], name="bank_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.account_number} a.n. {self.holder_name}"


class BankAccountEvent(models.Model):
    """One change of a bank account's QRIS: who, when, the code before and
    after; written by ``bank_account_set_qris`` in the same transaction. Kept
    when the account is deleted: members may have paid to the old code."""

    account = models.ForeignKey(
        BankAccount,
        verbose_name=_("bank account"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    old_qris_payload = models.TextField(_("QRIS code before"), blank=True)
    new_qris_payload = models.TextField(_("QRIS code after"), blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("bank account change")
        verbose_name_plural = _("bank account changes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "created_at"])]

    def __str__(self) -> str:
        return f"{self.account_id}: QRIS {self.created_at:%Y-%m-%d %H:%M}"


def statement_upload_to(instance, filename: str) -> str:
    return f"statements/{timezone.now():%Y/%m}/{filename}"


class BankStatement(models.Model):
    """One uploaded statement file; its lines are parsed and matched by a task."""

    class Format(models.TextChoices):
        # The layouts of settlements.parsers.LAYOUTS (README, "Bank statements").
        BCA = "bca", "KlikBCA"
        MYBCA = "mybca", "myBCA"
        BCA_BISNIS = "bca_bisnis", "KlikBCA Bisnis (CSV)"
        BCA_BISNIS_TXT = "bca_bisnis_txt", "KlikBCA Bisnis (TXT)"
        BRI = "bri", "BRI"
        BRI_CMS = "bri_cms", "BRI CMS"
        MANDIRI = "mandiri", "Mandiri"
        MANDIRI_MCM = "mandiri_mcm", "Mandiri MCM"
        MANDIRI_CMS = "mandiri_cms", "Mandiri CMS (TXT)"
        MANDIRI_XLSX = "mandiri_xlsx", "Mandiri e-Statement (XLSX)"
        GENERIC = "generic", _("Generic (date,description,amount,type)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        PROCESSING = "processing", _("Processing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    file = models.FileField(
        _("file"), upload_to=statement_upload_to, storage=private_storage
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    format = models.CharField(_("format"), max_length=20, choices=Format)
    # The community's account the file was downloaded from: part of each
    # line's fingerprint, so two accounts' identical lines are both kept.
    bank_account = models.ForeignKey(
        BankAccount,
        verbose_name=_("bank account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements",
    )
    # The account number the file itself states (blank when it has none).
    account = models.CharField(_("account"), max_length=60, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.PENDING
    )
    total_lines = models.PositiveIntegerField(_("lines in the file"), default=0)
    processed_lines = models.PositiveIntegerField(_("lines processed"), default=0)
    new_lines = models.PositiveIntegerField(_("new lines"), default=0)
    duplicate_lines = models.PositiveIntegerField(_("lines seen before"), default=0)
    credit_lines = models.PositiveIntegerField(_("money in"), default=0)
    matched_lines = models.PositiveIntegerField(_("matched"), default=0)
    ambiguous_lines = models.PositiveIntegerField(_("ambiguous"), default=0)
    unmatched_lines = models.PositiveIntegerField(_("unmatched"), default=0)
    possible_double_lines = models.PositiveIntegerField(
        _("possible double payments"), default=0
    )
    error = models.TextField(_("error"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.created_at:%Y-%m-%d} #{self.pk}"

    @property
    def progress_percent(self) -> int:
        """Share of the NEW lines decided; a finished import is 100 % even
        when every line was imported before (nothing new to decide)."""
        if self.status == self.Status.DONE or not self.new_lines:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, self.processed_lines * 100 // self.new_lines)

    @property
    def already_imported(self) -> bool:
        """Every line of the file was stored by an earlier upload."""
        return self.total_lines > 0 and self.new_lines == 0


class BankStatementLine(models.Model):
    class Direction(models.TextChoices):
        CREDIT = "credit", _("Money in")
        DEBIT = "debit", _("Money out")

    class Match(models.TextChoices):
        PENDING = "pending", _("Not checked yet")
        MATCHED = "matched", _("Matched")
        AMBIGUOUS = "ambiguous", _("Several candidates")
        UNMATCHED = "unmatched", _("No settlement found")
        POSSIBLE_DOUBLE = "possible_double", _("Possible double payment")
        IGNORED = "ignored", _("Money out (ignored)")
        # Stored at import, never matched: an amount with sen (interest, tax).
        UNMATCHABLE = "unmatchable", _("Cannot be matched")

    statement = models.ForeignKey(
        BankStatement,
        verbose_name=_("statement"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    line_no = models.PositiveIntegerField(_("line in the file"))
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=255)
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    # Sen after the whole rupiah of ``amount`` (interest, tax): such a line
    # is stored as UNMATCHABLE; settlements are whole rupiah.
    # db_default: raw bulk inserts (demo seed_scale) may leave these out.
    cents = models.PositiveSmallIntegerField(_("cents (sen)"), default=0, db_default=0)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction)
    raw = models.TextField(_("original row"))
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    match_status = models.CharField(
        _("match"), max_length=16, choices=Match, default=Match.PENDING
    )
    # Why the line cannot be matched (shown to the treasurer).
    note = models.CharField(_("note"), max_length=255, blank=True, db_default="")
    settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("settlement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_lines",
    )
    # For a possible double payment: the confirmed settlement it resembles.
    similar_settlement = models.ForeignKey(
        Settlement,
        verbose_name=_("similar settlement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["date", "line_no", "pk"]
        indexes = [
            models.Index(fields=["statement", "match_status"]),
            models.Index(fields=["amount", "direction"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["settlement"],
                condition=Q(settlement__isnull=False),
                name="statement_line_one_per_settlement",
            ),
            models.CheckConstraint(
                condition=Q(match_status="matched", settlement__isnull=False)
                | (~Q(match_status="matched") & Q(settlement__isnull=True)),
                name="statement_line_matched_has_settlement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.direction} {self.amount}"


class SettlementEvent(StatusEvent):
    """One change of a settlement (created, proof, confirmed, line attached,
    rejected, cancelled, expired); written by the service that changes it."""

    settlement = StatusEvent.subject(Settlement, _("settlement"))

    class Meta(StatusEvent.Meta):
        verbose_name, verbose_name_plural = (
            _("settlement event"),
            _("settlement events"),
        )
        indexes = [models.Index(fields=["settlement", "created_at"])]
