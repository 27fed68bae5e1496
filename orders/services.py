"""Every write of the orders app: logging an order and each status change.

Each transition is one function that, inside one transaction, locks the order
row, checks the move against ``ALLOWED_TRANSITIONS``, saves with
``update_fields`` and writes one ``OrderEvent``. An illegal move raises
``ConflictError`` (409) and changes nothing.

Lock order (keep it, or two requests can deadlock): the Order row first, then
the catalog's Variant rows (``catalog.services`` locks those by pk). Several
orders are always locked by ascending pk. Settlements lock their settlement
row, then its orders by pk, then call ``orders_mark_paid`` (the project's lock
plan: ``community.lock_plan``).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from catalog.services import stock_release_many, stock_reserve_many
from community.errors import (
    ConflictError,
    KongsiError,
    NotFoundError,
    PermissionDeniedError,
)
from community.limits import MAX_ID, MAX_PRICE, MAX_QUANTITY
from community.models import Member, Shop
from community.roles import Role, has_role, is_leader
from community.uploads import validate_document_upload
from ledger.policy import policy_in_force
from orders.couriers import Courier
from orders.models import Order, OrderEvent, OrderLine
from orders.money import LineMoney, OrderMoney, order_money
from orders.resi import resi_normalise
from orders.signals import order_completed, order_submitted

S = Order.Status

# Which status may follow which. Cancelling is possible only before payment:
# once paid, money has moved and a problem becomes a return instead.
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED, S.CANCELLED},
    S.SUBMITTED: {S.PAID, S.CANCELLED},
    S.PAID: {S.PACKED},
    S.PACKED: {S.SHIPPED},
    S.SHIPPED: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
}

TIMESTAMP_FIELDS = {
    S.SUBMITTED: "submitted_at",
    S.PAID: "paid_at",
    S.PACKED: "packed_at",
    S.SHIPPED: "shipped_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "cancelled_at",
}

MAX_LINES = 50
MAX_MONEY = MAX_PRICE  # a milyar rupiah: anything above is a typing mistake


@dataclass(frozen=True)
class LineInput:
    """One line as a member typed it: which item, how many, at what price."""

    variant: int
    quantity: int
    sale_price: int | None = None


# -- helpers ---------------------------------------------------------------


def _user_of(actor):
    """Accept a User, a Member (its user is recorded) or None (the system)."""
    if actor is None or isinstance(actor, Member):
        return getattr(actor, "user", None)
    return actor


def _is_owner(order: Order, actor) -> bool:
    user = _user_of(actor)
    return user is not None and order.member.user_id == user.pk


def check_may_cancel(order: Order, actor) -> None:
    """Only the owner or the leader cancels an order (403 for anyone else)."""
    if not (_is_owner(order, actor) or is_leader(_user_of(actor))):
        raise PermissionDeniedError(_("Only the owner or the leader may cancel."))


def _lock(order: Order | int) -> Order:
    """Lock and return a fresh copy of the order row (select_for_update)."""
    pk = order if isinstance(order, int) else order.pk
    try:
        return (
            Order.objects.select_for_update(of=("self",))
            .select_related("member", "shop")
            .get(pk=pk)
        )
    except Order.DoesNotExist:
        raise NotFoundError(_("Order not found.")) from None


def _refresh_caller_copy(order: Order, locked: Order) -> None:
    """Let the caller's object reflect what was saved."""
    if isinstance(order, Order) and order is not locked:
        order.__dict__.update(
            {
                key: value
                for key, value in locked.__dict__.items()
                if not key.startswith("_")
            }
        )


def _check_transition(order: Order, to_status: str) -> None:
    if to_status not in ALLOWED_TRANSITIONS.get(order.status, set()):
        raise ConflictError(
            _("This order is %(status)s; it cannot become %(target)s.")
            % {
                "status": order.get_status_display().lower(),
                "target": S(to_status).label.lower(),
            }
        )


def _move(
    order: Order,
    to_status: str,
    *,
    actor,
    params: dict | None = None,
    fields: Iterable[str] = (),
) -> OrderEvent:
    """Set the status (already checked), its timestamp, save, write the event."""
    from_status = order.status
    now = timezone.now()
    order.status = to_status
    update = {"status", *fields}
    stamp = TIMESTAMP_FIELDS.get(to_status)
    if stamp:
        setattr(order, stamp, now)
        update.add(stamp)
    order.save(update_fields=sorted(update))
    return OrderEvent.objects.create(
        order=order,
        actor=_user_of(actor),
        from_status=from_status,
        to_status=to_status,
        params=params or {},
        created_at=now,
    )


