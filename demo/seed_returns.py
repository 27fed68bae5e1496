"""Demo returns and credit: a return in every state, and credit on its way.

Rahmat has returns waiting, credited, approved without credit and refused,
and keeps his credit for his next settlement (an order of his waits to be
paid). Laila's credit was already used in her open settlement, so the
breakdown shows "credit used". Everything goes through the services, so the
ledgers and ``audit_money`` stay clean. Running it twice changes nothing.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from catalog.models import Variant
from community.models import Member, Shop
from ledger.credit import credit_balance
from orders.models import Order, OrderLine
from orders.services import order_create
from returns.models import ReturnRequest
from returns.services import return_approve, return_reject, return_request_create

RETURNABLE = ["paid", "packed", "shipped", "completed"]
DEMO_NOTE = "(demo)"


def _photo(name: str) -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 360), (236, 239, 241))
    draw = ImageDraw.Draw(image)
    draw.rectangle((60, 60, 420, 300), outline=(120, 120, 120), width=6)
    draw.line((90, 90, 390, 270), fill=(185, 28, 28), width=8)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _variants(count: int) -> list[Variant]:
    return list(
        Variant.objects.filter(is_active=True, product__is_active=True, stock__gte=10)
        .select_related("product")
        .order_by("pk")[:count]
    )


def _shop_of(member: Member) -> Shop:
    shop = member.shops.order_by("pk").first()
    if shop is None:
        shop = Shop.objects.create(member=member, marketplace="shopee", name="Toko")
    return shop


def _order(member: Member, number: str, items: list[tuple[Variant, int]]) -> Order:
    """Return the member's demo order with this number, logging it once."""
    existing = Order.objects.filter(member=member, marketplace_order_no=number).first()
    if existing is not None:
        return existing
    return order_create(
        member=member,
        shop=_shop_of(member),
        marketplace_order_no=number,
        recipient_name="Ibu Maryam",
        recipient_phone="081333444555",
        recipient_address="Jl. Trunojoyo No. 7, Kolor, Sumenep",
        courier="jne",
        lines=[
            {
                "variant": variant.pk,
                "quantity": quantity,
                "sale_price": variant.suggested_price,
            }
            for variant, quantity in items
        ],
        actor=member.user,
    )


def _paid(order: Order, leader) -> Order:
    """Pay the order through a confirmed settlement (once)."""
    from settlements.services import settlement_confirm, settlement_create

    order.refresh_from_db()
    if order.status != Order.Status.SUBMITTED:
        return order
    settlement = settlement_create(
        member=order.member, orders=[order], actor=order.member.user
    )
    if settlement.status != "confirmed":
        settlement_confirm(settlement=settlement, actor=leader)
    order.refresh_from_db()
    return order


def _return(line: OrderLine, **values) -> ReturnRequest:
    member = line.order.member
    return return_request_create(
        member=member,
        actor=member.user,
        order_line_id=line.pk,
        **values,
    )


def seed(context: dict) -> dict:
    people = context.get("community") or {
        member.user.username: member for member in Member.objects.select_related("user")
    }
    rahmat, laila, leader_member = (
        people.get("rahmat"),
        people.get("laila"),
        people.get("ketua"),
    )
    if rahmat is None or leader_member is None:
        return {}
    leader = leader_member.user
    if ReturnRequest.objects.filter(member=rahmat, note__endswith=DEMO_NOTE).exists():
        return {
            "returns": list(
                ReturnRequest.objects.filter(note__endswith=DEMO_NOTE).order_by("pk")
            ),
            "credit": {
                "rahmat": credit_balance(rahmat),
                "laila": credit_balance(laila) if laila else 0,
            },
        }
    variants = _variants(4)
    if len(variants) < 2:
        return {}
    first, second = variants[0], variants[1]

    # Rahmat: one paid order of three lines' worth, returns in every state.
    paid = _paid(_order(rahmat, "DEMO-RETUR-0001", [(first, 3), (second, 2)]), leader)
    line_a, line_b = list(paid.lines.order_by("pk"))
    credited = _return(
        line_a,
        quantity=1,
        reason=ReturnRequest.Reason.DEFECTIVE,
        note=f"Jahitan lepas waktu dibuka pembeli. {DEMO_NOTE}",
        photos=[_photo("jahitan-lepas.jpg")],
    )
    return_approve(return_request=credited, actor=leader, restock=False)
    approved = _return(
        line_b,
        quantity=1,
        reason=ReturnRequest.Reason.CHANGED_MIND,
        note=f"Pembeli batal, barang masih tersegel. {DEMO_NOTE}",
    )
    return_approve(return_request=approved, actor=leader, restock=True)
    rejected = _return(
        line_b,
        quantity=1,
        reason=ReturnRequest.Reason.OTHER,
        note=f"Ukuran kurang pas. {DEMO_NOTE}",
    )
    return_reject(
        return_request=rejected,
        actor=leader,
        reason="Barang sudah dipakai, tidak bisa diretur.",
    )
    waiting = _return(
        line_a,
        quantity=1,
        reason=ReturnRequest.Reason.DAMAGED_IN_TRANSIT,
        note=f"Kardus penyok, isinya retak. {DEMO_NOTE}",
        photos=[_photo("kardus-penyok.jpg")],
    )
    # His next order waits to be paid: the credit will be used for it.
    _order(rahmat, "DEMO-RETUR-0002", [(second, 1)])

    result = {"returns": [credited, approved, rejected, waiting]}
    if laila is not None:
        # Laila: credit already used by her open settlement.
        laila_paid = _paid(_order(laila, "DEMO-RETUR-0101", [(first, 2)]), leader)
        laila_return = _return(
            laila_paid.lines.order_by("pk").first(),
            quantity=1,
            reason=ReturnRequest.Reason.WRONG_ITEM,
            note=f"Warna yang datang biru, pesanan merah. {DEMO_NOTE}",
            photos=[_photo("salah-warna.jpg")],
        )
        return_approve(return_request=laila_return, actor=leader, restock=True)
        next_order = _order(laila, "DEMO-RETUR-0102", [(second, 3)])
        from settlements.services import settlement_create

        settlement_create(member=laila, orders=[next_order], actor=laila.user)
        result["returns"].append(laila_return)
    result["credit"] = {
        "rahmat": credit_balance(rahmat),
        "laila": credit_balance(laila) if laila else 0,
    }
    return result
