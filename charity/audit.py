"""Money checks of the charity fund's disbursements (``manage.py audit_money``).

The fund balance is checked in ``ledger.audit``, what confirmed settlements
posted in ``settlements.audit``.
"""

from django.db.models import Count, Sum

from charity.models import Disbursement
from ledger.models import FundEntry
from ledger.references import RefKind, disbursement_ref


def check_paid_disbursements_posted() -> list[str]:
    """Every paid disbursement has exactly one fund entry of −(cash + goods)."""
    problems = []
    entries = {
        row["reference"]: row
        for row in FundEntry.objects.filter(
            kind=FundEntry.Kind.DISBURSEMENT,
            reference__startswith=f"{RefKind.DISBURSEMENT}:",
        )
        .values("reference")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    paid_refs = set()
    for disbursement in Disbursement.objects.filter(
        status=Disbursement.Status.PAID
    ).only("pk", "cash_amount", "in_kind_value", "fund_entry_id"):
        reference = str(disbursement_ref(disbursement.pk))
        paid_refs.add(reference)
        row = entries.get(reference)
        if row is None:
            problems.append(f"paid disbursement {disbursement.pk} has no fund entry")
            continue
        if row["count"] != 1:
            problems.append(
                f"paid disbursement {disbursement.pk} has {row['count']} fund entries"
            )
        if row["total"] != -disbursement.total:
            problems.append(
                f"paid disbursement {disbursement.pk}: entry {row['total']} ≠ "
                f"−{disbursement.total}"
            )
        if disbursement.fund_entry_id is None:
            problems.append(f"paid disbursement {disbursement.pk} is not linked")
    for reference in set(entries) - paid_refs:
        problems.append(f"fund entry {reference} belongs to no paid disbursement")
    return problems


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        ("paid disbursements posted once", check_paid_disbursements_posted()),
    ]