def _as_int(value, *, field: str, message: str) -> int:
    if isinstance(value, bool):
        raise KongsiError(message, field=field)
    if isinstance(value, int):
        return value
    text = str(value if value is not None else "").strip().replace(".", "")
    text = text.removeprefix("Rp").strip()
    try:
        return int(text)
    except ValueError:
        raise KongsiError(message, field=field) from None


def _money_input(value, *, field: str, label: str) -> int:
    if value in (None, ""):
        return 0
    amount = _as_int(
        value,
        field=field,
        message=_("%(label)s must be a whole number of rupiah.") % {"label": label},
    )
    if amount < 0:
        raise KongsiError(
            _("%(label)s cannot be below zero.") % {"label": label}, field=field
        )
    if amount > MAX_MONEY:
        raise KongsiError(_("%(label)s is too large.") % {"label": label}, field=field)
    return amount


def _normalise_lines(lines) -> list[LineInput]:
    """Turn dicts/LineInputs into checked LineInputs (field "lines" on errors)."""
    result = []
    for raw in lines or []:
        if isinstance(raw, LineInput):
            variant, quantity, sale_price = raw.variant, raw.quantity, raw.sale_price
        elif isinstance(raw, dict):
            variant = raw.get("variant")
            quantity = raw.get("quantity")
            sale_price = raw.get("sale_price")
        else:
            raise KongsiError(
                _("Each line needs an item and a quantity."), field="lines"
            )
        if isinstance(variant, Variant):
            variant = variant.pk
        variant = _as_int(
            variant, field="lines", message=_("Choose an item from the catalog.")
        )
        if not 1 <= variant <= MAX_ID:  # no such id; never reach the database
            raise KongsiError(_("Choose an item from the catalog."), field="lines")
        quantity = _as_int(
            quantity,
            field="lines",
            message=_("The quantity must be a whole number of at least 1."),
        )
        if quantity < 1:
            raise KongsiError(
                _("The quantity must be a whole number of at least 1."), field="lines"
            )
        if quantity > MAX_QUANTITY:
            raise KongsiError(_("The quantity is too large."), field="lines")
        if sale_price not in (None, ""):
            sale_price = _as_int(
                sale_price,
                field="lines",
                message=_("The selling price must be a whole number of rupiah."),
            )
            if sale_price < 0:
                raise KongsiError(
                    _("The selling price cannot be below zero."), field="lines"
                )
            if sale_price > MAX_MONEY:
                raise KongsiError(_("The selling price is too large."), field="lines")
        else:
            sale_price = None
        result.append(
            LineInput(variant=variant, quantity=quantity, sale_price=sale_price)
        )
    if len(result) > MAX_LINES:
        raise KongsiError(
            _("An order can have at most %(count)s lines.") % {"count": MAX_LINES},
            field="lines",
        )
    return result


def _variants_for(lines: list[LineInput]) -> dict[int, Variant]:
    """Return the lines' variants; refuse unknown or no-longer-sold ones."""
    variants = {
        variant.pk: variant
        for variant in Variant.objects.select_related("product").filter(
            pk__in={line.variant for line in lines}
        )
    }
    for line in lines:
        variant = variants.get(line.variant)
        if variant is None:
            raise KongsiError(
                _("Item number %(id)s is not in the catalog.") % {"id": line.variant},
                field="lines",
            )
        if not variant.is_active or not variant.product.is_active:
            raise KongsiError(
                _("%(name)s is no longer sold.") % {"name": variant.display_name},
                field="lines",
            )
    return variants


def _snapshot_money(order: Order, lines: list[OrderLine], policy) -> OrderMoney:
    money = order_money(
        lines=[
            LineMoney(line.quantity, line.unit_base_price, line.sale_price)
            for line in lines
        ],
        shipping_fee=order.shipping_fee,
        marketplace_fee=order.marketplace_fee,
        policy=policy,
    )
    order.charity_rate = policy.rate_percent
    order.charity_minimum = policy.minimum_per_order
    order.goods_total = money.goods_total
    order.profit = money.profit
    order.charity_share = money.charity_share
    return money


