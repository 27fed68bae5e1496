"""The member credit ledger (and, with the returns issue, return requests).

Credit is money the leader owes a member, for example for a defective item. It
lives in an append-only ledger of CreditEntry rows; CreditBalance caches the sum
per member, guarded by a check constraint (never below zero) and recomputable.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
        verbose_name = _("credit balance")
        verbose_name_plural = _("credit balances")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="credit_balance_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.balance}"
