"""Confirming settlements: the one writer of a confirmed settlement.

Every way money is received comes here with a list — the single confirm (API,
admin page), the admin's bulk action, a bank line matched by a person, a
settlement fully paid with credit, and each chunk of statement matching:

    settlements_confirm(confirmations=[Confirmation(settlement_id, line_id)],
                        via=..., actor=...)

What it does, in one transaction:

1. Role check: the leader or the treasurer confirms by hand or from a bank
   statement; a settlement covered by credit is confirmed by the member who
   pays it (at creation) or by staff.
2. Locks, in the project's lock plan (``community.lock_plan``): the settlements
   by pk (1) → their orders by pk (2) → the fund balance (7) → the bank lines
   by pk (9).
3. Checks each settlement and refuses, with the reason, what cannot be
   confirmed (not open any more, an order no longer waiting for payment, a
   fund key already recorded, a bank line taken or not money coming in). A
   bank line given for a settlement already confirmed by hand without a line is
   recorded as its transfer (no money moves again).
4. Writes the rest in batches: orders → paid (``orders_mark_paid``, one
   UPDATE and one insert of events), the charity share and unique code → the
   fund (``fund_post_many``, one insert), the settlements → confirmed, the
   bank lines → matched, one ``SettlementEvent`` per change.
5. After commit, one ``settlements_confirmed`` signal for the whole list
   (training ticks "first settlement"); a receiver's failure is logged and
   can never undo the payment.

It returns what was confirmed, what got its bank line, and what was refused
and why (``ConfirmResult``).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from community.errors import ConflictError, KongsiError, PermissionDeniedError
from community.models import Member
from community.roles import is_staff_role
from ledger.fund import FundPost, fund_balance_lock, fund_post_many
from ledger.models import FundEntry
from ledger.references import Purpose, settlement_ref
from orders.models import Order
from orders.services import orders_mark_paid
from settlements.line_updates import update_each
from settlements.models import BankStatementLine, Settlement, SettlementEvent
from settlements.signals import settlements_confirmed

logger = logging.getLogger(__name__)
S = Settlement.Status
Via = Settlement.Via
IN_BATCH = 900  # rows per ``pk IN (...)`` (SQLite limits the parameters)


@dataclass(frozen=True)
class Confirmation:
    settlement_id: int
    line_id: int | None = None  # the bank line that paid it (via statement)


@dataclass(frozen=True)
class Refusal:
    settlement_id: int
    line_id: int | None
    error: KongsiError

    @property
    def reason(self) -> str:
        return self.error.message


@dataclass
class ConfirmResult:
    confirmed: list[Settlement] = field(default_factory=list)
    attached: list[Settlement] = field(default_factory=list)  # line recorded only
    refused: list[Refusal] = field(default_factory=list)

    def raise_first_refusal(self) -> None:
        if self.refused:
            raise self.refused[0].error


def user_of(actor):
    return actor.user if isinstance(actor, Member) else actor


def check_may_confirm(actor, *, via: str, settlement: Settlement | None = None):
    """Staff confirm; credit confirms the settlement of the member who pays."""
    user = user_of(actor)
    if via not in Via.values:
        raise KongsiError(_("Unknown way of confirming."), field="source")
    if is_staff_role(user):
        return
    if (
        via == Via.CREDIT
        and settlement is not None
        and settlement.amount_due == 0
        and user is not None
        and settlement.member.user_id == user.pk
    ):
        return
    raise PermissionDeniedError(
        _("Only the leader or the treasurer can confirm a settlement.")
    )


def _batches(items, size=IN_BATCH):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def confirmation_fund_posts(settlement: Settlement, *, user) -> list[FundPost]:
    """What confirming posts to the fund: the charity share as a contribution
    and, when the community says so, the unique code."""
    ref = settlement_ref(settlement.pk)
    wanted = [(FundEntry.Kind.CONTRIBUTION, settlement.charity_share)]
    if settings.UNIQUE_CODE_TO_CHARITY:
        wanted.append((FundEntry.Kind.UNIQUE_CODE, settlement.unique_code))
    return [
        FundPost(
            amount=amount,
            kind=kind,
            reference=str(ref),
            idempotency_key=ref.key(Purpose(kind)),
            member_id=settlement.member_id,
            actor=user,
        )
        for kind, amount in wanted
        if amount
    ]


def _lock_settlements(ids) -> dict[int, Settlement]:
    found = {}
    for batch in _batches(sorted(ids)):
        for row in (
            Settlement.objects.select_for_update(of=("self",))
            .select_related("member")
            .filter(pk__in=batch)
            .order_by("pk")
        ):
            found[row.pk] = row
    return found


def _lock_orders(settlement_ids) -> dict[int, list[tuple[int, str]]]:
    """{settlement pk: [(order pk, status)]} of the active links, locked by pk."""
    orders: dict[int, list[tuple[int, str]]] = {}
    for batch in _batches(settlement_ids):
        rows = (
            Order.objects.select_for_update(of=("self",))
            .filter(
                settlement_links__settlement_id__in=batch,
                settlement_links__is_active=True,
            )
            .order_by("pk")
            .values_list("pk", "status", "settlement_links__settlement_id")
        )
        for order_pk, status, settlement_pk in rows:
            orders.setdefault(settlement_pk, []).append((order_pk, status))
    return orders


def _lock_lines(line_ids) -> dict[int, BankStatementLine]:
    found = {}
    for batch in _batches(sorted(line_ids)):
        for line in (
            BankStatementLine.objects.select_for_update()
            .filter(pk__in=batch)
            .only("pk", "direction", "settlement_id", "statement_id")
            .order_by("pk")
        ):
            found[line.pk] = line
    return found


def _present(queryset, field: str, values) -> set:
    """Which of ``values`` the ``field`` of ``queryset``'s rows holds."""
    found: set = set()
    for batch in _batches(values):
        found.update(
            queryset.filter(**{f"{field}__in": batch}).values_list(field, flat=True)
        )
    return found


