"""Huge numbers in the API: a clear 400 naming the field, nothing written.

PostgreSQL refuses 2**31 in an ``integer`` column and 2**63 in a ``bigint``
with a DataError (a 500 if it reaches the database); every integer input has
a bound from ``community/limits.py`` well inside its column instead. Run these
on PostgreSQL too: ``DATABASE_URL=postgres://… pytest tests/bad_inputs``.
"""

import pytest

from tests.bad_inputs.test_page_form_limits import snapshot
from tests.conftest import api_for
from tests.trust.world import build_world, photo

pytestmark = pytest.mark.django_db

INT32 = 2**31
HUGE = 10**12
INT64 = 2**63


def _product(ids, **variant):
    return {
        "name": "Kopi Baru",
        "category": ids["category"],
        "description": "",
        "weight_grams": 250,
        "variants": [
            {
                "sku": "KOPI-BARU-1",
                "label": "",
                "base_price": 20_000,
                "suggested_price": 30_000,
                "stock": 5,
            }
            | variant
        ],
    }


def _order(ids, *, line=None, **changes):
    body = {
        "shop": ids["shop"],
        "marketplace_order_no": "SHP-ANGKA-1",
        "recipient_name": "Budi",
        "recipient_phone": "081234567890",
        "recipient_address": "Jl. Mawar 1",
        "courier": "jne",
        "shipping_fee": 0,
        "marketplace_fee": 0,
        "lines": [{"variant": ids["variant"], "quantity": 1, "sale_price": 30_000}]
        if line is None
        else [{"variant": ids["variant"], "quantity": 1, "sale_price": 30_000} | line],
        "draft": False,
    }
    return body | changes


def _proof(ids, amount):
    return (
        "multipart",
        {
            "image": photo("bukti.jpg"),
            "bank": "BCA",
            "sender_name": "Anggota Satu",
            "amount": amount,
            "transferred_at": "2026-11-27T10:00:00+07:00",
        },
    )