MONEY_FIELDS = [
    "charity_rate",
    "charity_minimum",
    "goods_total",
    "profit",
    "charity_share",
]


def order_money_preview(
    *, lines, shipping_fee=0, marketplace_fee=0
) -> tuple[OrderMoney, list[dict]]:
    """Return the money an order would have if submitted now, without saving.

    Unknown or inactive items raise KongsiError like ``order_create`` does.
    Lines without a selling price use the item's suggested price.
    """
    checked = _normalise_lines(lines)
    variants = _variants_for(checked)
    shipping = _money_input(shipping_fee, field="shipping_fee", label=_("Shipping fee"))
    fee = _money_input(
        marketplace_fee, field="marketplace_fee", label=_("Marketplace fee")
    )
    rows = []
    for line in checked:
        variant = variants[line.variant]
        sale = (
            line.sale_price if line.sale_price is not None else variant.suggested_price
        )
        rows.append(
            {
                "variant": variant,
                "quantity": line.quantity,
                "unit_base_price": variant.base_price,
                "sale_price": sale,
            }
        )
    money = order_money(
        lines=[
            LineMoney(row["quantity"], row["unit_base_price"], row["sale_price"])
            for row in rows
        ],
        shipping_fee=shipping,
        marketplace_fee=fee,
        policy=policy_in_force(),
    )
    return money, rows


# -- creating --------------------------------------------------------------


def _check_recipient(order: Order) -> None:
    if not order.recipient_name.strip():
        raise KongsiError(_("Write the recipient's name."), field="recipient_name")
    if not order.recipient_phone.strip():
        raise KongsiError(
            _("Write the recipient's phone number."), field="recipient_phone"
        )
    if not order.recipient_address.strip():
        raise KongsiError(
            _("Write the recipient's address."), field="recipient_address"
        )


def _duplicate_message(number: str) -> str:
    return _(
        "Order number %(number)s is already logged for this shop. "
        "Check your order list."
    ) % {"number": number}


def _checked_input(
    *,
    member: Member,
    shop: Shop,
    marketplace_order_no: str,
    courier: str,
    shipping_fee,
    marketplace_fee,
    lines,
    label,
    draft: bool,
    exclude_pk: int | None = None,
):
    """Check what a member typed for an order; raise KongsiError on a problem."""
    if shop is None or shop.member_id != member.pk:
        raise KongsiError(_("Choose one of your own shops."), field="shop")
    number = " ".join((marketplace_order_no or "").split())
    if not number:
        raise KongsiError(
            _("Write the order number from the marketplace."),
            field="marketplace_order_no",
        )
    if len(number) > 64:
        raise KongsiError(
            _("The order number is too long (at most 64 characters)."),
            field="marketplace_order_no",
        )
    if courier and courier not in Courier.values:
        raise KongsiError(_("Choose a courier from the list."), field="courier")
    shipping = _money_input(shipping_fee, field="shipping_fee", label=_("Shipping fee"))
    fee = _money_input(
        marketplace_fee, field="marketplace_fee", label=_("Marketplace fee")
    )
    checked = _normalise_lines(lines)
    if not checked and not draft:
        raise KongsiError(_("Add at least one item."), field="lines")
    variants = _variants_for(checked)
    label_extension = None
    if label:
        label_extension = validate_document_upload(label, field="label")
    if (
        Order.objects.filter(shop=shop, marketplace_order_no__iexact=number)
        .exclude(status=S.CANCELLED)
        .exclude(pk=exclude_pk)
        .exists()
    ):
        raise KongsiError(_duplicate_message(number), field="marketplace_order_no")
    return shop, number, shipping, fee, checked, variants, label_extension


def _order_lines(order: Order, checked, variants) -> list[OrderLine]:
    return OrderLine.objects.bulk_create(
        [
            OrderLine(
                order=order,
                variant=variants[line.variant],
                quantity=line.quantity,
                unit_base_price=variants[line.variant].base_price,
                sale_price=(
                    line.sale_price
                    if line.sale_price is not None
                    else variants[line.variant].suggested_price
                ),
            )
            for line in checked
        ]
    )


