"""The money kernel's rows: the member credit ledger, the charity fund ledger
and the charity policy.

Moved here from ``returns`` and ``charity`` with their tables
(``SeparateDatabaseAndState``: the table names stay, no row moves). Both
ledgers are append-only; each cached balance is guarded by a check constraint
(never below zero) and recomputable. Only ``ledger.credit.credit_post`` and
``ledger.fund.fund_post_many`` write them.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CharityPolicy(models.Model):
    """The share of profit every order sets aside, from ``effective_from`` on."""

    rate_percent = models.DecimalField(
        _("rate (percent of profit)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    minimum_per_order = models.PositiveBigIntegerField(
        _("minimum per order (Rp)"), default=0
    )
    effective_from = models.DateField(_("in force from"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        db_table = "charity_charitypolicy"
        verbose_name = _("charity policy")
        verbose_name_plural = _("charity policies")
        ordering = ["-effective_from", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate_percent__gte=0) & Q(rate_percent__lte=100),
                name="charity_policy_rate_0_100",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.rate_percent}% / {self.minimum_per_order} ({self.effective_from})"
        )

    @property
    def rate_display(self) -> Decimal:
        """The rate without trailing zeros (2.50 → 2.5, 3.00 → 3) for display."""
        rate = Decimal(self.rate_percent)
        if rate == rate.to_integral_value():
            return rate.quantize(Decimal(1))
        return rate.normalize()


class FundEntry(models.Model):
    """One append-only movement of the fund. Positive = in, negative = out."""

    class Kind(models.TextChoices):
        CONTRIBUTION = "contribution", _("Member contribution")
        UNIQUE_CODE = "unique_code", _("Transfer unique code")
        DONATION = "donation", _("Donation")
        DISBURSEMENT = "disbursement", _("Disbursement")
        ADJUSTMENT = "adjustment", _("Adjustment")

    amount = models.BigIntegerField(_("amount (Rp)"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=120, unique=True
    )
    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("contributor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fund_entries",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    created_at = models.DateTimeField(
        _("recorded at"), auto_now_add=True, db_index=True
    )

    class Meta:
        db_table = "charity_fundentry"
        verbose_name = _("fund entry")
        verbose_name_plural = _("fund entries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "created_at"], name="fundentry_kind_created"),
            models.Index(fields=["member", "kind"], name="fundentry_member_kind"),
            models.Index(fields=["reference"], name="fundentry_reference"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["contribution", "unique_code", "donation"])
                | Q(amount__gte=0),
                name="fundentry_income_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(kind="disbursement") | Q(amount__lte=0),
                name="fundentry_disbursement_not_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.reference})"


class FundMonth(models.Model):
    """Σ of the fund entries of one Jakarta month and kind, kept by a trigger.

    Written only by the database (``ledger.fund_months``), in the same
    transaction as the entries, so the public figures never scan the ledger.
    """

    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=14, choices=FundEntry.Kind)
    amount = models.BigIntegerField(_("amount (Rp)"), default=0)
    entries = models.IntegerField(_("entries"), default=0)

    class Meta:
        verbose_name = _("fund month")
        verbose_name_plural = _("fund months")
        ordering = ["month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "kind"], name="fundmonth_one_row_per_month_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.kind} {self.amount}"


class FundBalance(models.Model):
    """The single balance row (pk 1); locked by every post."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK)
    balance = models.BigIntegerField(_("balance (Rp)"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "charity_fundbalance"
        verbose_name = _("fund balance")
        verbose_name_plural = _("fund balance")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="fundbalance_not_negative"
            ),
            models.CheckConstraint(condition=Q(id=1), name="fundbalance_single_row"),
        ]

    def __str__(self) -> str:
        return str(self.balance)


class CreditEntry(models.Model):
    class Kind(models.TextChoices):
        RETURN_CREDIT = "return_credit", _("Return credit")
        APPLIED_TO_SETTLEMENT = "applied_to_settlement", _("Used for a settlement")
        SETTLEMENT_REVERSAL = "settlement_reversal", _("Returned from a settlement")
        ADJUSTMENT = "adjustment", _("Adjustment")

    member = models.ForeignKey(
        "community.Member",
        on_delete=models.PROTECT,
        related_name="credit_entries",
        verbose_name=_("member"),
    )
    amount = models.BigIntegerField(_("amount"))
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    reference = models.CharField(_("reference"), max_length=80)
    idempotency_key = models.CharField(max_length=120, unique=True)
    balance_after = models.BigIntegerField(_("balance after"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    memo = models.CharField(_("memo"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        db_table = "returns_creditentry"
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["member", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="credit_entry_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0),
                name="credit_entry_balance_after_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind} {self.amount}"


class CreditBalance(models.Model):
    """One row per member: the sum of their credit entries (never negative)."""

    member = models.OneToOneField(
        "community.Member",
        on_delete=models.PROTECT,
        related_name="credit_balance_row",
        primary_key=True,
    )
    balance = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "returns_creditbalance"
        verbose_name = _("credit balance")
        verbose_name_plural = _("credit balances")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="credit_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.balance}"
