"""The settlements audit finds nothing after real work, and the seed is idempotent."""

import pytest

from ledger.credit import credit_post
from orders.models import Order
from settlements import audit, services
from settlements.models import BankAccount, Settlement
from tests.factories import MemberFactory
from tests.settlements.factories import open_settlement

pytestmark = pytest.mark.django_db


def problems() -> list[str]:
    return [p for _name, found in audit.run_checks() for p in found]


def test_audit_is_clean_after_every_kind_of_settlement(leader):
    member = MemberFactory()
    credit_post(member=member, amount=3000, kind="return_credit", reference="r",
                idempotency_key="audit-credit")  # fmt: skip
    confirmed = open_settlement(member)
    services.settlement_confirm(settlement=confirmed, actor=leader)
    credit_post(member=member, amount=3000, kind="return_credit", reference="r",
                idempotency_key="audit-credit-2")  # fmt: skip
    rejected = open_settlement(member)
    assert rejected.credit_applied == 3000
    services.settlement_reject(settlement=rejected, actor=leader, reason="x")
    open_settlement(MemberFactory())
    assert problems() == []
    # a broken row is reported
    Settlement.objects.filter(pk=confirmed.pk).update(
        credit_applied=0, amount_due=F_due(confirmed)
    )
    assert any(f"settlement {confirmed.pk}" in p for p in problems())


def F_due(settlement):  # noqa: N802 - reads like the formula
    return settlement.goods_total + settlement.charity_share + settlement.unique_code


def test_seed_is_idempotent():
    from demo import seed_catalog, seed_community, seed_settlements

    context = {"community": seed_community.seed({})}
    context["catalog"] = seed_catalog.seed(context)
    first = seed_settlements.seed(context)
    counts = (
        Settlement.objects.count(),
        Order.objects.count(),
        BankAccount.objects.count(),
    )
    second = seed_settlements.seed(context)
    assert counts == (
        Settlement.objects.count(), Order.objects.count(), BankAccount.objects.count()
    )  # fmt: skip
    assert {k: s.pk for k, s in first.items()} == {k: s.pk for k, s in second.items()}
    statuses = set(Settlement.objects.values_list("status", flat=True))
    assert {"confirmed", "awaiting_transfer", "proof_uploaded"} <= statuses
    assert Order.objects.filter(status="completed").exists()
    assert problems() == []
