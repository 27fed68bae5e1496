"""The legacy Tokopedia Seller "Daftar Transaksi" export (before the merge
with TikTok Shop): a title block, the header on row 5, one row per product."""

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
    "order_no": ("nomor invoice", "invoice"),
    "status": ("status terakhir", "status"),
    "sku": ("nomor sku", "sku"),
    "product_name": ("nama produk",),
    "variation": ("variasi", "tipe produk"),
    "quantity": ("jumlah produk dibeli", "jumlah"),
    "unit_price": ("harga jual (idr)", "harga jual"),
    "original_price": ("harga awal (idr)", "harga awal"),
    "recipient_name": ("nama penerima",),
    "recipient_phone": ("no telp penerima", "nomor telepon penerima"),
    "address": ("alamat pengiriman",),
    "city": ("kota",),
    "province": ("provinsi",),
    "courier": ("nama kurir", "kurir"),
    "tracking_no": ("no resi/kode booking", "no resi", "nomor resi"),
    "ship_by": ("^batas waktu pengiriman", "^batas kirim"),
    "cancel_reason": ("alasan pembatalan",),
    "username": ("nama pembeli",),
}
REQUIRED = ("order_no", "status", "product_name", "quantity")

STATUSES = {
    "menunggu pembayaran": S.UNPAID,
    "belum dibayar": S.UNPAID,
    "pesanan baru": S.TO_SHIP,
    "perlu diproses": S.TO_SHIP,
    "pesanan diproses": S.TO_SHIP,
    "siap dikirim": S.TO_SHIP,
    "menunggu pickup": S.TO_SHIP,
    "sedang dikirim": S.SHIPPED,
    "dalam pengiriman": S.SHIPPED,
    "pesanan tiba": S.COMPLETED,
    "sampai tujuan": S.COMPLETED,
    "pesanan selesai": S.COMPLETED,
    "selesai": S.COMPLETED,
    "dibatalkan pembeli": S.CANCELLED,
    "dibatalkan penjual": S.CANCELLED,
    "dibatalkan sistem": S.CANCELLED,
    "pesanan dibatalkan": S.CANCELLED,
    "dibatalkan": S.CANCELLED,
    "pengiriman gagal": S.FAILED_DELIVERY,
    "gagal dikirim": S.FAILED_DELIVERY,
}


class TokopediaLegacyReader(Reader):
    marketplace = Marketplace.TOKOPEDIA
    layout = "Tokopedia (Daftar Transaksi)"

    def detect(self, table) -> int:
        found = find_header(table, ALIASES, REQUIRED)
        if found is None or "recipient_name" not in found[1]:
            return 0
        return 11 if "tracking_no" in found[1] else 10

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
            status = STATUSES.get(raw_status.lower())
            if status is None:
                raise line_error(
                    first, _("unknown order status “%(s)s”.") % {"s": raw_status}
                )
            name = first.text("courier")
            address = ", ".join(
                part
                for part in (
                    first.text("address"),
                    first.text("city"),
                    first.text("province"),
                )
                if part
                and part.lower() not in first.text("address").lower()
                or part == first.text("address")
            )
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
                cancel_reason=first.text("cancel_reason"),
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
                            sku=row.text("sku"),
                            product_name=row.text("product_name"),
                            variation=row.text("variation"),
                            quantity=values.count(row.raw("quantity")),
                            sale_price=values.money(price),
                        )
                    )
            result.orders.append(order)
        return result
