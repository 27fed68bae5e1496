"""TikTok Shop / Tokopedia seller centre "Pesanan → Ekspor" (``OrderSKUList``).

Row 1 is the header, row 2 a description of each column (skipped: its "Order
ID" cell is a sentence). Money is ``IDR 99.000``, times ``DD/MM/YYYY HH:MM:SS``,
phones ``(+62)8…``, the address is split over five columns. The same layout
comes as CSV with a byte-order mark. Orders bought through Tokopedia carry a
``Tokopedia Invoice Number``; the order number stays the seller centre's Order
ID, which every export of the shop repeats.
"""

from django.utils.translation import gettext as _

from community.models import Marketplace
from imports.readers import values
from imports.readers.base import ImportedLine, ImportedOrder, Reader, ReadResult
from imports.readers.base import Status as S
from imports.readers.columns import (
    data_rows,
    find_header,
    group_by_order,
    looks_like_order_no,
)
from imports.readers.common import line_error, read_line_numbers

ALIASES = {
    "order_no": ("order id", "id pesanan"),
    "status": ("order status", "status pesanan"),
    "substatus": ("order substatus", "substatus pesanan"),
    "cancel_type": ("cancelation/return type", "cancellation/return type"),
    "cancel_reason": ("cancel reason", "alasan pembatalan"),
    "sku": ("seller sku", "sku penjual"),
    "product_name": ("product name", "nama produk"),
    "variation": ("variation", "variasi"),
    "quantity": ("quantity", "jumlah"),
    "unit_price": ("sku unit original price", "harga satuan asli sku"),
    "subtotal_after": ("sku subtotal after discount", "subtotal sku setelah diskon"),
    "tracking_no": ("tracking id", "id pelacakan", "nomor resi"),
    "courier": ("shipping provider name", "nama penyedia jasa pengiriman"),
    "ship_by": ("^ship by", "^shipping due", "^batas waktu pengiriman"),
    "recipient_name": ("recipient", "penerima"),
    "recipient_phone": ("phone #", "nomor telepon"),
    "zipcode": ("zipcode", "kode pos"),
    "province": ("province", "provinsi"),
    "city": ("regency and city", "kabupaten/kota"),
    "district": ("districts", "kecamatan"),
    "village": ("villages", "kelurahan/desa"),
    "detail_address": ("detail address", "detail alamat"),
    "username": ("buyer username", "nama pengguna pembeli"),
    "invoice": ("tokopedia invoice number", "nomor invoice tokopedia"),
    "channel": ("purchase channel", "saluran pembelian"),
}
REQUIRED = ("order_no", "status", "sku", "quantity")
MARKERS = ("subtotal_after", "tracking_no", "courier", "detail_address")

STATUSES = {
    "unpaid": S.UNPAID,
    "awaiting payment": S.UNPAID,
    "belum dibayar": S.UNPAID,
    "menunggu pembayaran": S.UNPAID,
    "on hold": S.UNPAID,
    "to ship": S.TO_SHIP,
    "awaiting shipment": S.TO_SHIP,
    "awaiting collection": S.TO_SHIP,
    "akan dikirim": S.TO_SHIP,
    "perlu dikirim": S.TO_SHIP,
    "shipped": S.SHIPPED,
    "in transit": S.SHIPPED,
    "dikirim": S.SHIPPED,
    "sedang dikirim": S.SHIPPED,
    "delivered": S.COMPLETED,
    "completed": S.COMPLETED,
    "selesai": S.COMPLETED,
    "terkirim": S.COMPLETED,
    "canceled": S.CANCELLED,
    "cancelled": S.CANCELLED,
    "dibatalkan": S.CANCELLED,
}
FAILED_WORDS = ("delivery failed", "failed delivery", "gagal", "package returned")


def status_of(raw: str, *details: str) -> str | None:
    status = STATUSES.get(raw.strip().lower())
    joined = " ".join(details).lower()
    if status in (S.CANCELLED, S.SHIPPED) and any(w in joined for w in FAILED_WORDS):
        return S.FAILED_DELIVERY
    return status


def join_address(*parts: str) -> str:
    """The detail first, then village, district, city, province, postcode."""
    return ", ".join(part for part in parts if part)


class TikTokOrdersReader(Reader):
    marketplace = Marketplace.TIKTOK
    layout = "TikTok Shop/Tokopedia (pesanan)"

    def detect(self, table) -> int:
        found = find_header(table, ALIASES, REQUIRED)
        if found is None:
            return 0
        markers = sum(1 for field in MARKERS if field in found[1])
        return 10 + markers if markers else 0

    def read(self, table) -> ReadResult:
        header_index, columns = find_header(table, ALIASES, REQUIRED)
        rows = [
            row
            for row in data_rows(table, header_index, columns)
            if looks_like_order_no(row.text("order_no"))
        ]
        grouped = group_by_order(rows, number_of=lambda row: row.text("order_no"))
        result = ReadResult(self.marketplace, "orders", self.layout, rows=len(rows))
        for number, order_rows in grouped.items():
            first = order_rows[0]
            raw_status = first.text("status")
            status = status_of(
                raw_status,
                first.text("substatus"),
                first.text("cancel_reason"),
                first.text("cancel_type"),
            )
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
                recipient_name=first.text("recipient_name"),
                recipient_phone=values.phone(first.raw("recipient_phone")),
                recipient_address=join_address(
                    first.text("detail_address"),
                    first.text("village"),
                    first.text("district"),
                    first.text("city"),
                    first.text("province"),
                    first.text("zipcode"),
                ),
                buyer_username=first.text("username"),
                cancel_reason=first.text("cancel_reason"),
            )
            if first.text("invoice"):
                order.extra["tokopedia_invoice"] = first.text("invoice")
            with read_line_numbers(first):
                order.ship_by = values.when(first.raw("ship_by"))
            for row in order_rows:
                with read_line_numbers(row):
                    quantity = values.count(row.raw("quantity"))
                    subtotal = row.raw("subtotal_after")
                    if subtotal not in (None, "") and quantity:
                        # The SKU subtotal is after discounts: per unit, the
                        # rupiah the buyer really paid.
                        price = round(values.money(subtotal) / quantity)
                    else:
                        price = values.money(row.raw("unit_price"))
                    order.lines.append(
                        ImportedLine(
                            sku=row.text("sku"),
                            product_name=row.text("product_name"),
                            variation=row.text("variation"),
                            quantity=quantity,
                            sale_price=price,
                        )
                    )
            result.orders.append(order)
        return result
