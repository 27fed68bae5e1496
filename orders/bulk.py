"""Logging many orders at once (a marketplace import), in a fixed number of
queries per batch.

``orders_create_many`` does what ``order_create`` (and, unless ``draft``,
``order_submit``) does for each order — same checks, same money, same stock
movements per order, same events — but with one query per kind of row for
the whole batch. An order that cannot be logged (an item no longer sold, not
enough stock left for it, its number already logged) is returned as refused
with the reason, and the others go on; stock is given to the orders in the
order they come.

Lock order as in ``orders.services``: new orders hold no lock; the variants
are locked once, by pk, by ``catalog.services.stock_reserve_batch``.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from catalog.services import stock_reserve_batch
from community.errors import KongsiError
from community.limits import MAX_ADDRESS
from community.models import Member, Shop
from ledger.policy import policy_in_force
from orders.couriers import Courier
from orders.models import Order, OrderEvent, OrderLine
from orders.money import LineMoney, order_money
from orders.resi import resi_normalise
from orders.services import (
    _duplicate_message,
    _money_input,
    _normalise_lines,
    _resi_taken_message,
)
from orders.signals import order_submitted

S = Order.Status
BATCH_SIZE = 200


def _courier_of(new) -> str:
    return new.courier if new.courier in Courier.values else ""


@dataclass
class NewOrder:
    """One order to log, as a marketplace export gives it."""

    marketplace_order_no: str
    lines: list  # dicts {variant, quantity, sale_price} or LineInputs
    recipient_name: str = ""
    recipient_phone: str = ""
    recipient_address: str = ""
    courier: str = ""
    marketplace_fee: int = 0
    tracking_no: str = ""
    ship_by: datetime | None = None
    params: dict = field(default_factory=dict)  # written on the import event


@dataclass
class BatchResult:
    created: dict[str, Order] = field(default_factory=dict)  # number → order
    refused: dict[str, KongsiError] = field(default_factory=dict)


def _refuse(result: BatchResult, number: str, message, code: str) -> None:
    result.refused[number] = KongsiError(message, field="lines", code=code)


@transaction.atomic
def orders_create_many(
    *,
    member: Member,
    shop: Shop,
    orders: list[NewOrder],
    draft: bool,
    actor,
    source: str,
) -> BatchResult:
    """Log up to BATCH_SIZE orders from one shop (see the module doc).

    Raise KongsiError only for the whole batch (another member's shop, a
    number logged at the same moment by hand): the caller may then log the
    orders one by one with ``order_create``.
    """
    if shop is None or shop.member_id != member.pk:
        raise KongsiError(_("Choose one of your own shops."), field="shop")
    if len(orders) > BATCH_SIZE:
        raise KongsiError(_("Too many orders at once."))
    result = BatchResult()
    checked = []
    for new in orders:
        number = " ".join((new.marketplace_order_no or "").split())[:64]
        try:
            lines = _normalise_lines(new.lines)
            fee = _money_input(
                new.marketplace_fee, field="marketplace_fee", label=_("Marketplace fee")
            )
        except KongsiError as error:
            result.refused[number] = error
            continue
        if not lines:
            _refuse(result, number, _("Add at least one item."), "invalid")
            continue
        if not draft and not (
            new.recipient_name.strip()
            and new.recipient_phone.strip()
            and new.recipient_address.strip()
        ):
            _refuse(result, number, _("Write the recipient's name."), "recipient")
            continue
        checked.append((number, new, lines, fee))
    taken = set(
        Order.objects.annotate(number_upper=Upper("marketplace_order_no"))
        .filter(shop=shop, number_upper__in=[number.upper() for number, *_ in checked])
        .exclude(status=S.CANCELLED)
        .values_list("number_upper", flat=True)
    )
    # One resi is one parcel (order_tracking_no_unique_per_courier): a resi that
    # another order of the courier already has refuses this order alone.
    resi_of = {
        number: (_courier_of(new), resi_normalise(new.tracking_no)[:64])
        for number, new, *_ in checked
    }
    resi_taken = set(
        Order.objects.filter(
            tracking_no__in=[resi for _c, resi in resi_of.values() if resi]
        )
        .exclude(status=S.CANCELLED)
        .values_list("courier", "tracking_no")
    )
    variant_ids = {line.variant for *_, lines, _fee in checked for line in lines}
    # Locked now (pk order) when stock is taken, so the counts below hold
    # until stock_reserve_batch takes it.
    queryset = Variant.objects.select_related("product").order_by("pk")
    if not draft:
        queryset = queryset.select_for_update(of=("self",))
    variants = {variant.pk: variant for variant in queryset.filter(pk__in=variant_ids)}
    stock_left = {pk: variant.stock for pk, variant in variants.items()}
    accepted = []
    seen = set()
    for number, new, lines, fee in checked:
        if number.upper() in taken or number.upper() in seen:
            _refuse(result, number, _duplicate_message(number), "duplicate")
            continue
        courier_resi = resi_of[number]
        if courier_resi[1] and courier_resi in resi_taken:
            _refuse(result, number, _resi_taken_message(courier_resi[1]), "resi_taken")
            continue
        missing = [line for line in lines if line.variant not in variants]
        if missing:
            _refuse(
                result,
                number,
                _("Item number %(id)s is not in the catalog.")
                % {"id": missing[0].variant},
                "invalid",
            )
            continue
        inactive = [
            variants[line.variant]
            for line in lines
            if not (
                variants[line.variant].is_active
                and variants[line.variant].product.is_active
            )
        ]
        if inactive:
            _refuse(
                result,
                number,
                _("%(name)s is no longer sold.") % {"name": inactive[0].display_name},
                "inactive",
            )
            continue
        if not draft:
            wanted: dict[int, int] = {}
            for line in lines:
                wanted[line.variant] = wanted.get(line.variant, 0) + line.quantity
            short = [pk for pk, qty in wanted.items() if stock_left[pk] < qty]
            if short:
                variant = variants[short[0]]
                _refuse(
                    result,
                    number,
                    _("Not enough stock for %(name)s: only %(left)s left.")
                    % {"name": variant.display_name, "left": stock_left[short[0]]},
                    "out_of_stock",
                )
                continue
            for pk, qty in wanted.items():
                stock_left[pk] -= qty
        seen.add(number.upper())
        if courier_resi[1]:
            resi_taken.add(courier_resi)
        accepted.append((number, new, lines, fee))
    if not accepted:
        return result

    policy = policy_in_force()
    now = timezone.now()
    rows = []
    for number, new, lines, fee in accepted:
        money = order_money(
            lines=[
                LineMoney(
                    line.quantity,
                    variants[line.variant].base_price,
                    line.sale_price
                    if line.sale_price is not None
                    else variants[line.variant].suggested_price,
                )
                for line in lines
            ],
            shipping_fee=0,
            marketplace_fee=fee,
            policy=policy,
        )
        rows.append(
            Order(
                member=member,
                shop=shop,
                marketplace_order_no=number,
                recipient_name=new.recipient_name.strip()[:120],
                recipient_phone=new.recipient_phone.strip()[:32],
                recipient_address=new.recipient_address.strip()[:MAX_ADDRESS],
                courier=_courier_of(new),
                marketplace_fee=fee,
                tracking_no=resi_of[number][1],
                ship_by=new.ship_by,
                status=S.DRAFT if draft else S.SUBMITTED,
                charity_rate=policy.rate_percent,
                charity_minimum=policy.minimum_per_order,
                goods_total=money.goods_total,
                profit=money.profit,
                charity_share=money.charity_share,
                created_at=now,
                submitted_at=None if draft else now,
            )
        )
    try:
        with transaction.atomic():
            created = Order.objects.bulk_create(rows)
    except IntegrityError:
        # A number logged by hand this very moment: the caller goes one by one.
        raise KongsiError(
            _("An order of this file was just logged. Import again."),
            field="file",
            code="duplicate",
        ) from None
    order_lines = []
    reservations = []
    for order, (_number, _new, lines, _fee) in zip(created, accepted, strict=True):
        for line in lines:
            variant = variants[line.variant]
            order_lines.append(
                OrderLine(
                    order=order,
                    variant=variant,
                    quantity=line.quantity,
                    unit_base_price=variant.base_price,
                    sale_price=line.sale_price
                    if line.sale_price is not None
                    else variant.suggested_price,
                )
            )
        reservations.append(
            (order.reference, [(line.variant, line.quantity) for line in lines])
        )
    OrderLine.objects.bulk_create(order_lines)
    if not draft:
        stock_reserve_batch(reservations=reservations, actor=actor)
    user = actor if actor is None or hasattr(actor, "is_authenticated") else actor.user
    events = []
    for order, (_number, new, lines, _fee) in zip(created, accepted, strict=True):
        events.append(
            OrderEvent(
                order=order,
                actor=user,
                from_status="",
                to_status=S.DRAFT,
                params={"lines": len(lines)},
                created_at=now,
            )
        )
        if not draft:
            events.append(
                OrderEvent(
                    order=order,
                    actor=user,
                    from_status=S.DRAFT,
                    to_status=S.SUBMITTED,
                    params={
                        "goods_total": order.goods_total,
                        "profit": order.profit,
                        "charity_share": order.charity_share,
                    },
                    created_at=now,
                )
            )
        events.append(
            OrderEvent(
                order=order,
                actor=user,
                from_status=order.status,
                to_status=order.status,
                params={
                    "source": source,
                    "imported": True,
                    "tracking_no": order.tracking_no,
                    "ship_by": order.ship_by.isoformat() if order.ship_by else None,
                    **new.params,
                },
                created_at=now,
            )
        )
    OrderEvent.objects.bulk_create(events)
    if not draft:
        # Receivers (training's "first order" tick) ask whether the member has
        # submitted an order; one signal per batch keeps its cost fixed.
        order_submitted.send(sender=Order, order=created[0], actor=user)
    result.created = {order.marketplace_order_no: order for order in created}
    return result
