"""fund_post_many: the checks of fund_post for a whole batch, all or nothing."""

import pytest

from community.errors import ConflictError, KongsiError
from ledger.fund import (
    DuplicatePost,
    FundPost,
    fund_balance,
    fund_entries_sum,
    fund_post,
    fund_post_many,
)
from ledger.models import FundEntry
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db


def _posts(n: int, *, start: int = 0, member=None, actor=None) -> list[FundPost]:
    return [
        FundPost(
            amount=100 + index,
            kind="unique_code",
            reference=f"settlement:{index}",
            idempotency_key=f"settlement:{index}:unique_code",
            member_id=getattr(member, "pk", None),
            actor=actor,
        )
        for index in range(start, start + n)
    ]


def test_many_posts_move_the_balance_once_by_their_sum(member, treasurer):
    fund_post(amount=1_000, kind="donation", reference="d", idempotency_key="d:1")
    entries = fund_post_many(_posts(3, member=member, actor=treasurer))
    assert [entry.amount for entry in entries] == [100, 101, 102]
    assert fund_balance() == 1_303 == fund_entries_sum()
    stored = FundEntry.objects.filter(kind="unique_code").order_by("pk")
    assert list(stored.values_list("idempotency_key", "member_id", "actor_id")) == [
        (f"settlement:{i}:unique_code", member.pk, treasurer.pk) for i in range(3)
    ]
    assert all(entry.created_at is not None for entry in stored)


def test_the_queries_do_not_grow_with_the_posts():
    fund_post_many(_posts(1))  # the balance row exists from the migration
    few = count_queries(lambda: fund_post_many(_posts(5, start=10)))
    many = count_queries(lambda: fund_post_many(_posts(500, start=100)))
    assert few == many
    assert FundEntry.objects.count() == 1 + 5 + 500
    expected = sum(entry.amount for entry in _posts(1) + _posts(5, start=10))
    expected += sum(entry.amount for entry in _posts(500, start=100))
    assert fund_balance() == expected == fund_entries_sum()


def test_a_key_recorded_before_refuses_the_whole_batch():
    fund_post_many(_posts(1, start=2))
    with pytest.raises(DuplicatePost):
        fund_post_many(_posts(4))  # keys 0..3, key 2 is taken
    assert FundEntry.objects.count() == 1
    assert fund_balance() == 102


def test_a_key_given_twice_refuses_the_batch():
    posts = _posts(2)
    with pytest.raises(DuplicatePost):
        fund_post_many([*posts, posts[0]])
    assert not FundEntry.objects.exists()
    assert fund_balance() == 0


def test_a_batch_that_would_overdraw_at_any_point_writes_nothing():
    fund_post(amount=500, kind="donation", reference="d", idempotency_key="d:1")
    out = FundPost(
        amount=-600, kind="disbursement", reference="p", idempotency_key="p:1"
    )
    back = FundPost(amount=1_000, kind="donation", reference="d", idempotency_key="d:2")
    with pytest.raises(ConflictError) as info:
        fund_post_many([out, back])  # the end balance is fine, the way is not
    assert "Rp 500" in str(info.value)
    assert fund_balance() == 500
    assert FundEntry.objects.count() == 1
    fund_post_many([back, out])
    assert fund_balance() == 900 == fund_entries_sum()


@pytest.mark.parametrize(
    "bad",
    [
        FundPost(amount=-1, kind="unique_code", reference="r", idempotency_key="k"),
        FundPost(amount=5, kind="disbursement", reference="r", idempotency_key="k"),
        FundPost(amount=5, kind="gift", reference="r", idempotency_key="k"),
        FundPost(amount=5, kind="donation", reference="r", idempotency_key=""),
        FundPost(amount=True, kind="donation", reference="r", idempotency_key="k"),
    ],
)
def test_an_invalid_post_refuses_the_batch(bad):
    with pytest.raises(KongsiError):
        fund_post_many([*_posts(2), bad])
    assert not FundEntry.objects.exists()
    assert fund_balance() == 0


def test_an_empty_batch_does_nothing():
    assert fund_post_many([]) == []
    assert not FundEntry.objects.exists()
    assert fund_balance() == 0
