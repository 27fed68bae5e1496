"""Money checks of settlements, run by ``manage.py audit_money``.

Everything a settlement did to the other apps is checked here: the credit it
took from and gave back to the credit ledger, the charity share and unique
code it posted to the fund, the orders it marked paid, its bank line.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, F, Sum

from ledger.models import CreditEntry, FundEntry
from ledger.references import RefKind, settlement_id_of, settlement_ref
from orders.models import Order
from settlements.models import BankStatementLine, Settlement, SettlementOrder


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
    """credit_applied = what the apply entry took; a settlement closed unpaid
    gave all of it back, an open or confirmed one none; every entry is of the
    settlement's own member."""
    taken: dict[int, int] = defaultdict(int)
    returned: dict[int, int] = defaultdict(int)
    members: dict[int, set[int]] = defaultdict(set)
    entries = CreditEntry.objects.filter(
        kind__in=[
            CreditEntry.Kind.APPLIED_TO_SETTLEMENT,
            CreditEntry.Kind.SETTLEMENT_REVERSAL,
        ]
    ).values_list("idempotency_key", "kind", "amount", "member_id")
    for key, kind, amount, member_id in entries:
        pk = settlement_id_of(key)
        if pk is None:
            continue
        members[pk].add(member_id)
        if kind == CreditEntry.Kind.APPLIED_TO_SETTLEMENT:
            taken[pk] += -amount
        else:
            returned[pk] += amount
    problems = []
    rows = Settlement.objects.values_list("pk", "member_id", "credit_applied", "status")
    for pk, member_id, credit, status in rows:
        if taken.get(pk, 0) != credit:
            problems.append(
                f"settlement {pk}: credit_applied {credit} ≠ ledger {taken.get(pk, 0)}"
            )
        expected_back = credit if status in Settlement.CLOSED_UNPAID_STATUSES else 0
        if returned.get(pk, 0) != expected_back:
            problems.append(
                f"settlement {pk} ({status}): credit returned {returned.get(pk, 0)}"
                f" ≠ {expected_back}"
            )
        if members.get(pk, {member_id}) != {member_id}:
            problems.append(f"settlement {pk}: credit entries of another member")
    for pk in (set(taken) | set(returned)) - {row[0] for row in rows}:
        problems.append(f"credit entries for a missing settlement {pk}")
    return problems


def check_confirmed_settlements_posted() -> list[str]:
    """Each confirmed settlement: one contribution = its charity share, and one
    unique-code entry = its unique code when UNIQUE_CODE_TO_CHARITY is on."""
    with_code = settings.UNIQUE_CODE_TO_CHARITY
    by_reference: dict[tuple[str, str], dict] = {
        (row["reference"], row["kind"]): row
        for row in FundEntry.objects.filter(
            kind__in=[FundEntry.Kind.CONTRIBUTION, FundEntry.Kind.UNIQUE_CODE],
            reference__startswith=f"{RefKind.SETTLEMENT}:",
        )
        .values("reference", "kind")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    problems = []
    confirmed = Settlement.objects.filter(status=Settlement.Status.CONFIRMED)
    for pk, share, code in confirmed.values_list("pk", "charity_share", "unique_code"):
        reference = str(settlement_ref(pk))
        expected = [(FundEntry.Kind.CONTRIBUTION, share)]
        if with_code:
            expected.append((FundEntry.Kind.UNIQUE_CODE, code))
        for kind, amount in expected:
            entry = by_reference.get((reference, kind))
            if entry is None:
                if amount:
                    problems.append(f"confirmed settlement {pk} has no {kind} entry")
            elif entry["count"] != 1:
                problems.append(
                    f"confirmed settlement {pk} has {entry['count']} {kind} entries"
                )
            elif entry["total"] != amount:
                problems.append(
                    f"confirmed settlement {pk}: {kind} {entry['total']} ≠ {amount}"
                )
    return problems


def check_confirmed_orders_paid() -> list[str]:
    links = SettlementOrder.objects.filter(
        settlement__status=Settlement.Status.CONFIRMED, is_active=True
    ).exclude(order__status__in=Order.PAID_OR_LATER)
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
        (
            "confirmed settlements posted their charity share and code once",
            check_confirmed_settlements_posted(),
        ),
    ]
