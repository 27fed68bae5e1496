"""The dry run: what an export would do to the member's orders, and why.

``plan_import`` reads nothing from the request and writes nothing: it looks up,
in a fixed handful of queries whatever the file's size, the orders already
logged in the shop, the catalog variants of the file's SKUs, the member's SKU
map and the settlements of the orders; then decides per marketplace order:

* ``create`` — a new paid order whose lines all match the catalog;
* ``update`` — logged before: resi / ship-by / status / fee to bring across;
* ``skip`` — with the reason: unpaid, cancelled, unknown SKU, stock short,
  item no longer sold, or already logged with nothing to change.

The same function runs again inside the confirmation's transaction, so what
is written always follows the database at that moment, not an old dry run.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext as _

from catalog.models import Variant
from community.errors import KongsiError
from community.models import Marketplace, Member, Shop
from imports.models import SkuMapping
from imports.readers import ImportedOrder, ReadResult, Status
from orders.models import Order
from returns.models import ReturnRequest
from settlements.models import Settlement, SettlementOrder

S = Order.Status

# Which shops an export may go into: TikTok Shop and Tokopedia share one
# seller centre and one export.
COMPATIBLE = {
    Marketplace.SHOPEE: {Marketplace.SHOPEE},
    Marketplace.TIKTOK: {Marketplace.TIKTOK, Marketplace.TOKOPEDIA},
    Marketplace.TOKOPEDIA: {Marketplace.TIKTOK, Marketplace.TOKOPEDIA},
    Marketplace.LAZADA: {Marketplace.LAZADA},
}


@dataclass
class Problem:
    code: str
    message: str


@dataclass
class PlannedLine:
    sku: str
    product_name: str
    variation: str
    quantity: int
    sale_price: int
    variant: Variant | None = None
    matched_by: str = ""  # "sku" | "map" | ""


@dataclass
class PlannedOrder:
    imported: ImportedOrder
    action: str = "skip"  # "create" | "update" | "skip"
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    lines: list[PlannedLine] = field(default_factory=list)
    existing: Order | None = None
    changes: list[str] = field(default_factory=list)  # field names / "cancel" …
    fee: int | None = None
    settlement: Settlement | None = None
    existing_return: bool = False

    @property
    def number(self) -> str:
        return self.imported.marketplace_order_no

    def problem(self, code: str, message: str) -> None:
        self.problems.append(Problem(code, message))


@dataclass
class FeeOnly:
    """A fee row whose order is not in the orders file of this import."""

    number: str
    fee: int
    existing: Order | None
    settlement: Settlement | None = None
    action: str = "skip"
    reason: str = ""
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    def problem(self, code: str, message: str) -> None:
        self.problems.append(Problem(code, message))


@dataclass
class Plan:
    shop: Shop
    layout: str
    as_draft: bool
    orders: list[PlannedOrder] = field(default_factory=list)
    fees: list[FeeOnly] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for order in self.orders if order.action == action) + sum(
            1 for fee in self.fees if fee.action == action
        )

    @property
    def unknown_lines(self) -> list[PlannedLine]:
        """Distinct unmatched lines (by SKU or name), for the SKU map form."""
        seen, result = set(), []
        for order in self.orders:
            for line in order.lines:
                key = mapping_key(line)
                if line.variant is None and key not in seen:
                    seen.add(key)
                    result.append(line)
        return result


def mapping_key(line) -> tuple[str, str, str]:
    """(SKU, "", "") when the line has a SKU, else ("", product, variation)."""
    sku = (line.sku or "").strip().upper()
    if sku:
        return (sku, "", "")
    return ("", (line.product_name or "").strip()[:200], (line.variation or "")[:120])


def check_shop(*, member: Member, shop: Shop | None, marketplace: str) -> None:
    if shop is None or shop.member_id != member.pk:
        raise KongsiError(_("Choose one of your own shops."), field="shop")
    if shop.marketplace not in COMPATIBLE.get(marketplace, {marketplace}):
        raise KongsiError(
            _("This is a %(file)s export, but %(shop)s is a %(kind)s shop.")
            % {
                "file": Marketplace(marketplace).label,
                "shop": shop.name,
                "kind": shop.get_marketplace_display(),
            },
            field="shop",
        )


def _existing_orders(shop: Shop, numbers: set[str]) -> dict[str, Order]:
    """The Kongsi order of each number: the live one, else the newest cancelled."""
    found: dict[str, Order] = {}
    if not numbers:
        return found
    # Case-insensitive, as order_create refuses duplicates: a number typed by
    # hand in lower case is the same order.
    by_upper = {number.upper(): number for number in numbers}
    rows = (
        Order.objects.annotate(number_upper=Upper("marketplace_order_no"))
        .filter(shop=shop, number_upper__in=list(by_upper))
        .order_by("created_at", "pk")
    )
    for order in rows:
        number = by_upper[order.number_upper]
        current = found.get(number)
        if current is None or current.status == S.CANCELLED:
            found[number] = order
    return found


def _settlements(orders: list[Order]) -> dict[int, Settlement]:
    links = SettlementOrder.objects.filter(
        order__in=[order.pk for order in orders], is_active=True
    ).select_related("settlement")
    return {link.order_id: link.settlement for link in links}


def _variants(member: Member, lines: list[PlannedLine]) -> None:
    """Match every line: Kongsi SKU first, then the member's SKU map."""
    skus = {mapping_key(line)[0] for line in lines} - {""}
    names = {mapping_key(line)[1] for line in lines} - {""}
    by_sku = {
        variant.sku: variant
        for variant in Variant.objects.select_related("product").filter(sku__in=skus)
    }
    mappings = SkuMapping.objects.select_related("variant__product").filter(
        Q(marketplace_sku__in=skus) | Q(marketplace_sku="", product_name__in=names),
        member=member,
    )
    by_map = {
        (
            m.marketplace_sku,
            m.product_name if not m.marketplace_sku else "",
            m.variation if not m.marketplace_sku else "",
        ): m.variant
        for m in mappings
    }
    for line in lines:
        key = mapping_key(line)
        if key[0] and key[0] in by_sku:
            line.variant, line.matched_by = by_sku[key[0]], "sku"
        elif key in by_map:
            line.variant, line.matched_by = by_map[key], "map"


