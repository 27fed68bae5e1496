"""Money checks of the two ledgers, run by ``manage.py audit_money``.

Each cached balance equals the sum of its entries and is not negative. What
the entries belong to (settlements, returns, disbursements) is checked by the
app that owns those rows.
"""

from django.db.models import Sum

from ledger.fund_months import check_fund_months_equal_entries
from ledger.models import CreditBalance, CreditEntry, FundBalance, FundEntry


def check_credit_balances_equal_entries() -> list[str]:
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


def check_fund_balance_equals_entries() -> list[str]:
    """The single fund balance row equals Σ entries and is not negative."""
    problems = []
    total = int(FundEntry.objects.aggregate(total=Sum("amount"))["total"] or 0)
    rows = list(FundBalance.objects.values_list("pk", "balance"))
    if not rows:
        if total:
            problems.append(f"no fund balance row, but Σ entries is {total}")
        return problems
    if len(rows) > 1:
        problems.append(f"{len(rows)} fund balance rows; there must be one")
    for pk, balance in rows:
        if balance != total:
            problems.append(f"fund balance row {pk}: {balance} ≠ Σ entries {total}")
        if balance < 0:
            problems.append(f"fund balance row {pk} is negative: {balance}")
    return problems


CREDIT_BALANCE_CHECK = "credit balance rows equal the sum of entries"
FUND_BALANCE_CHECK = "fund balance equals the sum of entries"
FUND_MONTHS_CHECK = "fund months equal the sum of their entries"


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        (CREDIT_BALANCE_CHECK, check_credit_balances_equal_entries()),
        (FUND_BALANCE_CHECK, check_fund_balance_equals_entries()),
        (FUND_MONTHS_CHECK, check_fund_months_equal_entries()),
    ]
