"""The settlements_confirmed signal ticks each member's first settlement once."""

import pytest

from settlements.signals import settlements_confirmed
from tests.factories import MemberFactory
from tests.helpers import count_queries
from tests.training.factories import auto_item, fake_settlement, make_trainee
from training.models import ItemCheck

pytestmark = pytest.mark.django_db


def ticks(enrollment):
    return ItemCheck.objects.filter(
        enrollment=enrollment, item=auto_item("first_settlement")
    )


def test_each_members_first_settlement_in_the_list_ticks_once():
    first, second = make_trainee(), make_trainee()
    untrained = MemberFactory()
    settlements = [
        fake_settlement(second.trainee, 30),
        fake_settlement(untrained, 31),
        fake_settlement(first.trainee, 32),
        fake_settlement(second.trainee, 33),
    ]
    settlements_confirmed.send(sender=None, settlements=settlements, actor=None)
    assert ticks(first).get().reference == "settlement:32"
    assert ticks(second).get().reference == "settlement:30"
    assert ItemCheck.objects.filter(item__auto_code="first_settlement").count() == 2
    settlements_confirmed.send(
        sender=None, settlements=[fake_settlement(first.trainee, 40)], actor=None
    )
    assert ticks(first).get().reference == "settlement:32"


def test_members_without_a_tick_to_make_cost_no_queries_each():
    ticked = make_trainee()
    settlements_confirmed.send(
        sender=None, settlements=[fake_settlement(ticked.trainee, 1)], actor=None
    )
    members = [MemberFactory() for _ in range(20)]

    def send(count):
        batch = [fake_settlement(m, 100 + i) for i, m in enumerate(members[:count])]
        batch.append(fake_settlement(ticked.trainee, 99))
        return lambda: settlements_confirmed.send(
            sender=None, settlements=batch, actor=None
        )

    assert count_queries(send(2)) == count_queries(send(20)) == 2
    assert ticks(ticked).count() == 1
