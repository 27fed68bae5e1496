"""Every write of a settlement: create, proof, confirm, reject, cancel, expire.

Confirming is ``settlements.confirm.settlements_confirm`` (the one writer of a
confirmed settlement); ``settlement_confirm`` here is its single-settlement
caller. Locks follow the project's lock plan (``community.lock_plan``):
creating locks the chosen orders by pk, then the member's credit balance
(``credit_lock``), then inserts the settlement; closing locks the settlement,
then the credit balance (the reversal).

Credit keys: ``settlement:<id>:apply`` (credit used, negative) and
``settlement:<id>:reversal`` (given back on reject/cancel/expire), built with
``ledger.references``. Every change writes a ``SettlementEvent``.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.errors import (
    ConflictError,
    KongsiError,
    NotFoundError,
    PermissionDeniedError,
)
from community.models import Member
from community.money import format_rupiah
from community.roles import is_staff_role
from community.uploads import image_content_file, reencode_image, validate_image_upload
from ledger.credit import credit_lock, credit_post
from ledger.references import Purpose, settlement_ref
from orders.models import Order
from settlements.confirm import (
    Confirmation,
    check_may_confirm,
    settlements_confirm,
    user_of,
)
from settlements.models import (
    BankStatementLine,
    Settlement,
    SettlementEvent,
    SettlementOrder,
    TransferProof,
)

S = Settlement.Status
CODE_RANGE = range(1, 1000)
# Concurrent creators with equal totals collide on the unique index at most a
# few times each; past this many tries something else is wrong.
MAX_CODE_ATTEMPTS = 25


_user_of = user_of


def _is_owner(settlement: Settlement, actor) -> bool:
    user = _user_of(actor)
    return user is not None and settlement.member.user_id == user.pk


def check_may_send_proof(settlement: Settlement, actor) -> None:
    """Only the member who pays sends the proof; staff see it, never send it."""
    if not _is_owner(settlement, actor):
        raise PermissionDeniedError(_("Only the member who pays can send the proof."))


def check_may_cancel(settlement: Settlement, actor) -> None:
    """Only the member who pays withdraws a settlement (403 for anyone else)."""
    if not _is_owner(settlement, actor):
        raise PermissionDeniedError(_("Only the member who pays can cancel it."))


def _lock(settlement: Settlement | int) -> Settlement:
    pk = settlement if isinstance(settlement, int) else settlement.pk
    try:
        return (
            Settlement.objects.select_for_update(of=("self",))
            .select_related("member")
            .get(pk=pk)
        )
    except Settlement.DoesNotExist:
        raise NotFoundError(_("Settlement not found.")) from None


def _refresh_caller_copy(settlement, locked: Settlement) -> None:
    if isinstance(settlement, Settlement) and settlement is not locked:
        settlement.__dict__.update(
            {k: v for k, v in locked.__dict__.items() if not k.startswith("_")}
        )


def _status_words(settlement: Settlement) -> str:
    return settlement.get_status_display().lower()


def _event(settlement: Settlement, *, actor, from_status: str, **params) -> None:
    SettlementEvent.objects.create(
        settlement=settlement,
        actor=_user_of(actor),
        from_status=from_status,
        to_status=settlement.status,
        params=params,
    )


def check_may_reject(actor) -> None:
    """Only the leader or the treasurer refuses a settlement."""
    if not is_staff_role(_user_of(actor)):
        raise PermissionDeniedError(
            _("Only the leader or the treasurer can reject a settlement.")
        )


# -- creating ----------------------------------------------------------------


def _lock_orders_for(member: Member, order_ids: list[int]) -> list[Order]:
    """Lock the chosen orders (by pk) and check each may be settled now."""
    if not order_ids:
        raise KongsiError(_("Choose at least one order to pay."), field="orders")
    try:
        ids = sorted({int(pk) for pk in order_ids})
    except (TypeError, ValueError):
        raise KongsiError(_("The order list is not valid."), field="orders") from None
    orders = list(
        Order.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, member=member)
        .order_by("pk")
    )
    found = {order.pk for order in orders}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise KongsiError(
            _("Order %(id)s was not found among your orders.") % {"id": missing[0]},
            field="orders",
        )
    for order in orders:
        if order.status != Order.Status.SUBMITTED:
            raise KongsiError(
                _("Order %(number)s is %(status)s; only submitted orders are paid.")
                % {
                    "number": order.marketplace_order_no,
                    "status": order.get_status_display().lower(),
                },
                field="orders",
            )
    busy = set(
        SettlementOrder.objects.filter(order_id__in=ids, is_active=True).values_list(
            "order_id", flat=True
        )
    )
    for order in orders:
        if order.pk in busy:
            raise KongsiError(
                _("Order %(number)s is already in another settlement.")
                % {"number": order.marketplace_order_no},
                field="orders",
            )
    return orders


def _insert_with_unique_code(*, member, actor, goods_total, charity_share, credit):
    """Insert an open settlement whose amount_due no other open one has.

    The partial unique index ``settlement_open_amount_due_unique`` is the real
    guarantee: a concurrent creator that took the same amount makes our insert
    fail, and we try another code inside a savepoint.
    """
    base = goods_total + charity_share - credit
    for _attempt in range(MAX_CODE_ATTEMPTS):
        taken = set(
            Settlement.objects.filter(
                status__in=Settlement.OPEN_STATUSES,
                amount_due__gte=base + CODE_RANGE.start,
                amount_due__lt=base + CODE_RANGE.stop,
            ).values_list("amount_due", flat=True)
        )
        free = [code for code in CODE_RANGE if base + code not in taken]
        if not free:
            raise ConflictError(
                _("Too many open settlements have this amount. Try again later.")
            )
        # A random free code, not the smallest: concurrent creators then rarely
        # pick the same one.
        code = secrets.choice(free)
        try:
            with transaction.atomic():
                return Settlement.objects.create(
                    member=member,
                    created_by=_user_of(actor),
                    goods_total=goods_total,
                    charity_share=charity_share,
                    credit_applied=credit,
                    unique_code=code,
                    amount_due=base + code,
                    status=S.AWAITING_TRANSFER,
                )
        except IntegrityError as error:
            if "amount_due" not in str(error) and "settlement_open_amount" not in str(
                error
            ):
                raise
    raise ConflictError(_("A unique code could not be chosen. Try again."))


@transaction.atomic
def settlement_create(*, member: Member, orders, actor) -> Settlement:
    """Group the member's submitted, unsettled orders into one settlement.

    Credit from returns is applied first (never more than owed). When credit
    covers everything the settlement is confirmed at once with code 0.
    """
    if actor is not None and not _is_owner(Settlement(member=member), actor):
        raise PermissionDeniedError(_("Only the member can pay for their orders."))
    order_ids = [getattr(order, "pk", order) for order in orders]
    locked_orders = _lock_orders_for(member, order_ids)
    goods_total = sum(order.goods_total for order in locked_orders)
    charity_share = sum(order.charity_share for order in locked_orders)
    owed = goods_total + charity_share
    balance = credit_lock(member)
    credit = min(balance, owed)
    if credit == owed:
        settlement = Settlement.objects.create(
            member=member,
            created_by=_user_of(actor),
            goods_total=goods_total,
            charity_share=charity_share,
            credit_applied=credit,
            unique_code=0,
            amount_due=0,
            status=S.CONFIRMED,
        )
    else:
        settlement = _insert_with_unique_code(
            member=member,
            actor=actor,
            goods_total=goods_total,
            charity_share=charity_share,
            credit=credit,
        )
    SettlementOrder.objects.bulk_create(
        [SettlementOrder(settlement=settlement, order=order) for order in locked_orders]
    )
    if credit:
        ref = settlement_ref(settlement.pk)
        credit_post(
            member=member,
            amount=-credit,
            kind="applied_to_settlement",
            reference=str(ref),
            idempotency_key=ref.key(Purpose.APPLY),
            actor=_user_of(actor),
        )
    if settlement.status == S.CONFIRMED:
        # Inserted confirmed (no open amount to reserve) but not yet through
        # the one confirmation: orders paid, fund posts, event, signal.
        settlements_confirm(
            confirmations=[Confirmation(settlement.pk)],
            via=Settlement.Via.CREDIT,
            actor=actor,
        ).raise_first_refusal()
        settlement.refresh_from_db()
    else:
        _event(settlement, actor=actor, from_status="")
    return settlement


# -- proof ------------------------------------------------------------------


@transaction.atomic
def settlement_upload_proof(
    *,
    settlement: Settlement,
    actor,
    image,
    bank: str,
    sender_name: str,
    amount,
    transferred_at: datetime,
) -> TransferProof:
    """Store the member's transfer photo; the settlement becomes proof_uploaded."""
    locked = _lock(settlement)
    check_may_send_proof(locked, actor)
    if locked.status not in Settlement.OPEN_STATUSES:
        raise ConflictError(
            _("This settlement is %(status)s; a proof is no longer needed.")
            % {"status": _status_words(locked)}
        )
    bank = (bank or "").strip()
    sender_name = (sender_name or "").strip()
    if not bank:
        raise KongsiError(_("Write the bank you sent from."), field="bank")
    if not sender_name:
        raise KongsiError(_("Write the sender's name."), field="sender_name")
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        raise KongsiError(
            _("Write the amount in whole rupiah."), field="amount"
        ) from None
    if amount < 1:
        raise KongsiError(_("The amount must be more than zero."), field="amount")
    if transferred_at is None:
        raise KongsiError(_("Write when you transferred."), field="transferred_at")
    if transferred_at > timezone.now() + timedelta(hours=1):
        raise KongsiError(
            _("The transfer time cannot be in the future."), field="transferred_at"
        )
    validate_image_upload(image, field="image")
    data, extension = reencode_image(image.read(), max_side=2000)
    proof = TransferProof.objects.create(
        settlement=locked,
        image=image_content_file(data, f"setoran-{locked.pk}.{extension}"),
        bank=bank[:60],
        sender_name=sender_name[:120],
        amount=amount,
        transferred_at=transferred_at,
        uploaded_by=_user_of(actor),
    )
    if locked.status == S.AWAITING_TRANSFER:
        locked.status = S.PROOF_UPLOADED
        locked.proof_uploaded_at = timezone.now()
        locked.save(update_fields=["status", "proof_uploaded_at"])
        _event(locked, actor=actor, from_status=S.AWAITING_TRANSFER, proof=proof.pk)
    _refresh_caller_copy(settlement, locked)
    return proof


