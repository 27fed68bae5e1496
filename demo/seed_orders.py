"""Demo orders: drafts, orders waiting for payment and cancelled ones.

Orders that are paid, packed, shipped or completed come from
``demo/seed_settlements.py`` (payment is the settlements' transition), which
runs after this module. Idempotent: an order is made once per shop and number.
"""

from catalog.models import Variant
from community.models import Marketplace, Member, Shop
from orders.models import Order
from orders.services import order_cancel, order_create

RECIPIENTS = [
    (
        "Budi Santoso",
        "081234567890",
        "Jl. Merdeka No. 10, Coblong, Kota Bandung, 40132",
    ),
    ("Siti Rahma", "085712345678", "Perum Griya Asri C2/5, Kota Sumenep, 69417"),
    ("Dewi Lestari", "081355501234", "Jl. Diponegoro 21, Gubeng, Surabaya, 60281"),
    ("Agus Salim", "087854321098", "Dusun Krajan RT 03, Kalianget, Sumenep, 69471"),
    ("Nurul Aini", "082233445566", "Jl. Trunojoyo 5, Pamekasan, 69317"),
    ("Hendra Wijaya", "081299887766", "Jl. Kaliurang Km 7, Sleman, Yogyakarta, 55581"),
]

# member, marketplace, what happens, [(variant index, quantity, extra over price)]
PLAN = [
    ("rahmat", Marketplace.SHOPEE, "submitted", [(0, 2, 0), (3, 1, 5000)]),
    ("rahmat", Marketplace.TIKTOK, "draft", [(1, 1, 0)]),
    ("laila", Marketplace.SHOPEE, "submitted", [(5, 1, 2000)]),
    ("laila", Marketplace.WHATSAPP, "cancelled", [(6, 2, 0)]),
    ("sholeh", Marketplace.TOKOPEDIA, "submitted", [(2, 3, 0)]),
    ("ulfa", Marketplace.LAZADA, "submitted", [(7, 1, 10000)]),
    ("ulfa", Marketplace.SHOPEE, "draft", [(8, 1, 0), (9, 1, 0)]),
    ("hafid", Marketplace.TIKTOK, "cancelled_draft", [(4, 1, 0)]),
    ("zahra", Marketplace.BUKALAPAK, "submitted", [(10, 1, -2000)]),
    ("imam", Marketplace.TOKOPEDIA, "submitted", [(11, 4, 0)]),
]


def _number(marketplace: str, index: int) -> str:
    if marketplace == Marketplace.TOKOPEDIA:
        return f"INV/20260112/MPL/38{index:05d}"
    if marketplace == Marketplace.TIKTOK:
        return f"5781{index:011d}"
    if marketplace == Marketplace.WHATSAPP:
        return f"WA-{index:04d}"
    return f"260112DEMO{index:04d}"


def seed(context: dict) -> list[Order]:
    members: dict[str, Member] = context.get("community") or {
        m.user.username: m for m in Member.objects.select_related("user")
    }
    variants = list(
        Variant.objects.filter(is_active=True, product__is_active=True, stock__gte=10)
        .select_related("product")
        .order_by("pk")
    )
    if not variants:
        return []
    orders = []
    for index, (username, marketplace, outcome, lines) in enumerate(PLAN, start=1):
        member = members.get(username)
        if member is None:
            continue
        shop = Shop.objects.filter(member=member, marketplace=marketplace).first()
        if shop is None:
            continue
        number = _number(marketplace, index)
        existing = Order.objects.filter(shop=shop, marketplace_order_no=number).first()
        if existing is not None:
            orders.append(existing)
            continue
        name, phone, address = RECIPIENTS[index % len(RECIPIENTS)]
        chosen = []
        for variant_index, quantity, extra in lines:
            variant = variants[variant_index % len(variants)]
            chosen.append(
                {
                    "variant": variant.pk,
                    "quantity": quantity,
                    "sale_price": max(variant.suggested_price + extra, 0),
                }
            )
        order = order_create(
            member=member,
            shop=shop,
            marketplace_order_no=number,
            recipient_name=name,
            recipient_phone=phone,
            recipient_address=address,
            courier=["jne", "jnt", "sicepat", "spx", "anteraja"][index % 5],
            marketplace_fee=1500 * len(chosen),
            lines=chosen,
            draft=outcome in ("draft", "cancelled_draft"),
            actor=member.user,
        )
        if outcome.startswith("cancelled"):
            order = order_cancel(
                order=order, actor=member.user, reason="Pembeli membatalkan pesanan."
            )
        orders.append(order)
    return orders