def _status_words(settlement: Settlement) -> str:
    return settlement.get_status_display().lower()


def _check_line(line):
    if line is None:
        return KongsiError(_("Choose the bank line that paid it."))
    if line.direction != BankStatementLine.Direction.CREDIT:
        return KongsiError(_("Only money coming in can pay a settlement."))
    if line.settlement_id is not None:
        return ConflictError(_("This bank line is already matched to a settlement."))
    return None


@transaction.atomic
def settlements_confirm(*, confirmations, via: str, actor) -> ConfirmResult:
    """Confirm the settlements of ``confirmations`` (module docstring)."""
    user = user_of(actor)
    confirmations = list(confirmations)
    result = ConfirmResult()
    if not confirmations:
        return result
    if via != Via.CREDIT:
        check_may_confirm(actor, via=via)
    if via == Via.STATEMENT and any(c.line_id is None for c in confirmations):
        raise KongsiError(
            _("Choose the bank line that paid it."), field="statement_line"
        )
    locked = _lock_settlements({c.settlement_id for c in confirmations})

    def refuse(item, error):
        result.refused.append(Refusal(item.settlement_id, item.line_id, error))

    # 1. What each settlement would do, before any lock of later rows.
    to_confirm: list[tuple[Confirmation, Settlement]] = []
    to_attach: list[tuple[Confirmation, Settlement]] = []
    seen: set[int] = set()
    for item in confirmations:
        settlement = locked.get(item.settlement_id)
        if settlement is None:
            refuse(item, KongsiError(_("Settlement not found.")))
            continue
        if via == Via.CREDIT:
            check_may_confirm(actor, via=via, settlement=settlement)
        if item.settlement_id in seen:
            refuse(item, ConflictError(_("This settlement is in the list twice.")))
            continue
        seen.add(item.settlement_id)
        if via == Via.CREDIT:
            # Inserted confirmed by ``settlement_create`` (nothing to
            # transfer), not yet through this function.
            if (
                settlement.status == S.CONFIRMED
                and not settlement.confirmed_via
                and settlement.amount_due == 0
            ):
                to_confirm.append((item, settlement))
            else:
                refuse(item, ConflictError(_("Credit does not cover this settlement.")))
        elif settlement.status in Settlement.OPEN_STATUSES:
            to_confirm.append((item, settlement))
        elif settlement.status == S.CONFIRMED and item.line_id is not None:
            to_attach.append((item, settlement))
        else:
            refuse(
                item,
                ConflictError(
                    _("This settlement is %(status)s; it cannot be confirmed.")
                    % {"status": _status_words(settlement)}
                ),
            )
    # 2. Orders (lock 2), then the fund (lock 7), then the lines (lock 9).
    orders = _lock_orders([s.pk for _i, s in to_confirm])
    ready = []
    for item, settlement in to_confirm:
        if any(
            status != Order.Status.SUBMITTED
            for _pk, status in orders.get(settlement.pk, [])
        ):
            refuse(
                item,
                ConflictError(
                    _("An order of this settlement is no longer waiting for payment.")
                ),
            )
        else:
            ready.append((item, settlement))
    posts = {s.pk: confirmation_fund_posts(s, user=user) for _i, s in ready}
    if ready:
        fund_balance_lock()
        recorded = _present(
            FundEntry.objects,
            "idempotency_key",
            [post.idempotency_key for group in posts.values() for post in group],
        )
        kept = []
        for item, settlement in ready:
            if any(post.idempotency_key in recorded for post in posts[settlement.pk]):
                refuse(item, ConflictError(_("This fund entry was already recorded.")))
            else:
                kept.append((item, settlement))
        ready = kept
    with_line = [pair for pair in [*ready, *to_attach] if pair[0].line_id is not None]
    lines = _lock_lines({item.line_id for item, _s in with_line})
    has_line = _present(
        BankStatementLine.objects, "settlement_id", [s.pk for _i, s in with_line]
    )
    used_lines: set[int] = set()

    def line_ok(item, settlement) -> bool:
        if item.line_id is None:
            return True
        error = _check_line(lines.get(item.line_id))
        if error is None and settlement.pk in has_line:
            error = ConflictError(
                _("This settlement is already matched to another bank line.")
            )
        if error is None and item.line_id in used_lines:
            error = ConflictError(
                _("This bank line is already matched to a settlement.")
            )
        if error is not None:
            refuse(item, error)
            return False
        used_lines.add(item.line_id)
        return True

    ready = [(i, s) for i, s in ready if line_ok(i, s)]
    to_attach = [(i, s) for i, s in to_attach if line_ok(i, s)]
    _write(ready=ready, to_attach=to_attach, orders=orders, posts=posts, via=via,
           user=user)  # fmt: skip
    result.confirmed = [s for _i, s in ready]
    result.attached = [s for _i, s in to_attach]
    if result.confirmed:
        confirmed = list(result.confirmed)
        transaction.on_commit(
            lambda: _announce(confirmed, actor=user, via=via), robust=True
        )
    return result