# -- confirming ------------------------------------------------------------------


@transaction.atomic
def settlement_confirm(
    *,
    settlement: Settlement,
    actor,
    source: str = Settlement.Via.MANUAL,
    statement_line: BankStatementLine | None = None,
) -> Settlement:
    """Confirm one transfer (API, admin page): ``settlements_confirm`` with a
    list of one. A settlement that is not open is refused with 409, so a retry
    or a second confirmer changes nothing."""
    if source not in (Settlement.Via.MANUAL, Settlement.Via.STATEMENT):
        raise KongsiError(_("Unknown way of confirming."), field="source")
    check_may_confirm(actor, via=source)
    line_id = statement_line.pk if statement_line is not None else None
    if source == Settlement.Via.STATEMENT and line_id is None:
        raise KongsiError(
            _("Choose the bank line that paid it."), field="statement_line"
        )
    pk = settlement if isinstance(settlement, int) else settlement.pk
    result = settlements_confirm(
        confirmations=[Confirmation(pk, line_id)], via=source, actor=actor
    )
    result.raise_first_refusal()
    if not result.confirmed:  # only a line recorded: not a confirmation, undo it
        raise ConflictError(_("This settlement is confirmed already."))
    locked = result.confirmed[0]
    _refresh_caller_copy(settlement, locked)
    return locked