# (id, role, method, path(ids), body(ids), field named in the 400)
CASES = [
    # catalog
    ("product-stock", "leader", "post", lambda i: "/api/v1/products/",
     lambda i: _product(i, stock=INT32), "variants"),
    ("product-base-price", "leader", "post", lambda i: "/api/v1/products/",
     lambda i: _product(i, base_price=HUGE, suggested_price=HUGE), "variants"),
    ("product-weight", "leader", "post", lambda i: "/api/v1/products/",
     lambda i: _product(i) | {"weight_grams": INT32}, "weight_grams"),
    ("product-variant-weight", "leader", "post", lambda i: "/api/v1/products/",
     lambda i: _product(i, weight_grams=INT64), "variants"),
    ("product-patch-weight", "leader", "patch",
     lambda i: f"/api/v1/products/{i['product']}/",
     lambda i: {"weight_grams": INT32}, "weight_grams"),
    ("product-patch-variant-id", "leader", "patch",
     lambda i: f"/api/v1/products/{i['product']}/",
     lambda i: {"variants": [{"id": INT64, "stock": 1}]}, "variants"),
    ("variant-stock", "leader", "patch",
     lambda i: f"/api/v1/variants/{i['variant']}/",
     lambda i: {"stock": INT32}, "stock"),
    ("variant-stock-1e12", "leader", "patch",
     lambda i: f"/api/v1/variants/{i['variant']}/",
     lambda i: {"stock": HUGE}, "stock"),
    ("variant-base-price", "leader", "patch",
     lambda i: f"/api/v1/variants/{i['variant']}/",
     lambda i: {"base_price": HUGE}, "base_price"),
    ("variant-suggested-price", "leader", "patch",
     lambda i: f"/api/v1/variants/{i['variant']}/",
     lambda i: {"suggested_price": INT64}, "suggested_price"),
    ("variant-weight", "leader", "patch",
     lambda i: f"/api/v1/variants/{i['variant']}/",
     lambda i: {"weight_grams": INT32}, "weight_grams"),
    # orders
    ("order-shipping-fee", "a", "post", lambda i: "/api/v1/orders/",
     lambda i: _order(i, shipping_fee=HUGE), "shipping_fee"),
    ("order-marketplace-fee", "a", "post", lambda i: "/api/v1/orders/",
     lambda i: _order(i, marketplace_fee=INT64), "marketplace_fee"),
    ("order-quantity", "a", "post", lambda i: "/api/v1/orders/",
     lambda i: _order(i, line={"quantity": INT32}), "lines"),
    ("order-sale-price", "a", "post", lambda i: "/api/v1/orders/",
     lambda i: _order(i, line={"sale_price": HUGE}), "lines"),
    ("order-variant-id", "a", "post", lambda i: "/api/v1/orders/",
     lambda i: _order(i, line={"variant": INT64}), "lines"),
    ("order-shop-id", "a", "post", lambda i: "/api/v1/orders/",
     lambda i: _order(i, shop=INT64), "shop"),
    # settlements
    ("settlement-order-int32", "a", "post", lambda i: "/api/v1/settlements/",
     lambda i: {"orders": [INT32]}, "orders"),
    ("settlement-order-int64", "a", "post", lambda i: "/api/v1/settlements/",
     lambda i: {"orders": [INT64]}, "orders"),
    ("settlement-proof-amount", "a", "post",
     lambda i: f"/api/v1/settlements/{i['settlement_open']}/proof/",
     lambda i: _proof(i, HUGE), "amount"),
    ("statement-match-settlement", "treasurer", "post",
     lambda i: f"/api/v1/bank-statements/lines/{i['statement_line']}/match/",
     lambda i: {"settlement": INT64}, "settlement"),
    # returns and credit
    ("return-quantity", "a", "post", lambda i: "/api/v1/returns/",
     lambda i: {"order_line": i["line_paid"], "quantity": INT32,
                "reason": "defective"}, "quantity"),
    ("return-order-line", "a", "post", lambda i: "/api/v1/returns/",
     lambda i: {"order_line": INT64, "quantity": 1, "reason": "defective"},
     "order_line"),
    ("credit-amount", "leader", "post", lambda i: "/api/v1/credit/adjustments/",
     lambda i: {"member": i["member"], "amount": HUGE, "reason": "Koreksi"},
     "amount"),
    ("credit-member", "leader", "post", lambda i: "/api/v1/credit/adjustments/",
     lambda i: {"member": INT64, "amount": 5_000, "reason": "Koreksi"}, "member"),
    # charity
    ("policy-minimum", "leader", "put", lambda i: "/api/v1/charity/policy/",
     lambda i: {"rate_percent": "2.5", "minimum_per_order": HUGE}, "minimum_per_order"),
    ("program-budget", "treasurer", "post", lambda i: "/api/v1/charity/programs/",
     lambda i: {"name": "Yatim", "kind": "orphan_aid", "budget": HUGE}, "budget"),
    ("program-units", "treasurer", "post", lambda i: "/api/v1/charity/programs/",
     lambda i: {"name": "Yatim", "kind": "orphan_aid", "planned_units": INT32,
                "amount_per_unit": 1}, "planned_units"),
    ("beneficiary-household", "treasurer", "post",
     lambda i: "/api/v1/charity/beneficiaries/",
     lambda i: {"name": "Ibu", "category": "poor_family", "household_size": INT32},
     "household_size"),
    ("disbursement-cash", "treasurer", "post",
     lambda i: "/api/v1/charity/disbursements/",
     lambda i: {"program": i["program"], "cash_amount": HUGE}, "cash_amount"),
    ("disbursement-goods", "treasurer", "post",
     lambda i: "/api/v1/charity/disbursements/",
     lambda i: {"program": i["program"], "in_kind_description": "beras",
                "in_kind_value": INT64}, "in_kind_value"),
    # training
    ("check-item", "mentor_a", "post",
     lambda i: f"/api/v1/training/enrollments/{i['enrollment']}/checks/",
     lambda i: {"item": INT64, "note": "Sudah"}, "item"),
]  # fmt: skip


# What the 400 says: the field's bound, or (where a service or a look-up
# answers first) the reason in plain words. Never a 400 for another cause.
BOUND = "kurang atau sama dengan"
REASON = {
    "order-quantity": "Jumlahnya terlalu banyak.",
    "order-sale-price": "Harga jual terlalu besar.",
    "order-variant-id": "Pilih barang dari katalog.",
    "settlement-order-int32": "tidak ada di antara pesanan Anda",
    "check-item": "Langkah ini tidak ada.",
}


@pytest.mark.parametrize(
    ("case_id", "role", "method", "path", "body", "field"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_huge_number_is_a_400_naming_the_field_and_writes_nothing(
    case_id, role, method, path, body, field
):
    world = build_world()
    client = api_for(world.users[role])
    data = body(world.ids)
    before = snapshot()
    if isinstance(data, tuple):  # ("multipart", fields)
        response = getattr(client, method)(path(world.ids), data[1])
    else:
        response = getattr(client, method)(path(world.ids), data, format="json")
    assert response.status_code == 400, (response.status_code, response.content[:300])
    errors = response.json()
    assert field in errors, errors
    assert REASON.get(case_id, BOUND) in str(errors[field]), errors
    assert snapshot() == before, "a refused request wrote something"
