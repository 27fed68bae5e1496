"""Income (fee) files: what the marketplace kept of each order.

* Shopee "Keuangan → Penghasilan Saya → Ekspor" (``Income.sudah dilepas…``),
  sheet ``Income``: a title block (older workbooks: more lines of it) above
  the header; fees are negative numbers in ``Biaya …`` columns.
* TikTok Shop "Keuangan → Laporan → Ekspor", sheet ``Order details``: one row
  per order (or per settlement line of it) with its fees.

The fee of an order is the sum of the fee columns the file has, as a positive
number; the same order on several rows is added up (each row is one payout
line), except exact duplicate rows.
"""

from community.models import Marketplace
from imports.readers import values
from imports.readers.base import ImportedFee, Reader, ReadResult
from imports.readers.columns import data_rows, find_header, looks_like_order_no
from imports.readers.common import read_line_numbers

SHOPEE_FEES = {
    "ams": ("biaya komisi ams", "ams commission fee"),
    "admin": ("biaya administrasi", "commission fee"),
    "service": ("biaya layanan", "service fee"),
    "processing": ("biaya proses pesanan", "order processing fee"),
    "premium": ("premi", "premium"),
    "shipping_saver": ("biaya program hemat biaya kirim",),
    "transaction": ("biaya transaksi", "transaction fee"),
    "campaign": ("biaya kampanye", "campaign fee"),
}
SHOPEE = {
    "order_no": ("no. pesanan", "order id"),
    "income": ("total penghasilan", "total released amount (rp)", "total income"),
    **SHOPEE_FEES,
}

TIKTOK_FEES = {
    "platform_commission": ("platform commission fee", "biaya komisi platform"),
    "commission": ("commission fee", "biaya komisi"),
    "payment": ("transaction fee", "biaya transaksi"),
    "service": ("sfp service fee", "biaya layanan sfp"),
    "affiliate": ("affiliate commission", "komisi afiliasi"),
    "dynamic_commission": ("dynamic commission", "komisi dinamis"),
    "xtra": ("voucher xtra service fee", "biaya layanan voucher xtra"),
    "live": ("live specials service fee", "biaya layanan live specials"),
}
TIKTOK = {
    "order_no": ("order/adjustment id", "order id", "id pesanan/penyesuaian"),
    "type": ("type", "tipe"),
    "income": ("total settlement amount", "jumlah penyelesaian total"),
    "total_fees": ("total fees", "total biaya"),
    **TIKTOK_FEES,
}


def _fees(table, aliases, fee_fields, *, total_field=None):
    header_index, columns = find_header(table, aliases, ("order_no",))
    fees: dict[str, ImportedFee] = {}
    seen: set[tuple] = set()
    rows = 0
    for row in data_rows(table, header_index, columns):
        number = row.text("order_no")
        if not looks_like_order_no(number):
            continue
        signature = tuple(values.text(cell) for cell in row.cells)
        if signature in seen:
            continue
        seen.add(signature)
        rows += 1
        with read_line_numbers(row):
            if total_field and total_field in columns:
                fee = abs(values.money(row.raw(total_field)))
            else:
                fee = -sum(
                    values.money(row.raw(field))
                    for field in fee_fields
                    if field in columns
                )
            income = values.money(row.raw("income")) if "income" in columns else None
        entry = fees.get(number)
        if entry is None:
            fees[number] = ImportedFee(number, fee, income)
        else:
            entry.fee += fee
            if income is not None:
                entry.income = (entry.income or 0) + income
    for entry in fees.values():
        entry.fee = max(entry.fee, 0)
    return list(fees.values()), rows


class ShopeeIncomeReader(Reader):
    marketplace = Marketplace.SHOPEE
    kind = "income"
    layout = "Shopee (penghasilan)"

    def detect(self, table) -> int:
        found = find_header(table, SHOPEE, ("order_no", "income"))
        if found is None:
            return 0
        return 10 + sum(1 for field in SHOPEE_FEES if field in found[1])

    def read(self, table) -> ReadResult:
        fees, rows = _fees(table, SHOPEE, SHOPEE_FEES)
        return ReadResult(self.marketplace, "income", self.layout, fees=fees, rows=rows)


class TikTokIncomeReader(Reader):
    marketplace = Marketplace.TIKTOK
    kind = "income"
    layout = "TikTok Shop (penghasilan)"

    def detect(self, table) -> int:
        found = find_header(table, TIKTOK, ("order_no", "income"))
        if found is None or not (
            "total_fees" in found[1] or any(f in found[1] for f in TIKTOK_FEES)
        ):
            return 0
        return 12 if table.name.lower() == "order details" else 10

    def read(self, table) -> ReadResult:
        fees, rows = _fees(table, TIKTOK, TIKTOK_FEES, total_field="total_fees")
        return ReadResult(self.marketplace, "income", self.layout, fees=fees, rows=rows)
