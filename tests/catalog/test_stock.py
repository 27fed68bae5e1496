"""The stock service: the only code that moves Variant.stock."""

import pytest
from django.db import IntegrityError, transaction

from catalog.models import StockMovement, Variant
from catalog.services import (
    stock_adjust,
    stock_release_many,
    stock_reserve,
    stock_reserve_many,
    stock_return_restock,
    stock_set,
)
from community.errors import KongsiError
from tests.catalog.factories import ProductFactory, VariantFactory
from tests.helpers import run_in_threads

pytestmark = pytest.mark.django_db


def test_reserve_many_takes_stock_and_writes_movements(leader):
    a = VariantFactory(stock=5)
    b = VariantFactory(stock=2)
    moves = stock_reserve_many(
        items=[(a.pk, 2), (b.pk, 1), (a.pk, 1)], actor=leader, reference="order:1"
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (2, 1)
    assert sorted((m.variant_id, m.quantity, m.stock_after) for m in moves) == sorted(
        [(a.pk, -3, 2), (b.pk, -1, 1)]
    )
    assert set(StockMovement.objects.values_list("kind", flat=True)) == {"reservation"}
    assert StockMovement.objects.filter(reference="order:1", actor=leader).count() == 2


def test_reserve_many_is_all_or_nothing_and_names_the_variant(member):
    a = VariantFactory(stock=5)
    b = VariantFactory(stock=3, label="Merah / XL", product__name="Gamis Syari")
    with pytest.raises(KongsiError) as caught:
        stock_reserve_many(
            items=[(a.pk, 1), (b.pk, 4)], actor=member.user, reference="x"
        )
    assert caught.value.field == "lines"
    assert "Gamis Syari — Merah / XL" in str(caught.value.message)
    assert "3" in str(caught.value.message)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.stock, b.stock) == (5, 3)
    assert not StockMovement.objects.exists()


def test_reserve_refuses_inactive_unknown_and_bad_quantity(member):
    inactive = VariantFactory(stock=5, is_active=False)
    hidden = VariantFactory(stock=5, product=ProductFactory(is_active=False))
    for items in (
        [(inactive.pk, 1)],
        [(hidden.pk, 1)],
        [(999999, 1)],
        [(hidden.pk, 0)],
    ):
        with pytest.raises(KongsiError) as caught:
            stock_reserve_many(items=items, actor=None, reference="x")
        assert caught.value.field == "lines"
    assert not StockMovement.objects.exists()


def test_release_and_return_restock_add_back(leader):
    v = VariantFactory(stock=4)
    stock_reserve(variant=v, quantity=3, actor=leader, reference="order:9")
    stock_release_many(items=[(v.pk, 3)], actor=leader, reference="order:9")
    stock_return_restock(variant=v, quantity=2, actor=leader, reference="return:1")
    v.refresh_from_db()
    assert v.stock == 6
    kinds = list(
        StockMovement.objects.filter(variant=v)
        .order_by("pk")
        .values_list("kind", "quantity", "stock_after")
    )
    assert kinds == [
        ("reservation", -3, 1),
        ("release", 3, 4),
        ("return_restock", 2, 6),
    ]


def test_adjust_needs_a_reason_and_never_goes_negative(leader):
    v = VariantFactory(stock=2)
    with pytest.raises(KongsiError):
        stock_adjust(variant=v, delta=5, actor=leader, reason="  ")
    with pytest.raises(KongsiError) as caught:
        stock_adjust(variant=v, delta=-3, actor=leader, reason="hilang")
    assert caught.value.field == "stock"
    move = stock_adjust(
        variant=v, delta=10, actor=leader, reason="kiriman", kind="restock"
    )
    assert (move.kind, move.quantity, move.stock_after, v.stock) == (
        "restock",
        10,
        12,
        12,
    )
    assert stock_adjust(variant=v, delta=0, actor=leader, reason="x") is None
    moved = stock_set(variant=v, stock=7, actor=leader, reason="hitung ulang")
    assert (moved.quantity, moved.stock_after) == (-5, 7)
    assert Variant.objects.get(pk=v.pk).stock == 7


def test_database_refuses_negative_stock():
    v = VariantFactory(stock=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Variant.objects.filter(pk=v.pk).update(stock=-1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_threads_race_for_the_last_five_units():
    v = VariantFactory(stock=5)

    def reserve(index):
        return stock_reserve(
            variant=v.pk, quantity=1, actor=None, reference=f"t{index}"
        )

    results = run_in_threads(reserve, 20)
    wins = [r for r in results if isinstance(r, StockMovement)]
    losses = [r for r in results if isinstance(r, KongsiError)]
    assert len(wins) == 5
    assert len(losses) == 15, [
        r for r in results if not isinstance(r, (StockMovement, KongsiError))
    ]
    v.refresh_from_db()
    assert v.stock == 0
    assert StockMovement.objects.filter(variant=v, kind="reservation").count() == 5
    assert sorted(m.stock_after for m in wins) == [0, 1, 2, 3, 4]
