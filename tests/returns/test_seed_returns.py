"""demo/seed_returns.py: every state, credit on its way, idempotent, audit-clean."""

import pytest
from django.core.management import call_command

from demo import seed_catalog, seed_community, seed_returns
from ledger.credit import credit_balance
from ledger.models import CreditEntry
from returns.models import ReturnRequest

pytestmark = pytest.mark.django_db


def test_seed_returns_twice_changes_nothing_and_the_audit_is_clean():
    context = {"community": seed_community.seed({})}
    context["catalog"] = seed_catalog.seed(context)
    seed_returns.seed(context)
    states = set(ReturnRequest.objects.values_list("status", flat=True))
    assert states == {"requested", "credited", "approved", "rejected"}
    rahmat = context["community"]["rahmat"]
    assert credit_balance(rahmat) > 0
    assert rahmat.orders.filter(status="submitted").exists()  # credit's next use
    assert CreditEntry.objects.filter(kind="applied_to_settlement").exists()
    counts = (ReturnRequest.objects.count(), CreditEntry.objects.count())
    seed_returns.seed(context)
    assert (ReturnRequest.objects.count(), CreditEntry.objects.count()) == counts
    call_command("audit_money")
