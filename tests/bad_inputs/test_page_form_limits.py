"""Over-long text and huge numbers in every page form (admin apart).

Each case posts one bad value as the person who may use the form, with every
other field valid, into the trust world (``tests/trust/world.py``: objects of
member A built through the real services). The form must come back with a
clear Indonesian message naming the limit — re-rendered (200, or 400 where the
page answers a refused action with 400), or for the small action forms
(cancel, reject, untick, tick) the page it redirects to shows the message —
and no row anywhere may change.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from community.limits import (
    MAX_CREDIT_ADJUSTMENT,
    MAX_HOUSEHOLD,
    MAX_PRICE,
    MAX_QUANTITY,
    MAX_SOLD_COUNT,
    MAX_TRANSFER,
    MAX_UNITS,
)
from tests.bad_inputs.corpus import LONG_TEXT
from tests.trust.world import build_world, photo

pytestmark = pytest.mark.django_db

TOO_LONG = "paling banyak {limit} karakter"  # Django's max_length message (id)
TOO_BIG = "lebih kecil dari atau sama dengan {limit}"  # Django's max_value (id)


@dataclass
class Case:
    """One page form: who posts, where, a valid body, and how it answers."""

    role: str
    url: Any  # (world) -> str
    body: Any  # (world) -> dict of valid values
    redirects: bool = False  # an action form: the message is on the next page
    status: int = 200  # the re-render's status (a refused action may say 400)
    multipart_photo: str = ""  # field that carries a valid photo
    extra: dict = field(default_factory=dict)


def _order_body(world) -> dict:
    ids = world.ids
    return {
        "action": "submit",
        "shop": ids["shop"],
        "marketplace_order_no": "SHP-BARU-1",
        "recipient_block": "",
        "recipient_name": "Budi",
        "recipient_phone": "081234567890",
        "recipient_address": "Jl. Mawar 1, Sumenep",
        "courier": "",
        "shipping_fee": "0",
        "marketplace_fee": "0",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-variant": str(ids["variant"]),
        "lines-0-quantity": "1",
        "lines-0-sale_price": "30000",
    }


def _soon(days: int) -> str:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M")


FORMS: dict[str, Case] = {
    "profile": Case(
        "a",
        lambda w: reverse("community:profile"),
        lambda w: {
            "full_name": "Anggota Satu",
            "phone": w.members["a"].phone,
            "village": "Juruan Laok",
            "occupation": "Guru",
        },
    ),
    "shop_create": Case(
        "a",
        lambda w: reverse("community:shop_create"),
        lambda w: {"marketplace": "shopee", "name": "Toko Baru", "url": ""},
    ),
    "shop_edit": Case(
        "a",
        lambda w: reverse("community:shop_edit", args=[w.ids["shop"]]),
        lambda w: {"marketplace": "shopee", "name": "Toko Satu Baru", "url": ""},
    ),
    "member_register": Case(
        "leader",
        lambda w: reverse("community:member_register"),
        lambda w: {
            "full_name": "Anggota Baru",
            "phone": "081299990001",
            "username": "anggota_baru",
            "password": "rahasia-123-abc",
            "village": "",
            "occupation": "",
            "roles": ["member"],
        },
    ),
    "catalog_bulk_edit": Case(
        "leader",
        lambda w: reverse("catalog:bulk_edit"),
        lambda w: {
            "reason": "Barang datang",
            f"stock-{w.ids['variant']}": "150",
            f"base_price-{w.ids['variant']}": "20000",
        },
    ),
    "order_create": Case("a", lambda w: reverse("orders:order_create"), _order_body),
    "order_edit": Case(
        "a",
        lambda w: reverse("orders:order_edit", args=[w.ids["order_draft"]]),
        _order_body,
    ),
    "order_cancel": Case(
        "a",
        lambda w: reverse("orders:order_cancel", args=[w.ids["order_submitted"]]),
        lambda w: {"reason": "Pembeli batal"},
        redirects=True,
    ),
    "order_ship": Case(
        "leader",
        lambda w: reverse("orders:order_ship", args=[w.ids["order_packed"]]),
        lambda w: {"tracking_no": "JNE77777777", "courier": ""},
        redirects=True,
    ),
    "settlement_proof": Case(
        "a",
        lambda w: reverse(
            "settlements:settlement_proof", args=[w.ids["settlement_open"]]
        ),
        lambda w: {
            "bank": "BCA",
            "sender_name": "Anggota Satu",
            "amount": "30000",
            "transferred_at": "2026-11-27T10:00",
        },
        multipart_photo="image",
    ),
    "return_create": Case(
        "a",
        lambda w: reverse("returns:return_create", args=[w.ids["order_paid"]]),
        lambda w: {
            "order_line": str(w.ids["line_paid"]),
            "quantity": "1",
            "reason": "defective",
            "note": "Jahitan lepas",
        },
        status=400,
    ),
    "return_reject": Case(
        "leader",
        lambda w: reverse("returns:return_reject", args=[w.ids["return"]]),
        lambda w: {"reason": "Foto tidak jelas"},
        redirects=True,
    ),
    "credit_adjust": Case(
        "leader",
        lambda w: reverse("returns:credit_adjust"),
        lambda w: {
            "member": str(w.ids["member"]),
            "amount": "5000",
            "reason": "Koreksi",
            "token": "page-limits-1",
        },
        status=400,
    ),
    "policy": Case(
        "leader",
        lambda w: reverse("charity:policy"),
        lambda w: {
            "rate_percent": "2.5",
            "minimum_per_order": "500",
            "effective_from": (timezone.localdate() + datetime.timedelta(days=3)),
        },
    ),
    "program_create": Case(
        "treasurer",
        lambda w: reverse("charity:program_create"),
        lambda w: {
            "name": "Santunan Yatim",
            "kind": "orphan_aid",
            "description": "Untuk anak yatim",
            "scheduled_for": "",
            "schedule_note": "setelah Ramadan",
            "planned_units": "",
            "amount_per_unit": "",
            "budget": "100000",
            "status": "planned",
        },
    ),
    "program_edit": Case(
        "leader",
        lambda w: reverse("charity:program_edit", args=[w.ids["program"]]),
        lambda w: {
            "name": "Sembako Ramadan",
            "kind": "family_aid",
            "description": "Untuk 50 keluarga",
            "scheduled_for": "",
            "schedule_note": "",
            "planned_units": "",
            "amount_per_unit": "",
            "budget": "1000000",
            "status": "planned",
        },
    ),
    "beneficiary_create": Case(
        "treasurer",
        lambda w: reverse("charity:beneficiary_create"),
        lambda w: {
            "name": "Ibu Baru",
            "category": "poor_family",
            "address": "Dusun Laok",
            "household_size": "3",
            "notes": "",
        },
    ),
    "beneficiary_edit": Case(
        "leader",
        lambda w: reverse("charity:beneficiary_edit", args=[w.ids["beneficiary"]]),
        lambda w: {
            "name": "Ibu Rahasia",
            "category": "poor_family",
            "address": "",
            "household_size": "5",
            "notes": "Anak bertambah",
        },
    ),
    "disbursement_create": Case(
        "treasurer",
        lambda w: reverse("charity:disbursement_create"),
        lambda w: {
            "program": str(w.ids["program"]),
            "beneficiary": "",
            "cash_amount": "10000",
            "in_kind_description": "",
            "in_kind_value": "0",
            "memo": "",
        },
    ),
    "disbursement_reject": Case(
        "leader",
        lambda w: reverse("charity:disbursement_reject", args=[w.ids["disbursement"]]),
        lambda w: {"reason": "Belum perlu"},
        status=400,
    ),
    "donation_create": Case(
        "treasurer",
        lambda w: reverse("charity:donation_create"),
        lambda w: {
            "amount": "10000",
            "donor": "Haji Ahmad",
            "memo": "",
            "idempotency_key": "page-limits-donation",
        },
    ),
    "item_tick": Case(
        "mentor_a",
        lambda w: reverse(
            "training:item_tick", args=[w.ids["enrollment"], w.ids["item_open"]]
        ),
        lambda w: {"note": "Sudah bisa"},
        redirects=True,
    ),
    "item_untick": Case(
        "mentor_a",
        lambda w: reverse(
            "training:item_untick", args=[w.ids["enrollment"], w.ids["item_ticked"]]
        ),
        lambda w: {"reason": "Salah centang"},
        redirects=True,
    ),
    "promo": Case(
        "a",
        lambda w: reverse("training:promo"),
        lambda w: {
            "shop": str(w.ids["shop"]),
            "kind": "promo",
            "starts_at": _soon(3),
            "ends_at": _soon(4),
            "products": "Kopi Madura",
            "discount_percent": "10",
            "note": "",
        },
    ),
    "competitor_price": Case(
        "a",
        lambda w: reverse("training:segmentation"),
        lambda w: {
            "category": str(w.ids["category"]),
            "marketplace": "shopee",
            "product_name": "Kopi Madura 250 g",
            "shop_name": "Toko Sebelah",
            "price": "25000",
            "sold_count": "",
            "note": "",
        },
    ),
}

# (form, field, the limit that the message names)
LONG_TEXT_CASES = [
    ("profile", "full_name", 120),
    ("profile", "phone", 32),
    ("profile", "village", 120),
    ("profile", "occupation", 120),
    ("shop_create", "name", 120),
    ("shop_edit", "name", 120),
    ("member_register", "full_name", 120),
    ("member_register", "username", 150),
    ("member_register", "password", 128),
    ("member_register", "village", 120),
    ("member_register", "occupation", 120),
    ("catalog_bulk_edit", "reason", 200),
    ("order_create", "marketplace_order_no", 64),
    ("order_create", "recipient_block", 2000),
    ("order_create", "recipient_name", 120),
    ("order_create", "recipient_phone", 32),
    ("order_create", "recipient_address", 1000),
    ("order_create", "lines-0-search", 80),
    ("order_edit", "recipient_address", 1000),
    ("order_cancel", "reason", 500),
    ("order_ship", "tracking_no", 64),
    ("settlement_proof", "bank", 60),
    ("settlement_proof", "sender_name", 120),
    ("return_create", "note", 1000),
    ("return_reject", "reason", 255),
    ("credit_adjust", "reason", 255),
    ("program_create", "name", 120),
    ("program_create", "description", 2000),
    ("program_create", "schedule_note", 120),
    ("program_edit", "description", 2000),
    ("beneficiary_create", "name", 120),
    ("beneficiary_create", "address", 255),
    ("beneficiary_create", "notes", 2000),
    ("beneficiary_edit", "notes", 2000),
    ("disbursement_create", "in_kind_description", 255),
    ("disbursement_create", "memo", 255),
    ("disbursement_reject", "reason", 200),
    ("donation_create", "donor", 120),
    ("donation_create", "memo", 120),
    ("item_tick", "note", 1000),
    ("item_untick", "reason", 500),
    ("promo", "products", 1000),
    ("promo", "note", 200),
    ("competitor_price", "product_name", 160),
    ("competitor_price", "shop_name", 120),
    ("competitor_price", "note", 200),
]

# (form, field, value, text the page must show)
HUGE = 10**12
INT32 = 2**31
NUMBER_CASES = [
    ("order_create", "shipping_fee", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("order_create", "marketplace_fee", INT32, TOO_BIG.format(limit=MAX_PRICE)),
    ("order_create", "lines-0-quantity", INT32, TOO_BIG.format(limit=MAX_QUANTITY)),
    ("order_create", "lines-0-sale_price", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("settlement_proof", "amount", HUGE, TOO_BIG.format(limit=MAX_TRANSFER)),
    ("return_create", "quantity", INT32, TOO_BIG.format(limit=MAX_QUANTITY)),
    (
        "credit_adjust",
        "amount",
        HUGE,
        TOO_BIG.format(limit=MAX_CREDIT_ADJUSTMENT),
    ),
    ("policy", "minimum_per_order", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("program_create", "budget", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("program_create", "planned_units", INT32, TOO_BIG.format(limit=MAX_UNITS)),
    (
        "beneficiary_create",
        "household_size",
        INT32,
        TOO_BIG.format(limit=MAX_HOUSEHOLD),
    ),
    ("disbursement_create", "cash_amount", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("disbursement_create", "in_kind_value", INT32, TOO_BIG.format(limit=MAX_PRICE)),
    ("donation_create", "amount", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("competitor_price", "price", HUGE, TOO_BIG.format(limit=MAX_PRICE)),
    ("competitor_price", "sold_count", INT32, TOO_BIG.format(limit=MAX_SOLD_COUNT)),
    ("catalog_bulk_edit", "stock-{variant}", INT32, "stok paling banyak 1.000.000"),
    (
        "catalog_bulk_edit",
        "base_price-{variant}",
        HUGE,
        "harga anggota paling banyak 1.000.000.000",
    ),
]


def snapshot() -> dict:
    """Every row of the tables a page form could write, as plain values."""
    from django.apps import apps

    labels = [
        "community.Member",
        "community.Shop",
        "auth.User",
        "catalog.Variant",
        "catalog.StockMovement",
        "orders.Order",
        "orders.OrderLine",
        "orders.OrderEvent",
        "settlements.Settlement",
        "settlements.TransferProof",
        "returns.ReturnRequest",
        "ledger.CreditEntry",
        "ledger.CharityPolicy",
        "charity.Program",
        "charity.Beneficiary",
        "charity.Disbursement",
        "ledger.FundEntry",
        "training.ItemCheck",
        "training.PromoSlot",
        "training.CompetitorPrice",
    ]
    state = {}
    for label in labels:
        model = apps.get_model(label)
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in ("last_login", "last_activity_at")
        ]
        state[label] = list(model.objects.order_by("pk").values_list(*columns))
    return state


def _post(world, case: Case, changes: dict):
    client = Client()
    client.force_login(world.users[case.role])
    body = case.body(world)
    body.update(changes)
    if case.multipart_photo:
        body[case.multipart_photo] = photo("bukti.jpg")
    return client.post(case.url(world), body, follow=case.redirects)


def _assert_refused(response, case: Case, expected: str) -> None:
    page = response.content.decode()
    if case.redirects:
        assert response.redirect_chain, "an action form redirects back"
        assert response.status_code == 200
    else:
        assert response.status_code == case.status, (
            response.status_code,
            response.get("Location"),
        )
    assert expected in page, f"no {expected!r} on the page"


@pytest.mark.parametrize(
    ("form", "name", "limit"),
    LONG_TEXT_CASES,
    ids=[f"{form}-{name}" for form, name, _ in LONG_TEXT_CASES],
)
def test_over_long_text_is_refused_with_the_limit_and_writes_nothing(form, name, limit):
    world = build_world()
    case = FORMS[form]
    before = snapshot()
    response = _post(world, case, {name: LONG_TEXT})
    _assert_refused(response, case, TOO_LONG.format(limit=limit))
    assert snapshot() == before, "a refused form wrote something"


@pytest.mark.parametrize(
    ("form", "name", "value", "expected"),
    NUMBER_CASES,
    ids=[f"{form}-{name.split('-')[-1]}" for form, name, *_ in NUMBER_CASES],
)
def test_huge_numbers_are_refused_with_the_limit_and_write_nothing(
    form, name, value, expected
):
    world = build_world()
    case = FORMS[form]
    before = snapshot()
    response = _post(world, case, {name.format(**world.ids): str(value)})
    _assert_refused(response, case, expected)
    assert snapshot() == before, "a refused form wrote something"


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_valid_body_of_each_case_is_accepted(form):
    """The bodies above are valid: the refusals are about the one bad value."""
    world = build_world()
    case = FORMS[form]
    before = snapshot()
    response = _post(world, case, {})
    page = response.content.decode()
    assert "paling banyak" not in page and "lebih kecil dari" not in page
    if case.redirects:
        assert response.status_code == 200
    else:
        assert response.status_code == 302, (form, response.status_code)
    assert snapshot() != before, f"{form}: the valid body changed nothing"