def _plan_new(order: PlannedOrder, *, as_draft: bool, stock_left: dict) -> None:
    imported = order.imported
    if imported.status == Status.UNPAID:
        order.reason = "unpaid"
        order.problem("unpaid", _("Not paid yet in the marketplace: not logged."))
        return
    if imported.status in (Status.CANCELLED, Status.FAILED_DELIVERY):
        order.reason = "cancelled"
        order.problem("cancelled", _("Cancelled in the marketplace: not logged."))
        return
    unknown = [line for line in order.lines if line.variant is None]
    for line in unknown:
        order.problem(
            "unknown_sku",
            _("“%(name)s” (SKU %(sku)s) is not in the catalog. Choose the item.")
            % {
                "name": " ".join(filter(None, [line.product_name, line.variation])),
                "sku": line.sku or "–",
            },
        )
    inactive = [
        line
        for line in order.lines
        if line.variant is not None
        and not (line.variant.is_active and line.variant.product.is_active)
    ]
    for line in inactive:
        order.problem(
            "inactive",
            _("%(name)s is no longer sold.") % {"name": line.variant.display_name},
        )
    if unknown or inactive:
        order.reason = "unknown_sku" if unknown else "inactive"
        return
    if not as_draft:
        wanted: dict[int, int] = {}
        for line in order.lines:
            wanted[line.variant.pk] = wanted.get(line.variant.pk, 0) + line.quantity
        short = [
            line.variant
            for line in order.lines
            if stock_left.setdefault(line.variant.pk, line.variant.stock)
            < wanted[line.variant.pk]
        ]
        if short:
            order.reason = "stock_short"
            for variant in {v.pk: v for v in short}.values():
                order.problem(
                    "stock_short",
                    _("Not enough stock for %(name)s: only %(left)s left.")
                    % {"name": variant.display_name, "left": stock_left[variant.pk]},
                )
            return
        if not (
            imported.recipient_name.strip()
            and imported.recipient_phone.strip()
            and imported.recipient_address.strip()
        ):
            order.reason = "recipient"
            order.problem(
                "recipient",
                _("The buyer's name, phone or address is missing in the file."),
            )
            return
        for variant_pk, quantity in wanted.items():
            stock_left[variant_pk] -= quantity
    order.action = "create"


