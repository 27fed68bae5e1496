"""Money checks of returns and the credit ledger, run by ``manage.py audit_money``.

Settlements sit before returns in the dependency order, but settlements import
``returns.ledger``; the settlement checks read their models lazily through the
app registry so this module never creates an import cycle.
"""

from collections import defaultdict

from django.apps import apps
from django.db.models import F, Q, Sum

from returns.models import CreditBalance, CreditEntry, ReturnRequest

# Settlements in these states gave their credit back.
SETTLEMENT_CLOSED_WITHOUT_PAYMENT = {"rejected", "expired", "cancelled"}
ORDER_PAID_OR_LATER = {"paid", "packed", "shipped", "completed"}


def check_balances_equal_entries() -> list[str]:
    problems = []
    sums = dict(
        CreditEntry.objects.values_list("member_id").annotate(total=Sum("amount"))
    )
    balances = dict(CreditBalance.objects.values_list("member_id", "balance"))
    for member_id in set(sums) | set(balances):
        total = sums.get(member_id, 0) or 0
        balance = balances.get(member_id, 0)
        if total != balance:
            problems.append(
                f"member {member_id}: balance row {balance} ≠ Σ entries {total}"
            )
        if balance < 0:
            problems.append(f"member {member_id}: negative balance {balance}")
    return problems


def check_credited_returns() -> list[str]:
    """Each credited return has exactly one credit entry of the right amount.

    And every return-credit entry belongs to a credited return.
    """
    problems = []
    entries_by_key: dict[str, list[CreditEntry]] = defaultdict(list)
    for entry in CreditEntry.objects.filter(kind=CreditEntry.Kind.RETURN_CREDIT):
        entries_by_key[entry.idempotency_key].append(entry)
    credited = ReturnRequest.objects.filter(
        status=ReturnRequest.Status.CREDITED
    ).select_related("order_line", "credit_entry")
    expected_keys = set()
    for request in credited:
        expected_keys.add(request.credit_key)
        expected = request.order_line.unit_base_price * request.quantity
        found = entries_by_key.get(request.credit_key, [])
        if len(found) != 1:
            problems.append(
                f"return {request.pk}: {len(found)} credit entries, expected 1"
            )
            continue
        entry = found[0]
        if entry.amount != expected or request.credit_amount != expected:
            problems.append(
                f"return {request.pk}: credited {entry.amount} "
                f"(recorded {request.credit_amount}), expected {expected}"
            )
        if request.credit_entry_id != entry.pk:
            problems.append(f"return {request.pk}: linked to the wrong credit entry")
        if entry.member_id != request.member_id:
            problems.append(f"return {request.pk}: credit went to another member")
    for key in entries_by_key:
        if key not in expected_keys:
            problems.append(f"credit entry {key}: no credited return behind it")
    uncredited_with_entry = ReturnRequest.objects.exclude(
        status=ReturnRequest.Status.CREDITED
    ).filter(Q(credit_entry__isnull=False) | ~Q(credit_amount=0))
    for request in uncredited_with_entry:
        problems.append(f"return {request.pk}: {request.status} but has credit")
    return problems


def check_returned_quantities() -> list[str]:
    """No line has more items asked back (not refused) than were bought."""
    rows = (
        ReturnRequest.objects.exclude(status=ReturnRequest.Status.REJECTED)
        .values("order_line_id", bought=F("order_line__quantity"))
        .annotate(returned=Sum("quantity"))
        .filter(returned__gt=F("bought"))
    )
    return [
        f"order line {row['order_line_id']}: {row['returned']} returned "
        f"of {row['bought']} bought"
        for row in rows
    ]


def _settlement_model():
    try:
        return apps.get_model("settlements", "Settlement")
    except LookupError:
        return None


def check_settlement_credit() -> list[str]:
    """Each settlement's ``credit_applied`` = what it took − what it gave back.

    An open or confirmed settlement holds its credit (taken, not given back); a
    rejected, expired or cancelled one gave all of it back.
    """
    settlement_model = _settlement_model()
    if settlement_model is None or not _has_field(settlement_model, "credit_applied"):
        return []
    taken: dict[int, int] = defaultdict(int)
    given_back: dict[int, int] = defaultdict(int)
    entries = CreditEntry.objects.filter(
        kind__in=[
            CreditEntry.Kind.APPLIED_TO_SETTLEMENT,
            CreditEntry.Kind.SETTLEMENT_REVERSAL,
        ]
    ).values_list("idempotency_key", "kind", "amount", "member_id")
    entry_members: dict[int, set[int]] = defaultdict(set)
    for key, kind, amount, member_id in entries:
        settlement_id = _settlement_id_of(key)
        if settlement_id is None:
            continue
        entry_members[settlement_id].add(member_id)
        if kind == CreditEntry.Kind.APPLIED_TO_SETTLEMENT:
            taken[settlement_id] += -amount
        else:
            given_back[settlement_id] += amount
    problems = []
    settlements = settlement_model.objects.values_list(
        "pk", "member_id", "status", "credit_applied"
    )
    seen = set()
    for pk, member_id, status, credit_applied in settlements:
        seen.add(pk)
        took, gave = taken.get(pk, 0), given_back.get(pk, 0)
        held = 0 if status in SETTLEMENT_CLOSED_WITHOUT_PAYMENT else credit_applied
        if took != credit_applied:
            problems.append(
                f"settlement {pk}: credit_applied {credit_applied} but entries "
                f"took {took}"
            )
        if took - gave != held:
            problems.append(
                f"settlement {pk} ({status}): holds {took - gave} credit, "
                f"expected {held}"
            )
        if entry_members.get(pk, {member_id}) != {member_id}:
            problems.append(f"settlement {pk}: credit entries of another member")
    for settlement_id in set(taken) | set(given_back):
        if settlement_id not in seen:
            problems.append(f"credit entries for a missing settlement {settlement_id}")
    return problems


def check_confirmed_settlement_orders() -> list[str]:
    """Every confirmed settlement's orders are paid or later."""
    settlement_model = _settlement_model()
    if settlement_model is None:
        return []
    try:
        link_model = apps.get_model("settlements", "SettlementOrder")
    except LookupError:
        return []
    rows = (
        link_model.objects.filter(
            is_active=True, settlement__status="confirmed"
        ).exclude(order__status__in=ORDER_PAID_OR_LATER)
    ).values_list("settlement_id", "order_id", "order__status")
    return [
        f"settlement {settlement_id} is confirmed but order {order_id} is {status}"
        for settlement_id, order_id, status in rows
    ]


def _settlement_id_of(key: str) -> int | None:
    # Keys are "settlement:<id>:apply" and "settlement:<id>:reversal".
    parts = key.split(":")
    if len(parts) >= 2 and parts[0] == "settlement" and parts[1].isdecimal():
        return int(parts[1])
    return None


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        (
            "credit balance rows equal the sum of entries",
            check_balances_equal_entries(),
        ),
        (
            "each credited return has exactly one credit entry of its value",
            check_credited_returns(),
        ),
        ("no line returns more than was bought", check_returned_quantities()),
        (
            "settlement credit_applied equals what its entries took minus gave back",
            check_settlement_credit(),
        ),
        (
            "confirmed settlements' orders are paid or later",
            check_confirmed_settlement_orders(),
        ),
    ]
