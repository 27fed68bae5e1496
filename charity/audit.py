"""Money checks of the charity fund, run by ``manage.py audit_money``."""

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Sum

from charity.models import Disbursement, FundBalance, FundEntry


def check_balance_equals_entries() -> list[str]:
    """The single balance row equals Σ entries and is not negative."""
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


def check_paid_disbursements_posted() -> list[str]:
    """Every paid disbursement has exactly one fund entry of −(cash + goods)."""
    problems = []
    entries = {
        row["reference"]: row
        for row in FundEntry.objects.filter(
            kind=FundEntry.Kind.DISBURSEMENT, reference__startswith="disbursement:"
        )
        .values("reference")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    paid_refs = set()
    for disbursement in Disbursement.objects.filter(
        status=Disbursement.Status.PAID
    ).only("pk", "cash_amount", "in_kind_value", "fund_entry_id"):
        reference = f"disbursement:{disbursement.pk}"
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


def _settlement_model():
    try:
        return apps.get_model("settlements", "Settlement")
    except LookupError:
        return None


def check_confirmed_settlements_posted() -> list[str]:
    """Each confirmed settlement: one contribution = its charity share, and one
    unique-code entry = its unique code when UNIQUE_CODE_TO_CHARITY is on."""
    Settlement = _settlement_model()
    if Settlement is None:
        return []
    field_names = {field.name for field in Settlement._meta.get_fields()}
    if not {"status", "charity_share"} <= field_names:
        return ["settlements.Settlement lacks status/charity_share; cannot check"]
    with_code = getattr(settings, "UNIQUE_CODE_TO_CHARITY", True) and (
        "unique_code" in field_names
    )
    by_reference: dict[tuple[str, str], dict] = {
        (row["reference"], row["kind"]): row
        for row in FundEntry.objects.filter(
            kind__in=[FundEntry.Kind.CONTRIBUTION, FundEntry.Kind.UNIQUE_CODE],
            reference__startswith="settlement:",
        )
        .values("reference", "kind")
        .annotate(count=Count("pk"), total=Sum("amount"))
    }
    problems = []
    values = ["pk", "charity_share"] + (["unique_code"] if with_code else [])
    for row in Settlement.objects.filter(status="confirmed").values(*values):
        reference = f"settlement:{row['pk']}"
        expected = [(FundEntry.Kind.CONTRIBUTION, int(row["charity_share"] or 0))]
        if with_code:
            expected.append((FundEntry.Kind.UNIQUE_CODE, int(row["unique_code"] or 0)))
        for kind, amount in expected:
            entry = by_reference.get((reference, kind))
            if entry is None:
                if amount == 0:
                    continue  # nothing to post: a missing zero entry is fine
                problems.append(f"confirmed settlement {row['pk']} has no {kind} entry")
            elif entry["count"] != 1:
                problems.append(
                    f"confirmed settlement {row['pk']} has {entry['count']} "
                    f"{kind} entries"
                )
            elif entry["total"] != amount:
                problems.append(
                    f"confirmed settlement {row['pk']}: {kind} {entry['total']} ≠ "
                    f"{amount}"
                )
    return problems


def run_checks() -> list[tuple[str, list[str]]]:
    return [
        ("fund balance equals the sum of entries", check_balance_equals_entries()),
        ("paid disbursements posted once", check_paid_disbursements_posted()),
        (
            "confirmed settlements posted their charity share and code once",
            check_confirmed_settlements_posted(),
        ),
    ]