@transaction.atomic
def order_create(
    *,
    member: Member,
    shop: Shop,
    marketplace_order_no: str,
    lines,
    recipient_name: str = "",
    recipient_phone: str = "",
    recipient_address: str = "",
    courier: str = "",
    shipping_fee=0,
    marketplace_fee=0,
    label=None,
    draft: bool = False,
    actor=None,
) -> Order:
    """Log an order from one of the member's shops.

    With ``draft=False`` it is submitted at once: stock is reserved and the
    money is fixed with the charity policy in force. Every refusal raises
    KongsiError naming the field, and nothing is written.
    """
    actor = actor if actor is not None else member.user
    shop, number, shipping, fee, checked, variants, label_extension = _checked_input(
        member=member,
        shop=shop,
        marketplace_order_no=marketplace_order_no,
        courier=courier,
        shipping_fee=shipping_fee,
        marketplace_fee=marketplace_fee,
        lines=lines,
        label=label,
        draft=draft,
    )

    order = Order(
        member=member,
        shop=shop,
        marketplace_order_no=number,
        recipient_name=(recipient_name or "").strip()[:120],
        recipient_phone=(recipient_phone or "").strip()[:32],
        recipient_address=(recipient_address or "").strip(),
        courier=courier or "",
        shipping_fee=shipping,
        marketplace_fee=fee,
        status=S.DRAFT,
    )
    if not draft:
        _check_recipient(order)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        raise KongsiError(
            _duplicate_message(number), field="marketplace_order_no"
        ) from None
    order_lines = _order_lines(order, checked, variants)
    _snapshot_money(order, order_lines, policy_in_force())
    order.save(update_fields=MONEY_FIELDS)
    OrderEvent.objects.create(
        order=order,
        actor=_user_of(actor),
        from_status="",
        to_status=S.DRAFT,
        params={"lines": len(order_lines)},
        created_at=order.created_at,
    )
    if not draft:
        order = order_submit(order=order, actor=actor)
    # The label is written last, so a refusal above leaves no file behind.
    if label:
        label.seek(0)
        order.label.save(f"label.{label_extension}", label, save=False)
        order.save(update_fields=["label"])
    return order


@transaction.atomic
def order_update_draft(
    *,
    order: Order,
    shop: Shop,
    marketplace_order_no: str,
    lines,
    recipient_name: str = "",
    recipient_phone: str = "",
    recipient_address: str = "",
    courier: str = "",
    shipping_fee=0,
    marketplace_fee=0,
    label=None,
    submit: bool = False,
    actor=None,
) -> Order:
    """Change a draft the member saved earlier, and send it when ``submit``.

    Only the owner changes their draft; any other state is refused (409). The
    lines are replaced as typed; nothing is written when a check fails.
    """
    locked = _lock(order)
    if not _is_owner(locked, actor):
        raise NotFoundError(_("Order not found."))
    if locked.status != S.DRAFT:
        raise ConflictError(_("Only a draft can be changed."))
    shop, number, shipping, fee, checked, variants, label_extension = _checked_input(
        member=locked.member,
        shop=shop,
        marketplace_order_no=marketplace_order_no,
        courier=courier,
        shipping_fee=shipping_fee,
        marketplace_fee=marketplace_fee,
        lines=lines,
        label=label,
        draft=not submit,
        exclude_pk=locked.pk,
    )
    locked.shop = shop
    locked.marketplace_order_no = number
    locked.recipient_name = (recipient_name or "").strip()[:120]
    locked.recipient_phone = (recipient_phone or "").strip()[:32]
    locked.recipient_address = (recipient_address or "").strip()
    locked.courier = courier or ""
    locked.shipping_fee = shipping
    locked.marketplace_fee = fee
    if submit:
        _check_recipient(locked)
    try:
        with transaction.atomic():
            locked.save(
                update_fields=[
                    "shop",
                    "marketplace_order_no",
                    "recipient_name",
                    "recipient_phone",
                    "recipient_address",
                    "courier",
                    "shipping_fee",
                    "marketplace_fee",
                ]
            )
    except IntegrityError:
        raise KongsiError(
            _duplicate_message(number), field="marketplace_order_no"
        ) from None
    locked.lines.all().delete()
    order_lines = _order_lines(locked, checked, variants)
    _snapshot_money(locked, order_lines, policy_in_force())
    locked.save(update_fields=MONEY_FIELDS)
    OrderEvent.objects.create(
        order=locked,
        actor=_user_of(actor),
        from_status=S.DRAFT,
        to_status=S.DRAFT,
        params={"edited": True, "lines": len(order_lines)},
    )
    if label:
        label.seek(0)
        locked.label.save(f"label.{label_extension}", label, save=False)
        locked.save(update_fields=["label"])
    if submit:
        locked = order_submit(order=locked, actor=actor)
    _refresh_caller_copy(order, locked)
    return locked