def _plan_existing(order: PlannedOrder, *, fee: int | None) -> None:
    """What a later export changes on an order logged before."""
    existing, imported = order.existing, order.imported
    order.problem(
        "already_logged",
        _("Already logged as order #%(id)s (%(status)s).")
        % {"id": existing.pk, "status": existing.get_status_display().lower()},
    )
    if existing.status != S.CANCELLED:
        resi = "".join(imported.tracking_no.split()).upper()
        if resi and not existing.tracking_no:
            order.changes.append("tracking_no")
        if imported.courier and not existing.courier:
            order.changes.append("courier")
        if imported.ship_by and existing.ship_by != imported.ship_by:
            order.changes.append("ship_by")
    status = imported.status
    if status == Status.CANCELLED and existing.status in (S.SHIPPED, S.COMPLETED):
        # Cancelled after it left the warehouse: the parcel comes back.
        status = Status.FAILED_DELIVERY
    if status in (Status.CANCELLED, Status.FAILED_DELIVERY):
        if existing.status in (S.DRAFT, S.SUBMITTED):
            if order.settlement is not None:
                order.problem(
                    "in_settlement",
                    _(
                        "Cancelled in the marketplace, but it is in payment "
                        "#%(id)s. Cancel that payment first, then import again."
                    )
                    % {"id": order.settlement.pk},
                )
            else:
                order.changes.append("cancel")
        elif existing.status in (S.PAID, S.PACKED):
            order.problem(
                "cancelled_after_payment",
                _(
                    "Cancelled in the marketplace after you paid the leader. "
                    "Tell the leader so it is not shipped."
                ),
            )
        elif (
            existing.status in (S.SHIPPED, S.COMPLETED)
            and status == Status.FAILED_DELIVERY
            and not order.existing_return
        ):
            order.changes.append("return")
    elif status == Status.COMPLETED and existing.status == S.SHIPPED:
        order.changes.append("complete")
    if fee is not None and existing.status != S.CANCELLED:
        _plan_fee(order, existing, fee)
    if order.changes:
        order.action, order.reason = "update", ""
    else:
        order.reason = "already_logged"


def _plan_fee(target, existing: Order, fee: int) -> None:
    if existing.marketplace_fee == fee:
        return
    settlement = target.settlement
    if settlement is not None:
        target.problem(
            "settled_fee",
            _(
                "The marketplace fee is %(new)s, the order says %(old)s, but it is "
                "already in payment #%(id)s: the leader adjusts the difference."
            )
            % {
                "new": fee,
                "old": existing.marketplace_fee,
                "id": settlement.pk,
            },
        )
        target.changes.append("fee_difference")
    else:
        target.changes.append("marketplace_fee")


def plan_import(
    *,
    member: Member,
    shop: Shop,
    orders: ReadResult | None,
    income: ReadResult | None = None,
    as_draft: bool = False,
) -> Plan:
    """Return the dry run of an orders export and/or an income export."""
    for result in (orders, income):
        if result is not None:
            check_shop(member=member, shop=shop, marketplace=result.marketplace)
    layout = " + ".join(r.layout for r in (orders, income) if r is not None)
    plan = Plan(shop=shop, layout=layout, as_draft=as_draft)
    fees = {
        fee.marketplace_order_no: fee.fee for fee in (income.fees if income else [])
    }
    imported_orders = orders.orders if orders else []
    numbers = {o.marketplace_order_no for o in imported_orders} | set(fees)
    existing = _existing_orders(shop, numbers)
    settlements = _settlements(list(existing.values()))
    returned = set(
        ReturnRequest.objects.filter(
            order_line__order__in=[o.pk for o in existing.values()]
        ).values_list("order_line__order_id", flat=True)
    )
    for imported in imported_orders:
        planned = PlannedOrder(
            imported=imported,
            lines=[
                PlannedLine(
                    sku=line.sku,
                    product_name=line.product_name,
                    variation=line.variation,
                    quantity=line.quantity,
                    sale_price=line.sale_price,
                )
                for line in imported.lines
            ],
            existing=existing.get(imported.marketplace_order_no),
            fee=fees.get(imported.marketplace_order_no),
        )
        plan.orders.append(planned)
    _variants(member, [line for order in plan.orders for line in order.lines])
    stock_left: dict[int, int] = {}
    for planned in plan.orders:
        if planned.existing is not None:
            planned.settlement = settlements.get(planned.existing.pk)
            planned.existing_return = planned.existing.pk in returned
            _plan_existing(planned, fee=planned.fee)
        else:
            _plan_new(planned, as_draft=as_draft, stock_left=stock_left)
    in_orders = {o.marketplace_order_no for o in imported_orders}
    for number, fee in fees.items():
        if number in in_orders:
            continue
        order = existing.get(number)
        item = FeeOnly(number=number, fee=fee, existing=order)
        if order is None or order.status == S.CANCELLED:
            item.reason = "not_logged"
        else:
            item.settlement = settlements.get(order.pk)
            _plan_fee(item, order, fee)
            if item.changes:
                item.action = "update"
            else:
                item.reason = "already_logged"
        plan.fees.append(item)
    return plan
