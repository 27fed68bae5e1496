"""(f) Marketplace import: a Shopee export of N rows (two lines per order)
confirmed into one member's shop, timed, with the queries per batch counted.
Goal: 5 000 rows in ≤ 20 s, constant queries per batch of BATCH_SIZE orders
(orders.bulk)."""

import io
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

HEADER = [
    "No. Pesanan",
    "Status Pesanan",
    "Nomor Referensi SKU",
    "Nama Produk",
    "Harga Setelah Diskon",
    "Jumlah",
    "Opsi Pengiriman",
    "Pesanan Harus Dikirimkan Sebelum (Menghindari keterlambatan)",
    "Nama Penerima",
    "No. Telepon",
    "Alamat Pengiriman",
]


def export_bytes(rows: int, skus: list[str], prefix: str = "BENCH") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("orders")
    sheet.append(HEADER)
    for index in range(rows):
        number = f"{prefix}{index // 2:07d}"  # two rows (lines) per order
        sheet.append(
            [number, "Perlu Dikirim", skus[index % len(skus)], "Produk", 30000, 1]
            + ["Reguler-J&T Express", "2026-11-05 23:59", "Budi", "0812", "Jl."]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run(*, rows: int, member, shop, skus: list[str], as_draft: bool = True) -> dict:
    from imports.services import import_confirm

    data = export_bytes(rows, skus)
    started = time.monotonic()
    with CaptureQueriesContext(connection) as captured:
        _plan, batch = import_confirm(
            member=member,
            shop=shop,
            file=SimpleUploadedFile("Order.all.bench.xlsx", data),
            as_draft=as_draft,
        )
    seconds = time.monotonic() - started
    from orders.bulk import BATCH_SIZE

    batches = max(-(-batch.created // BATCH_SIZE), 1)
    return {
        "rows": rows,
        "orders": batch.created,
        "seconds": round(seconds, 2),
        "queries": len(captured.captured_queries),
        "queries_per_batch": round(len(captured.captured_queries) / batches, 1),
        "goal_met": seconds <= 20,
    }
