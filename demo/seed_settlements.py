"""Demo settlements: the leader's bank accounts, confirmed payments (their orders
then packed, shipped or completed), one waiting for a transfer and one with a
proof photo. Idempotent: each scenario is keyed by its demo order number."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from catalog.models import Variant
from community.models import Member
from orders.models import Order
from orders.services import order_complete, order_create, order_pack, order_ship
from settlements.models import BankAccount, Settlement
from settlements.services import (
    settlement_confirm,
    settlement_create,
    settlement_upload_proof,
)

ACCOUNTS = [
    ("BCA", "0987654321", "Moh. Syamsul Arifin"),
    ("BRI", "001201000456301", "Moh. Syamsul Arifin"),
]
# (key, member username, what happens after the settlement is made)
SCENARIOS = [
    ("SETOR-01", "rahmat", "completed"),
    ("SETOR-02", "laila", "shipped"),
    ("SETOR-03", "sholeh", "packed"),
    ("SETOR-04", "rahmat", "paid"),
    ("SETOR-05", "laila", "awaiting_transfer"),
    ("SETOR-06", "sholeh", "proof_uploaded"),
]


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), (230, 240, 250)).save(buffer, "JPEG")
    return SimpleUploadedFile("bukti.jpg", buffer.getvalue(), "image/jpeg")


def _order(member: Member, number: str, variant: Variant) -> Order | None:
    shop = member.shops.first()
    if shop is None:
        return None
    return order_create(
        member=member,
        shop=shop,
        marketplace_order_no=f"DEMO-{number}",
        recipient_name="Bapak Slamet",
        recipient_phone="081355577799",
        recipient_address="Jl. Raya Lenteng No. 12, Sumenep",
        courier="jne",
        lines=[
            {
                "variant": variant.pk,
                "quantity": 1,
                "sale_price": variant.suggested_price,
            }
        ],
        actor=member.user,
    )


def seed(context: dict) -> dict:
    for position, (bank, number, holder) in enumerate(ACCOUNTS):
        BankAccount.objects.get_or_create(
            bank=bank,
            account_number=number,
            defaults={"holder_name": holder, "position": position},
        )
    members = context.get("community") or {}
    leader = get_user_model().objects.filter(username="ketua").first()
    variants = list(
        Variant.objects.filter(
            is_active=True, product__is_active=True, stock__gte=5
        ).order_by("pk")[: len(SCENARIOS)]
    )
    made: dict[str, Settlement] = {}
    if not variants or leader is None:
        return made
    for index, (key, username, outcome) in enumerate(SCENARIOS):
        member = (
            members.get(username)
            or Member.objects.filter(user__username=username).first()
        )
        if member is None:
            continue
        existing = Order.objects.filter(
            member=member, marketplace_order_no=f"DEMO-{key}"
        ).first()
        if existing is not None:
            link = existing.settlement_links.select_related("settlement").first()
            if link:
                made[key] = link.settlement
            continue
        order = _order(member, key, variants[index % len(variants)])
        if order is None:
            continue
        settlement = settlement_create(member=member, orders=[order], actor=member.user)
        made[key] = settlement
        if outcome == "awaiting_transfer":
            continue
        if outcome == "proof_uploaded":
            settlement_upload_proof(
                settlement=settlement,
                actor=member.user,
                image=_photo(),
                bank="BRI",
                sender_name=member.full_name,
                amount=settlement.amount_due,
                transferred_at=timezone.now(),
            )
            continue
        if settlement.status != Settlement.Status.CONFIRMED:
            settlement_confirm(settlement=settlement, actor=leader, source="manual")
        order.refresh_from_db()
        if outcome in ("packed", "shipped", "completed"):
            order_pack(order=order, actor=leader)
        if outcome in ("shipped", "completed"):
            order_ship(order=order, actor=leader, tracking_no=f"JNE{order.pk:010d}")
        if outcome == "completed":
            order_complete(order=order, actor=leader)
    return made