def _announce(confirmed: list[Settlement], *, actor, via: str) -> None:
    """Tell the other apps, after commit; a failing receiver is only logged."""
    for receiver, outcome in settlements_confirmed.send_robust(
        sender=Settlement, settlements=confirmed, actor=actor, via=via
    ):
        if isinstance(outcome, Exception):
            logger.error(
                "settlements_confirmed receiver %r failed",
                receiver,
                exc_info=(type(outcome), outcome, outcome.__traceback__),
            )


def _write(*, ready, to_attach, orders, posts, via, user) -> None:
    now = timezone.now()
    if ready:
        orders_mark_paid(
            pairs=[
                (order_pk, s.pk)
                for _i, s in ready
                for order_pk, _st in orders.get(s.pk, [])
            ],
            actor=user,
            now=now,
        )
        fund_post_many([post for _i, s in ready for post in posts[s.pk]])
        for batch in _batches([s.pk for _i, s in ready]):
            Settlement.objects.filter(pk__in=batch).update(
                status=S.CONFIRMED,
                confirmed_at=now,
                confirmed_by=user,
                confirmed_via=via,
            )
    events = []
    for item, settlement in ready:
        events.append(
            SettlementEvent(
                settlement_id=settlement.pk,
                actor=user,
                from_status=settlement.status if settlement.is_open else "",
                to_status=S.CONFIRMED,
                params={"via": via, **({"line": item.line_id} if item.line_id else {})},
                created_at=now,
            )
        )
        settlement.status = S.CONFIRMED
        settlement.confirmed_at = now
        settlement.confirmed_by = user
        settlement.confirmed_via = via
    for item, settlement in to_attach:
        events.append(
            SettlementEvent(
                settlement_id=settlement.pk,
                actor=user,
                from_status=S.CONFIRMED,
                to_status=S.CONFIRMED,
                params={"line_attached": item.line_id},
                created_at=now,
            )
        )
    pairs = [(i.line_id, s.pk) for i, s in [*ready, *to_attach] if i.line_id]
    if pairs:
        _attach_lines(pairs, user=user, now=now)
    SettlementEvent.objects.bulk_create(events, batch_size=1000)


def _attach_lines(pairs, *, user, now) -> None:
    """Record each (line, settlement): the line is that settlement's transfer."""
    # The lines are locked and were checked free; every path that attaches a
    # line holds its settlement's lock, so none can be taken meanwhile.
    update_each(
        pairs,
        each="settlement",
        match_status=BankStatementLine.Match.MATCHED,
        similar_settlement=None,
        matched_by=getattr(user, "pk", None),
        matched_at=now,
    )
