"""Shopee Seller Centre "Pesanan Saya → Ekspor" (``Order.all.*.xlsx``).

One row per SKU; order-level columns (money, buyer, resi) repeat on every row
of the order, so they are read from the first row and never added up. Headers
differ between versions (``Subtotal Pesanan`` / older ``Total Harga Produk``)
and locales (``No. Pesanan`` / ``Order ID``).
"""

from django.utils.translation import gettext as _

from community.models import Marketplace
from imports.readers import values
from imports.readers.base import ImportedLine, ImportedOrder, Reader, ReadResult
from imports.readers.base import Status as S
from imports.readers.columns import data_rows, find_header, group_by_order
from imports.readers.common import line_error, read_line_numbers

ALIASES = {
    "order_no": ("no. pesanan", "order id", "order sn"),
    "status": ("status pesanan", "order status"),
    "return_status": (
        "status pembatalan/pengembalian",
        "cancellation/return status",
        "return/refund/cancel status",
    ),
    "cancel_reason": ("alasan pembatalan", "cancel reason", "cancellation reason"),
    "tracking_no": ("no. resi", "tracking number", "no resi"),
    "shipping_option": ("opsi pengiriman", "shipping option"),
    "ship_by": (
        "^pesanan harus dikirimkan sebelum",
        "^ship by date",
        "^estimated ship out date",
        "^order should be shipped before",
    ),
    "sku": ("nomor referensi sku", "sku reference no.", "sku reference no"),
    "parent_sku": ("sku induk", "parent sku reference no.", "parent sku"),
    "product_name": ("nama produk", "product name"),
    "variation": ("nama variasi", "variation name"),
    "unit_price": ("harga setelah diskon", "deal price"),
    "original_price": ("harga awal", "original price"),
    "quantity": ("jumlah", "quantity"),
    "subtotal": ("subtotal pesanan", "total harga produk", "product subtotal"),
    "username": ("username (pembeli)", "username (buyer)"),
    "recipient_name": ("nama penerima", "receiver name"),
    "recipient_phone": ("no. telepon", "phone number"),
    "address": ("alamat pengiriman", "delivery address"),
    "city": ("kota/kabupaten", "city"),
    "province": ("provinsi", "province"),
}
REQUIRED = ("order_no", "status", "quantity", "product_name")
MARKERS = ("sku", "shipping_option", "unit_price")

STATUSES = {
    "belum bayar": S.UNPAID,
    "unpaid": S.UNPAID,
    "perlu dikirim": S.TO_SHIP,
    "siap dikirim": S.TO_SHIP,
    "to ship": S.TO_SHIP,
    "sedang dikirim": S.SHIPPED,
    "dikirim": S.SHIPPED,
    "shipping": S.SHIPPED,
    "shipped": S.SHIPPED,
    "telah dikirim": S.SHIPPED,
    "selesai": S.COMPLETED,
    "pesanan diterima": S.COMPLETED,
    "completed": S.COMPLETED,
    "batal": S.CANCELLED,
    "dibatalkan": S.CANCELLED,
    "cancelled": S.CANCELLED,
    "pengiriman gagal": S.FAILED_DELIVERY,
    "gagal kirim": S.FAILED_DELIVERY,
    "failed delivery": S.FAILED_DELIVERY,
}
FAILED_WORDS = ("gagal", "failed delivery", "delivery failed")


def status_of(raw: str, *details: str) -> str | None:
    """The normalised status; a cancellation that says "gagal" failed delivery."""
    status = STATUSES.get(raw.strip().lower())
    if status == S.CANCELLED and any(
        word in detail.lower() for detail in details for word in FAILED_WORDS
    ):
        return S.FAILED_DELIVERY
    return status


def courier_name(shipping_option: str) -> str:
    """``Reguler (Cashless)-J&T Express`` → ``J&T Express``."""
    return shipping_option.rsplit("-", 1)[-1].strip() if shipping_option else ""


class ShopeeOrdersReader(Reader):
    marketplace = Marketplace.SHOPEE
    layout = "Shopee (pesanan)"

    def detect(self, table) -> int:
        found = find_header(table, ALIASES, REQUIRED)
        if found is None:
            return 0
        _index, columns = found
        markers = sum(1 for field in MARKERS if field in columns)
        return 10 + markers if markers else 0

    def read(self, table) -> ReadResult:
        header_index, columns = find_header(table, ALIASES, REQUIRED)
        rows = list(data_rows(table, header_index, columns))
        grouped = group_by_order(rows, number_of=lambda row: row.text("order_no"))
        result = ReadResult(self.marketplace, "orders", self.layout, rows=len(rows))
        for number, order_rows in grouped.items():
            first = order_rows[0]
            raw_status = first.text("status")
            status = status_of(
                raw_status, first.text("cancel_reason"), first.text("return_status")
            )
            if status is None:
                raise line_error(
                    first, _("unknown order status “%(s)s”.") % {"s": raw_status}
                )
            name = courier_name(first.text("shipping_option"))
            address = first.text("address")
            order = ImportedOrder(
                marketplace_order_no=number,
                status=status,
                raw_status=raw_status,
                tracking_no=first.text("tracking_no").replace(" ", ""),
                courier=values.courier(name),
                courier_name=name,
                recipient_name=first.text("recipient_name"),
                recipient_phone=values.phone(first.raw("recipient_phone")),
                recipient_address=address,
                buyer_username=first.text("username"),
                cancel_reason=first.text("cancel_reason")
                or first.text("return_status"),
            )
            with read_line_numbers(first):
                order.ship_by = values.when(first.raw("ship_by"))
            for row in order_rows:
                with read_line_numbers(row):
                    price = row.raw("unit_price")
                    if price in (None, ""):
                        price = row.raw("original_price")
                    order.lines.append(
                        ImportedLine(
                            sku=row.text("sku") or row.text("parent_sku"),
                            product_name=row.text("product_name"),
                            variation=row.text("variation"),
                            quantity=values.count(row.raw("quantity")),
                            sale_price=values.money(price),
                        )
                    )
            result.orders.append(order)
        return result
