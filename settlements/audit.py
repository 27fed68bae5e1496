"""Money checks of settlements, run by ``manage.py audit_money``."""

from collections import defaultdict

from django.db.models import Count, F, Sum

from orders.models import Order
from returns.models import CreditEntry
from settlements.models import BankStatementLine, Settlement, SettlementOrder

PAID_OR_LATER = {
    Order.Status.PAID,
    Order.Status.PACKED,
    Order.Status.SHIPPED,
    Order.Status.COMPLETED,
}


def check_amount_due_adds_up() -> list[str]:
    wrong = Settlement.objects.exclude(
        amount_due=F("goods_total")
        + F("charity_share")
        - F("credit_applied")
        + F("unique_code")
    )
    return [
        f"settlement {s.pk}: amount_due {s.amount_due} ≠ {s.goods_total} + "
        f"{s.charity_share} − {s.credit_applied} + {s.unique_code}"
        for s in wrong
    ]


def check_credit_matches_ledger() -> list[str]:
    """credit_applied = what the apply entry took − what a reversal gave back;
    a closed settlement has given it all back."""
    taken: dict[int, int] = defaultdict(int)
    returned: dict[int, int] = defaultdict(int)
    entries = CreditEntry.objects.filter(reference__startswith="settlement:")
    for reference, kind, total in entries.values_list("reference", "kind").annotate(
        total=Sum("amount")
    ):
        try:
            pk = int(reference.split(":")[1])
        except (IndexError, ValueError):
            continue
        if kind == "applied_to_settlement":
            taken[pk] += -total
        elif kind == "settlement_reversal":
            returned[pk] += total
    problems = []
    closed = {
        Settlement.Status.REJECTED,
        Settlement.Status.EXPIRED,
        Settlement.Status.CANCELLED,
    }
    rows = Settlement.objects.values_list("pk", "credit_applied", "status")
    for pk, credit, status in rows:
        if taken.get(pk, 0) != credit:
            problems.append(
                f"settlement {pk}: credit_applied {credit} ≠ ledger {taken.get(pk, 0)}"
            )
        expected_back = credit if status in closed else 0
        if returned.get(pk, 0) != expected_back:
            problems.append(
                f"settlement {pk} ({status}): credit returned {returned.get(pk, 0)}"
                f" ≠ {expected_back}"
            )
    for pk in (set(taken) | set(returned)) - {row[0] for row in rows}:
        problems.append(f"credit entries for a missing settlement {pk}")
    return problems


def check_confirmed_orders_paid() -> list[str]:
    links = SettlementOrder.objects.filter(
        settlement__status=Settlement.Status.CONFIRMED, is_active=True
    ).exclude(order__status__in=PAID_OR_LATER)
    return [
        f"settlement {link.settlement_id}: order {link.order_id} is not paid"
        for link in links
    ]


def check_one_active_settlement_per_order() -> list[str]:
    doubles = (
        SettlementOrder.objects.filter(is_active=True)
        .values("order_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    return [
        f"order {row['order_id']} is in {row['n']} active settlements"
        for row in doubles
    ]


def check_statement_lines() -> list[str]:
    problems = []
    doubles = (
        BankStatementLine.objects.filter(settlement__isnull=False)
        .values("settlement_id")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    problems += [
        f"settlement {row['settlement_id']} matched by {row['n']} bank lines"
        for row in doubles
    ]
    unconfirmed = BankStatementLine.objects.filter(settlement__isnull=False).exclude(
        settlement__status=Settlement.Status.CONFIRMED
    )
    problems += [
        f"bank line {line.pk} matched to unconfirmed settlement {line.settlement_id}"
        for line in unconfirmed
    ]
    return problems


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        ("settlement amount_due adds up", check_amount_due_adds_up()),
        ("settlement credit equals the credit ledger", check_credit_matches_ledger()),
        (
            "confirmed settlements' orders are paid or later",
            check_confirmed_orders_paid(),
        ),
        (
            "an order is in at most one active settlement",
            check_one_active_settlement_per_order(),
        ),
        ("a bank line matches at most one settlement", check_statement_lines()),
    ]
