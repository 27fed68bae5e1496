"""seed_scale builds a small, money-consistent community (the bench data set)."""

from io import StringIO

import pytest
from django.core.management import call_command

from community.models import Member
from ledger.models import CreditEntry, FundBalance, FundEntry
from orders.models import Order, OrderLine
from settlements.models import Settlement, SettlementOrder
from training.models import Enrollment

pytestmark = pytest.mark.django_db


def test_seed_scale_small_is_consistent_and_audit_clean():
    out = StringIO()
    call_command("seed_scale", members=20, orders=200, stdout=out)

    members = Member.objects.filter(full_name__startswith="Anggota Skala")
    assert members.count() == 20
    assert Order.objects.count() == 200
    assert 400 <= OrderLine.objects.count() <= 800
    paid = Order.objects.filter(
        status__in=["paid", "packed", "shipped", "completed"]
    ).count()
    assert paid > 100
    # every paid-or-later order is in exactly one confirmed settlement
    assert SettlementOrder.objects.filter(is_active=True).count() == paid
    assert Settlement.objects.exclude(status="confirmed").count() == 0
    assert Enrollment.objects.filter(trainee__in=members).count() == 6
    assert CreditEntry.objects.exists()
    total = sum(FundEntry.objects.values_list("amount", flat=True))
    assert FundBalance.objects.get().balance == total > 0
    assert "seed_scale: 20 members, 200 orders" in out.getvalue()

    audit = StringIO()
    call_command("audit_money", stdout=audit)
    assert "0 problems" in audit.getvalue(), audit.getvalue()