# -- closing without payment --------------------------------------------------------


def _close_locked(settlement: Settlement, *, status: str, actor, reason: str = ""):
    """Close an open settlement: free its orders and give the credit back."""
    user = _user_of(actor)
    from_status = settlement.status
    SettlementOrder.objects.filter(settlement=settlement, is_active=True).update(
        is_active=False
    )
    if settlement.credit_applied:
        ref = settlement_ref(settlement.pk)
        credit_post(
            member=settlement.member,
            amount=settlement.credit_applied,
            kind="settlement_reversal",
            reference=str(ref),
            idempotency_key=ref.key(Purpose.REVERSAL),
            actor=user,
        )
    settlement.status = status
    settlement.closed_at = timezone.now()
    settlement.closed_by = user
    settlement.reject_reason = reason
    settlement.save(update_fields=["status", "closed_at", "closed_by", "reject_reason"])
    _event(settlement, actor=actor, from_status=from_status, **(
        {"reason": reason} if reason else {}
    ))  # fmt: skip


@transaction.atomic
def settlement_reject(*, settlement: Settlement, actor, reason: str) -> Settlement:
    """Refuse a settlement (e.g. the transfer never arrived); a reason is required."""
    check_may_reject(actor)
    reason = (reason or "").strip()
    if not reason:
        raise KongsiError(_("Write why the settlement is rejected."), field="reason")
    locked = _lock(settlement)
    if locked.status not in Settlement.OPEN_STATUSES:
        raise ConflictError(
            _("This settlement is %(status)s; it cannot be rejected.")
            % {"status": _status_words(locked)}
        )
    _close_locked(locked, status=S.REJECTED, actor=actor, reason=reason[:2000])
    _refresh_caller_copy(settlement, locked)
    return locked


