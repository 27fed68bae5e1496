"""Every change of a return request writes a ReturnEvent (who, from → to)."""

import pytest

from returns.models import ReturnEvent
from returns.services import return_approve, return_reject
from tests.returns.factories import make_return, paid_line

pytestmark = pytest.mark.django_db


def test_asking_crediting_and_refusing_each_write_an_event(member, leader):
    line = paid_line(member, quantity=3, base_price=20_000)
    credited = make_return(line, quantity=1, reason="defective")
    return_approve(return_request=credited, actor=leader)
    refused = make_return(line, quantity=1, reason="changed_mind")
    return_reject(return_request=refused, actor=leader, reason="sudah dipakai")
    rows = list(
        ReturnEvent.objects.filter(return_request=credited).values_list(
            "from_status", "to_status", "actor_id"
        )
    )
    assert rows == [
        ("", "requested", member.user.pk),
        ("requested", "credited", leader.pk),
    ]
    last = ReturnEvent.objects.filter(return_request=credited).last()
    assert last.params == {"credit": 20_000, "restocked": False}
    assert ReturnEvent.objects.filter(return_request=refused).last().params == {
        "reason": "sudah dipakai"
    }
