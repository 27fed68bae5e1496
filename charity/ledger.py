"""The fund ledger: the only code that writes ``FundEntry`` and ``FundBalance``.

Leaf module: depends only on community, so settlements may import it.
"""

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from community.errors import ConflictError, KongsiError
from community.money import format_rupiah

from .models import FundBalance, FundEntry

INCOME_KINDS = {
    FundEntry.Kind.CONTRIBUTION,
    FundEntry.Kind.UNIQUE_CODE,
    FundEntry.Kind.DONATION,
}


class DuplicatePost(ConflictError):
    """A post with this idempotency key already exists (409)."""


def _lock_balance() -> FundBalance:
    """Lock (creating if missing) the single fund balance row."""
    row = FundBalance.objects.select_for_update().filter(pk=FundBalance.SINGLETON_PK)
    balance = row.first()
    if balance is None:
        FundBalance.objects.get_or_create(pk=FundBalance.SINGLETON_PK)
        balance = row.get()
    return balance


@transaction.atomic
def fund_post(
    *,
    amount: int,
    kind: str,
    reference: str,
    idempotency_key: str,
    member=None,
    actor=None,
    memo: str = "",
) -> FundEntry:
    """Append one entry and move the balance, under a lock of the balance row.

    ``amount`` is signed: contributions, unique codes and donations are ≥ 0,
    disbursements ≤ 0 (money out), adjustments either. A post that would take the
    balance below zero raises ``ConflictError``; a second post with the same
    ``idempotency_key`` raises ``DuplicatePost``. Nothing is written on error.
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise KongsiError(_("The amount must be whole rupiah."), field="amount")
    if kind not in FundEntry.Kind.values:
        raise KongsiError(_("Unknown kind of fund entry."), field="kind")
    if kind in INCOME_KINDS and amount < 0:
        raise KongsiError(_("Money coming in cannot be negative."), field="amount")
    if kind == FundEntry.Kind.DISBURSEMENT and amount > 0:
        raise KongsiError(
            _("A disbursement takes money out: its amount must be negative."),
            field="amount",
        )
    if not idempotency_key:
        raise KongsiError(_("An idempotency key is required."), field="idempotency_key")

    balance = _lock_balance()
    if FundEntry.objects.filter(idempotency_key=idempotency_key).exists():
        raise DuplicatePost(_("This fund entry was already recorded."))
    new_balance = balance.balance + amount
    if new_balance < 0:
        raise ConflictError(
            _("The fund holds only %(balance)s; it cannot pay %(amount)s.")
            % {
                "balance": format_rupiah(balance.balance),
                "amount": format_rupiah(-amount),
            }
        )
    try:
        with transaction.atomic():
            entry = FundEntry.objects.create(
                amount=amount,
                kind=kind,
                reference=reference,
                idempotency_key=idempotency_key,
                member=member,
                actor=actor,
                memo=memo,
            )
    except IntegrityError as exc:  # a concurrent post of the same key
        raise DuplicatePost(_("This fund entry was already recorded.")) from exc
    balance.balance = new_balance
    balance.save(update_fields=["balance", "updated_at"])
    return entry


def fund_balance() -> int:
    """The current fund balance in rupiah (0 when the row does not exist yet)."""
    value = (
        FundBalance.objects.filter(pk=FundBalance.SINGLETON_PK)
        .values_list("balance", flat=True)
        .first()
    )
    return int(value or 0)


def fund_entries_sum() -> int:
    """Σ of all entries (for audits and tests)."""
    return int(FundEntry.objects.aggregate(total=Sum("amount"))["total"] or 0)
