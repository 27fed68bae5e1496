"""Prepared queries that give model objects (PreparedQuery.instances)."""

import pytest

from community.models import Notification
from community.prepared import PreparedQuery
from community.selectors import NOTIFICATIONS, notification_list_for
from settlements.models import Settlement
from settlements.selectors import OPEN_SETTLEMENTS, settlement_open_for
from tests.settlements.factories import open_settlement

pytestmark = pytest.mark.django_db


def _fields(objects):
    return [
        {
            field.attname: getattr(obj, field.attname)
            for field in type(obj)._meta.concrete_fields
        }
        for obj in objects
    ]


def test_notifications_are_the_orm_objects_newest_first(member, other_member):
    for number in range(7):
        Notification.objects.create(
            member=member, kind="info", message=f"Pesan {number}", key=f"k{number}"
        )
    Notification.objects.create(
        member=other_member, kind="info", message="Lain", key="x"
    )
    got = notification_list_for(member)
    expected = list(Notification.objects.filter(member=member)[:5])
    assert _fields(got) == _fields(expected)
    assert len(got) == 5
    assert all(obj._state.adding is False for obj in got)
    assert [obj.member_id for obj in got] == [member.pk] * 5
    assert len(NOTIFICATIONS.instances(member_id=member.pk, static={"limit": 2})) == 2


def test_open_settlements_are_the_members_own_oldest_first(member, other_member):
    first, second = open_settlement(member), open_settlement(member)
    open_settlement(other_member)
    Settlement.objects.filter(pk=second.pk).update(status=Settlement.Status.REJECTED)
    third = open_settlement(member)
    got = settlement_open_for(member)
    assert [s.pk for s in got] == [first.pk, third.pk]
    assert _fields(got) == _fields(
        Settlement.objects.filter(pk__in=[first.pk, third.pk]).order_by(
            "created_at", "pk"
        )
    )
    assert OPEN_SETTLEMENTS.instances(member_id=10**9) == []


def test_select_related_cannot_be_prepared_as_objects(db):
    prepared = PreparedQuery(
        lambda member_id: Notification.objects.select_related("member").filter(
            member_id=member_id
        ),
        member_id=int,
    )
    with pytest.raises(ValueError, match="select_related"):
        prepared.instances(member_id=1)
