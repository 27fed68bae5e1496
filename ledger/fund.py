"""The fund ledger: the only code that writes ``FundEntry`` and ``FundBalance``.

Depends only on community; every app above may post (with a typed reference
from ``ledger.references``).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from community.errors import ConflictError, KongsiError
from community.money import format_rupiah

from .models import FundBalance, FundEntry

KINDS = frozenset(FundEntry.Kind.values)
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


def _check_post(*, amount, kind: str, idempotency_key: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise KongsiError(_("The amount must be whole rupiah."), field="amount")
    if kind not in KINDS:
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


def _refuse_overdraw(balance: int, amount: int) -> None:
    if balance + amount < 0:
        raise ConflictError(
            _("The fund holds only %(balance)s; it cannot pay %(amount)s.")
            % {"balance": format_rupiah(balance), "amount": format_rupiah(-amount)}
        )


@dataclass(frozen=True)
class FundPost:
    """One post for ``fund_post_many``."""

    amount: int
    kind: str
    reference: str
    idempotency_key: str
    member_id: int | None = None
    actor: object = None
    memo: str = ""


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
    """Post one entry: ``fund_post_many`` with a list of one.

    ``amount`` is signed: contributions, unique codes and donations are ≥ 0,
    disbursements ≤ 0 (money out), adjustments either. A post that would take the
    balance below zero raises ``ConflictError``; a second post with the same
    ``idempotency_key`` raises ``DuplicatePost``. Nothing is written on error.
    """
    member_id = getattr(member, "pk", member)
    post = FundPost(amount, kind, reference, idempotency_key, member_id, actor, memo)
    return fund_post_many([post])[0]


@transaction.atomic
def fund_post_many(posts: Sequence[FundPost]) -> list[FundEntry]:
    """Append entries under ONE lock of the balance row (lock plan step 7,
    ``community.lock_plan``): the only writer of ``FundEntry``/``FundBalance``.

    All or nothing: any invalid post, any
    idempotency key already recorded (or given twice) and any point where the
    running balance would go below zero refuses the whole batch.
    """
    if not posts:
        return []
    for post in posts:
        _check_post(
            amount=post.amount, kind=post.kind, idempotency_key=post.idempotency_key
        )
    keys = [post.idempotency_key for post in posts]
    if len(set(keys)) != len(keys):
        raise DuplicatePost(_("This fund entry was already recorded."))
    balance = _lock_balance()
    running = balance.balance
    for post in posts:
        _refuse_overdraw(running, post.amount)
        running += post.amount
    try:
        with transaction.atomic():
            # A FundPost's fields are FundEntry's own names.
            entries = FundEntry.objects.bulk_create(
                [FundEntry(**vars(post)) for post in posts], batch_size=1000
            )
    except IntegrityError as exc:
        # A key already recorded (the unique index answers in the same pass as
        # the insert: no look-up of thousands of keys first), or posted
        # concurrently.
        raise DuplicatePost(_("This fund entry was already recorded.")) from exc
    balance.balance = running
    balance.save(update_fields=["balance", "updated_at"])
    return entries


def fund_balance_lock() -> None:
    """Take the balance row's lock now, ahead of ``fund_post_many``.

    ``settlements_confirm`` takes it before it locks the bank lines (lock plan:
    settlement → orders → fund balance → statement lines).
    """
    _lock_balance()


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
