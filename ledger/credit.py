"""The member credit ledger: post an entry, read or lock a balance.

It knows nothing of orders or settlements: callers pass an amount, a kind, a
reference and an idempotency key. Posting locks the member's balance row, so
two posts for one member are serialised and the balance can never go below
zero; a second post with the same key is refused. The balance row is step 6
of the lock plan (``community.lock_plan``).
"""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from community.errors import ConflictError, KongsiError
from ledger.models import CreditBalance, CreditEntry


class DuplicatePost(ConflictError):
    """An entry with this idempotency key exists already."""


def _balance_row_for_update(member) -> CreditBalance:
    # get_or_create first (outside the lock) so the row exists, then lock it:
    # every writer of this member's credit queues on the same row.
    CreditBalance.objects.get_or_create(member=member)
    return CreditBalance.objects.select_for_update().get(member=member)


def credit_lock(member) -> int:
    """Lock the member's balance row for this transaction; return the balance.

    Call inside ``transaction.atomic`` before deciding how much credit to use.
    """
    return _balance_row_for_update(member).balance


def credit_balance(member) -> int:
    """Return the member's current credit balance (0 when they never had any)."""
    row = CreditBalance.objects.filter(member=member).only("balance").first()
    return row.balance if row else 0


@transaction.atomic
def credit_post(
    *,
    member,
    amount: int,
    kind: str,
    reference: str,
    idempotency_key: str,
    actor=None,
    memo: str = "",
) -> CreditEntry:
    """Append one entry and move the member's balance by ``amount``."""
    amount = int(amount)
    if amount == 0:
        raise KongsiError(_("The amount must not be zero."), field="amount")
    if kind not in CreditEntry.Kind.values:
        raise KongsiError(_("Unknown kind of credit entry."), field="kind")
    row = _balance_row_for_update(member)
    if CreditEntry.objects.filter(idempotency_key=idempotency_key).exists():
        raise DuplicatePost(_("This credit entry was already recorded."))
    new_balance = row.balance + amount
    if new_balance < 0:
        raise ConflictError(
            _("Not enough credit: the balance is %(balance)s.")
            % {"balance": row.balance}
        )
    try:
        with transaction.atomic():
            entry = CreditEntry.objects.create(
                member=member,
                amount=amount,
                kind=kind,
                reference=reference,
                idempotency_key=idempotency_key,
                balance_after=new_balance,
                actor=actor,
                memo=memo[:255],
            )
    except IntegrityError:
        raise DuplicatePost(_("This credit entry was already recorded.")) from None
    row.balance = new_balance
    row.save(update_fields=["balance", "updated_at"])
    return entry
