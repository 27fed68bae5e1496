"""Lazada Seller Center "Pesanan → Ekspor": camelCase columns, one row per
UNIT (an order of 3 of one SKU is 3 rows with their own ``orderItemId``), no
quantity column: quantities are counted. ``rtsSla`` is the ship-by deadline.
"""

from django.utils.translation import gettext as _

from community.models import Marketplace
from imports.readers import values
from imports.readers.base import ImportedLine, ImportedOrder, Reader, ReadResult
from imports.readers.base import Status as S
from imports.readers.columns import data_rows, find_header, group_by_order
from imports.readers.common import line_error, read_line_numbers

ALIASES = {
    "item_id": ("orderitemid", "order item id"),
    "order_no": ("ordernumber", "order number"),
    "status": ("status",),
    "sku": ("sellersku", "seller sku"),
    "lazada_sku": ("lazadasku", "lazada sku"),
    "product_name": ("itemname", "item name"),
    "variation": ("variation",),
    "paid_price": ("paidprice", "paid price"),
    "unit_price": ("unitprice", "unit price"),
    "seller_discount": ("sellerdiscounttotal", "seller discount total"),
    "ship_by": ("rtssla", "rts sla"),
    "tracking_no": ("trackingcode", "tracking code"),
    "courier": ("shippingprovider", "shipping provider"),
    "recipient_name": ("shippingname", "shipping name"),
    "recipient_phone": ("shippingphone", "shipping phone"),
    "address": ("shippingaddress", "shipping address"),
    "address3": ("shippingaddress3",),
    "address4": ("shippingaddress4",),
    "address5": ("shippingaddress5",),
    "city": ("shippingcity", "shipping city"),
    "postcode": ("shippingpostcode", "shipping post code"),
    "customer": ("customername", "customer name"),
    "failed_reason": ("buyerfaileddeliveryreason",),
    "cancel_reason": ("reason", "cancelreason"),
}
REQUIRED = ("order_no", "status", "sku", "item_id")

STATUSES = {
    "unpaid": S.UNPAID,
    "pending": S.TO_SHIP,
    "packed": S.TO_SHIP,
    "ready_to_ship": S.TO_SHIP,
    "ready to ship": S.TO_SHIP,
    "topack": S.TO_SHIP,
    "toship": S.TO_SHIP,
    "shipped": S.SHIPPED,
    "delivered": S.COMPLETED,
    "confirmed": S.COMPLETED,
    "canceled": S.CANCELLED,
    "cancelled": S.CANCELLED,
    "failed": S.FAILED_DELIVERY,
    "failed delivery": S.FAILED_DELIVERY,
    "shipped_back": S.FAILED_DELIVERY,
    "returned": S.COMPLETED,
}


class LazadaOrdersReader(Reader):
    marketplace = Marketplace.LAZADA
    layout = "Lazada (pesanan)"

    def detect(self, table) -> int:
        return 12 if find_header(table, ALIASES, REQUIRED) else 0

    def read(self, table) -> ReadResult:
        header_index, columns = find_header(table, ALIASES, REQUIRED)
        rows = list(data_rows(table, header_index, columns))
        # Each unit has its own orderItemId: a repeated id is a repeated row.
        grouped = group_by_order(rows, number_of=lambda row: row.text("order_no"))
        result = ReadResult(self.marketplace, "orders", self.layout, rows=len(rows))
        for number, order_rows in grouped.items():
            first = order_rows[0]
            raw_status = first.text("status")
            status = STATUSES.get(raw_status.lower())
            if status is None:
                raise line_error(
                    first, _("unknown order status “%(s)s”.") % {"s": raw_status}
                )
            name = first.text("courier")
            order = ImportedOrder(
                marketplace_order_no=number,
                status=status,
                raw_status=raw_status,
                tracking_no=first.text("tracking_no").replace(" ", ""),
                courier=values.courier(name),
                courier_name=name,
                recipient_name=first.text("recipient_name") or first.text("customer"),
                recipient_phone=values.phone(first.raw("recipient_phone")),
                recipient_address=", ".join(
                    part
                    for part in (
                        first.text("address"),
                        first.text("address5"),
                        first.text("address4"),
                        first.text("address3"),
                        first.text("city"),
                        first.text("postcode"),
                    )
                    if part
                ),
                cancel_reason=first.text("failed_reason")
                or first.text("cancel_reason"),
            )
            with read_line_numbers(first):
                order.ship_by = values.when(first.raw("ship_by"))
            units: dict[tuple, ImportedLine] = {}
            seen_items = set()
            for row in order_rows:
                item_id = row.text("item_id")
                if item_id in seen_items:
                    continue
                seen_items.add(item_id)
                with read_line_numbers(row):
                    price = row.raw("paid_price")
                    if price in (None, ""):
                        price = row.raw("unit_price")
                    price = values.money(price)
                key = (row.text("sku"), row.text("variation"), price)
                if key in units:
                    units[key].quantity += 1
                else:
                    units[key] = ImportedLine(
                        sku=row.text("sku"),
                        product_name=row.text("product_name"),
                        variation=row.text("variation"),
                        quantity=1,
                        sale_price=price,
                    )
            order.lines = list(units.values())
            result.orders.append(order)
        return result