@transaction.atomic
def order_attach_label(*, order: Order, label, actor) -> Order:
    """Attach or replace the marketplace's shipping label (before shipping)."""
    locked = _lock(order)
    if not (_is_owner(locked, actor) or is_leader(_user_of(actor))):
        raise PermissionDeniedError(_("Only the owner or the leader may do this."))
    if locked.status in (S.SHIPPED, S.COMPLETED, S.CANCELLED):
        raise ConflictError(_("This order is already finished; the label stays."))
    extension = validate_document_upload(label, field="label")
    label.seek(0)
    locked.label.save(f"label.{extension}", label, save=False)
    locked.save(update_fields=["label"])
    _refresh_caller_copy(order, locked)
    return locked


# -- transitions -----------------------------------------------------------


@transaction.atomic
def order_submit(*, order: Order, actor) -> Order:
    """Draft → submitted: reserve the stock and fix the money.

    The member price is taken again from the catalog now (a draft may be days
    old) and the charity policy in force today is snapshotted on the order.
    """
    locked = _lock(order)
    if not _is_owner(locked, actor):
        raise PermissionDeniedError(
            _("Only the member who logged the order may send it.")
        )
    _check_transition(locked, S.SUBMITTED)
    _check_recipient(locked)
    lines = list(locked.lines.select_related("variant").order_by("pk"))
    if not lines:
        raise KongsiError(_("Add at least one item."), field="lines")
    # Reserving locks the variants (after the order row: see the module doc).
    stock_reserve_many(
        items=[(line.variant_id, line.quantity) for line in lines],
        actor=_user_of(actor),
        reference=locked.reference,
    )
    for line in lines:
        line.unit_base_price = line.variant.base_price
    OrderLine.objects.bulk_update(lines, ["unit_base_price"])
    money = _snapshot_money(locked, lines, policy_in_force())
    _move(
        locked,
        S.SUBMITTED,
        actor=actor,
        params={
            "goods_total": money.goods_total,
            "profit": money.profit,
            "charity_share": money.charity_share,
        },
        fields=MONEY_FIELDS,
    )
    order_submitted.send(sender=Order, order=locked, actor=_user_of(actor))
    _refresh_caller_copy(order, locked)
    return locked


def _cancel_locked(locked: Order, *, actor, reason: str, automatic: bool) -> Order:
    was_submitted = locked.status == S.SUBMITTED
    _check_transition(locked, S.CANCELLED)
    if was_submitted:
        # Release exactly what was reserved on submit. The status check above,
        # made under the row lock, guarantees this runs once per order.
        lines = list(locked.lines.order_by("pk"))
        stock_release_many(
            items=[(line.variant_id, line.quantity) for line in lines],
            actor=_user_of(actor),
            reference=locked.reference,
        )
    params = {"reason": (reason or "").strip()[:500], "stock_released": was_submitted}
    if automatic:
        params["automatic"] = True
    _move(locked, S.CANCELLED, actor=actor, params=params)
    return locked


@transaction.atomic
def order_cancel(*, order: Order, actor, reason: str = "") -> Order:
    """Draft/submitted → cancelled (owner or leader); reserved stock comes back."""
    locked = _lock(order)
    check_may_cancel(locked, actor)
    if locked.status == S.SUBMITTED and _has_active_settlement(locked):
        raise ConflictError(
            _(
                "This order is in a payment (setoran) that is still open. "
                "Cancel that payment first."
            )
        )
    _cancel_locked(locked, actor=actor, reason=reason, automatic=False)
    _refresh_caller_copy(order, locked)
    return locked


