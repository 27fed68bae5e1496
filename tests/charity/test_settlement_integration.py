"""A confirmed settlement feeds the fund once; the audit and "Kontribusi saya"
trace every rupiah back to it."""

import pytest

from community.errors import ConflictError
from ledger.fund import fund_balance
from ledger.models import FundEntry
from settlements import audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(member, leader):
    from settlements.services import settlement_confirm
    from tests.settlements.factories import open_settlement

    settlement = open_settlement(member, base_price=20_000, sale_price=60_000)
    assert settlement.charity_share == 1_000  # 2.5 % of 40.000 profit
    settlement_confirm(settlement=settlement, actor=leader)
    settlement.refresh_from_db()
    return settlement


def test_confirmed_settlement_traced_and_audited(confirmed, api_as, member, leader):
    from settlements.services import settlement_confirm

    reference = f"settlement:{confirmed.pk}"
    entries = FundEntry.objects.filter(reference=reference)
    assert sorted(entries.values_list("kind", "amount")) == sorted(
        [("contribution", 1_000), ("unique_code", confirmed.unique_code)]
    )
    with pytest.raises(ConflictError):
        settlement_confirm(settlement=confirmed, actor=leader)
    assert entries.count() == 2
    assert fund_balance() == 1_000 + confirmed.unique_code
    assert audit.check_confirmed_settlements_posted() == []

    data = api_as(member.user).get("/api/v1/charity/my-contributions/").json()
    assert data["results"][0]["settlement"] == confirmed.pk
    assert data["results"][0]["contribution"] == 1_000
    assert data["total"] == 1_000
    assert data["unique_code_total"] == confirmed.unique_code
    me = api_as(member.user).get("/api/v1/members/me/").json()
    assert me["charity_contributed"] == 1_000

    FundEntry.objects.filter(reference=reference, kind="contribution").update(
        amount=999
    )
    problems = audit.check_confirmed_settlements_posted()
    assert problems == [f"confirmed settlement {confirmed.pk}: contribution 999 ≠ 1000"]
    FundEntry.objects.filter(reference=reference, kind="unique_code").update(
        reference="elsewhere"
    )
    assert any(
        "no unique_code entry" in p for p in audit.check_confirmed_settlements_posted()
    )
