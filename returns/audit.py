"""Money checks of returns, run by ``manage.py audit_money``.

The credit ledger's own balance check is ``ledger.audit``; what settlements
took from and gave back to it is checked in ``settlements.audit``.
"""

from collections import defaultdict

from django.db.models import F, Q, Sum

from ledger.models import CreditEntry
from returns.models import ReturnRequest


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


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        (
            "each credited return has exactly one credit entry of its value",
            check_credited_returns(),
        ),
        ("no line returns more than was bought", check_returned_quantities()),
    ]