@transaction.atomic
def orders_mark_paid(*, pairs: list[tuple[int, int]], actor, now=None) -> None:
    """Submitted → paid for (order pk, settlement pk) pairs: the one paid
    transition, called by ``settlements.confirm.settlements_confirm``, which
    holds the orders' locks (``community.lock_plan``).

    One UPDATE per 1 000 orders and one bulk insert of their events. Each order
    must still be submitted: one that is not refuses the whole batch (409).
    """
    if not pairs:
        return
    now = now or timezone.now()
    stamp = TIMESTAMP_FIELDS[S.PAID]
    pks = sorted({order_pk for order_pk, _settlement in pairs})
    moved = 0
    for start in range(0, len(pks), 1000):
        moved += Order.objects.filter(
            pk__in=pks[start : start + 1000], status=S.SUBMITTED
        ).update(status=S.PAID, **{stamp: now})
    if moved != len(pks) or len(pks) != len(pairs):
        raise ConflictError(
            _("An order in this batch is no longer waiting for payment.")
        )
    user = _user_of(actor)
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order_id=order_pk,
                actor=user,
                from_status=S.SUBMITTED,
                to_status=S.PAID,
                params={"settlement": settlement_pk},
                created_at=now,
            )
            for order_pk, settlement_pk in pairs
        ],
        batch_size=1000,
    )


def _require_leader(actor) -> None:
    if not is_leader(_user_of(actor)):
        raise PermissionDeniedError(_("Only the leader may do this."))


@transaction.atomic
def order_pack(*, order: Order, actor, params: dict | None = None) -> Order:
    """Paid → packed (leader); ``params`` go on the event (e.g. the scan)."""
    _require_leader(actor)
    locked = _lock(order)
    _check_transition(locked, S.PACKED)
    _move(locked, S.PACKED, actor=actor, params=params)
    _refresh_caller_copy(order, locked)
    return locked


def _clean_tracking_no(tracking_no) -> str:
    resi = resi_normalise(tracking_no)
    if not resi:
        raise KongsiError(
            _("Write the tracking number (resi) from the courier."),
            field="tracking_no",
        )
    if len(resi) > 64 or not all(ch.isalnum() or ch in "_/." for ch in resi):
        raise KongsiError(
            _("The tracking number (resi) may only hold letters and digits."),
            field="tracking_no",
        )
    return resi


def check_resi_free(*, resi: str, courier: str, order_pk: int | None) -> None:
    """Refuse a resi another (not cancelled) order of the courier already has.

    The unique constraint ``order_tracking_no_unique_per_courier`` holds the
    rule; this check says it in words first. The other order is not named: a
    member (marketplace import) must not learn about someone else's order.
    """
    taken = (
        Order.objects.filter(courier=courier or "", tracking_no=resi)
        .exclude(status=S.CANCELLED)
        .exclude(pk=order_pk)
        .exists()
    )
    if taken:
        raise KongsiError(_resi_taken_message(resi), field="tracking_no")


def _resi_taken_message(resi: str) -> str:
    return _(
        "Tracking number (resi) %(resi)s is already used on another order. "
        "Check the number on the label."
    ) % {"resi": resi}


def _save_with_resi(order: Order, resi: str, save) -> None:
    """Run ``save`` and turn the unique constraint's refusal into words."""
    try:
        with transaction.atomic():
            save()
    except IntegrityError as error:
        if "tracking_no" in str(error) or "order_tracking_no_unique" in str(error):
            raise KongsiError(_resi_taken_message(resi), field="tracking_no") from None
        raise


@transaction.atomic
def order_ship(
    *, order: Order, actor, tracking_no: str, courier: str | None = None
) -> Order:
    """Packed → shipped with the resi (leader)."""
    _require_leader(actor)
    resi = _clean_tracking_no(tracking_no)
    if courier and courier not in Courier.values:
        raise KongsiError(_("Choose a courier from the list."), field="courier")
    locked = _lock(order)
    _check_transition(locked, S.SHIPPED)
    locked.tracking_no = resi
    fields = ["tracking_no"]
    if courier:
        locked.courier = courier
        fields.append("courier")
    check_resi_free(resi=resi, courier=locked.courier, order_pk=locked.pk)
    _save_with_resi(
        locked,
        resi,
        lambda: _move(
            locked,
            S.SHIPPED,
            actor=actor,
            params={"tracking_no": resi, "courier": locked.courier},
            fields=fields,
        ),
    )
    _refresh_caller_copy(order, locked)
    return locked


