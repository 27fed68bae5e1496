"""Money checks of the credit ledger, run by ``manage.py audit_money``."""

from django.db.models import Sum

from returns.models import CreditBalance, CreditEntry


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


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        ("credit balance rows equal the sum of entries", check_balances_equal_entries())
    ]
