"""Every change of a disbursement writes a DisbursementEvent."""

import pytest

from charity import services
from charity.models import DisbursementEvent
from tests.charity.factories import ProgramFactory, fund_with

pytestmark = pytest.mark.django_db


def test_propose_approve_pay_and_reject_each_write_an_event(treasurer, leader):
    fund_with(100_000)
    paid = services.disbursement_propose(
        actor=treasurer, program=ProgramFactory(), cash_amount=10_000
    )
    services.disbursement_approve(disbursement=paid, actor=leader)
    services.disbursement_pay(disbursement=paid, actor=leader)
    refused = services.disbursement_propose(
        actor=treasurer, program=ProgramFactory(), cash_amount=5_000
    )
    services.disbursement_reject(disbursement=refused, actor=leader, reason="dobel")
    assert list(
        DisbursementEvent.objects.filter(disbursement=paid).values_list(
            "from_status", "to_status", "actor_id"
        )
    ) == [
        ("", "proposed", treasurer.pk),
        ("proposed", "approved", leader.pk),
        ("approved", "paid", leader.pk),
    ]
    paid.refresh_from_db()
    assert DisbursementEvent.objects.filter(disbursement=paid).last().params == {
        "fund_entry": paid.fund_entry_id
    }
    assert list(
        DisbursementEvent.objects.filter(disbursement=refused).values_list(
            "from_status", "to_status"
        )
    ) == [("", "proposed"), ("proposed", "rejected")]