@transaction.atomic
def order_complete(*, order: Order, actor) -> Order:
    """Shipped → completed (leader or the owner)."""
    locked = _lock(order)
    if not (_is_owner(locked, actor) or is_leader(_user_of(actor))):
        raise PermissionDeniedError(_("Only the owner or the leader may do this."))
    _check_transition(locked, S.COMPLETED)
    _move(locked, S.COMPLETED, actor=actor)
    order_completed.send(sender=Order, order=locked, actor=_user_of(actor))
    _refresh_caller_copy(order, locked)
    return locked


@transaction.atomic
def order_pack_many(*, orders: Iterable[Order], actor) -> list[Order]:
    """Mark several paid orders packed, all or none (locked by pk)."""
    _require_leader(actor)
    return [
        order_pack(order=order, actor=actor)
        for order in sorted(orders, key=lambda order: order.pk)
    ]


@transaction.atomic
def order_ship_many(*, shipments: Iterable[tuple[Order, str]], actor) -> list[Order]:
    """Ship several packed orders, each with its own resi; all or none."""
    _require_leader(actor)
    shipments = sorted(shipments, key=lambda item: item[0].pk)
    if not shipments:
        raise KongsiError(_("Write at least one tracking number (resi)."))
    seen: dict[str, int] = {}
    for order, resi in shipments:
        cleaned = _clean_tracking_no(resi)
        if cleaned in seen:
            raise KongsiError(
                _("Tracking number %(resi)s is written twice.") % {"resi": cleaned},
                field="tracking_no",
            )
        seen[cleaned] = order.pk
    return [
        order_ship(order=order, actor=actor, tracking_no=resi)
        for order, resi in shipments
    ]


# -- automatic cancellation ------------------------------------------------


def _has_active_settlement(order: Order) -> bool:
    # ``settlement_links``: the settlements app's link rows (always installed).
    return order.settlement_links.filter(is_active=True).exists()


def unpaid_order_ids(*, now: datetime | None = None) -> list[int]:
    """Ids of submitted orders older than ORDER_PAYMENT_HOURS with no open setoran."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.ORDER_PAYMENT_HOURS)
    queryset = Order.objects.filter(
        status=S.SUBMITTED, submitted_at__lt=cutoff
    ).exclude(settlement_links__is_active=True)
    return list(queryset.order_by("pk").values_list("pk", flat=True))


def order_cancel_unpaid(*, now: datetime | None = None) -> list[int]:
    """Cancel every unpaid order past its payment time; return their ids.

    Each order is cancelled in its own transaction and checked again under its
    row lock, so running twice (or alongside a settlement) cancels nothing twice.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.ORDER_PAYMENT_HOURS)
    cancelled = []
    for pk in unpaid_order_ids(now=now):
        with transaction.atomic():
            locked = _lock(pk)
            if (
                locked.status != S.SUBMITTED
                or locked.submitted_at is None
                or locked.submitted_at >= cutoff
                or _has_active_settlement(locked)
            ):
                continue
            _cancel_locked(
                locked,
                actor=None,
                reason=_("Not paid within %(hours)s hours.")
                % {"hours": settings.ORDER_PAYMENT_HOURS},
                automatic=True,
            )
            cancelled.append(pk)
    return cancelled


def may_act(order: Order, user, action: str) -> bool:
    """Return True when ``user`` may try ``action`` on the order (for buttons)."""
    owner = order.member.user_id == getattr(user, "pk", None)
    leader = is_leader(user)
    member_role = has_role(user, Role.MEMBER, Role.MENTOR)
    allowed_from = {
        "submit": owner and member_role,
        "cancel": owner or leader,
        "pack": leader,
        "ship": leader,
        "complete": owner or leader,
    }
    target = {
        "submit": S.SUBMITTED,
        "cancel": S.CANCELLED,
        "pack": S.PACKED,
        "ship": S.SHIPPED,
        "complete": S.COMPLETED,
    }[action]
    return allowed_from[action] and target in ALLOWED_TRANSITIONS.get(
        order.status, set()
    )