@transaction.atomic
def settlement_cancel(*, settlement: Settlement, actor) -> Settlement:
    """The member withdraws a settlement they have not paid yet."""
    locked = _lock(settlement)
    check_may_cancel(locked, actor)
    if locked.status != S.AWAITING_TRANSFER:
        raise ConflictError(
            _("This settlement is %(status)s; only one waiting for a transfer can "
              "be cancelled.")
            % {"status": _status_words(locked)}
        )  # fmt: skip
    _close_locked(locked, status=S.CANCELLED, actor=actor)
    _refresh_caller_copy(settlement, locked)
    return locked


def expiry_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(hours=settings.SETTLEMENT_EXPIRY_HOURS)


@transaction.atomic
def settlement_expire(*, settlement: Settlement, now: datetime | None = None) -> bool:
    """Expire one settlement still waiting for a transfer past the deadline.

    Return False (and change nothing) when it is no longer due to expire.
    """
    locked = _lock(settlement)
    if locked.status != S.AWAITING_TRANSFER or locked.created_at > expiry_cutoff(now):
        return False
    _close_locked(locked, status=S.EXPIRED, actor=None)
    return True


def settlement_expire_overdue(*, now: datetime | None = None) -> list[int]:
    """Expire every overdue settlement, each in its own transaction."""
    due = Settlement.objects.filter(
        status=S.AWAITING_TRANSFER, created_at__lte=expiry_cutoff(now)
    ).order_by("pk")
    expired = []
    for pk in due.values_list("pk", flat=True):
        if settlement_expire(settlement=pk, now=now):
            expired.append(pk)
    return expired


def describe_amount(settlement: Settlement) -> str:
    """Return "Rp 152.417" for messages."""
    return format_rupiah(settlement.amount_due)
