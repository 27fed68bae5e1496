"""Every reader and the edge cases: aliases, duplicates, text money, old
headers, English headers, description rows, BOM CSVs, unit rows, title blocks,
and files refused before reading."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.errors import KongsiError, UploadTooLargeError
from imports.readers import Status, read_export
from imports.readers.values import courier, money, phone, when
from tests.imports.conftest import SHOPEE_INCOME, SHOPEE_ORDERS, TIKTOK_ORDERS, sample
from tests.imports.files import csv_file, xlsx

SHOPEE_OLD = [
    "Status Pesanan",
    "Unknown Column",
    "No. Pesanan",
    "Alasan Pembatalan",
    "Nomor Referensi SKU",
    "Nama Produk",
    "Nama Variasi",
    "Harga Setelah Diskon",
    "Jumlah",
    "Total Harga Produk",
    "Opsi Pengiriman",
    "Pesanan Harus Dikirimkan Sebelum",
    "No. Resi",
    "Nama Penerima",
    "No. Telepon",
    "Alamat Pengiriman",
]


def test_money_and_values():
    assert money("IDR 99.000") == 99000
    assert money("Rp1.250.000") == 1250000
    assert money("-5.600") == -5600
    assert money(35000.0) == 35000
    assert money("99,000") == 99000
    assert money("") == 0
    assert phone("(+62)81233344407") == "081233344407"
    assert phone("6281234567801") == "081234567801"
    assert phone("******7801") == "******7801"
    assert courier("Reguler (Cashless)-J&T Express") == "jnt"
    assert courier("J&T Cargo") == "jnt_cargo"
    assert courier("Kurir Toko") == "other"
    assert when("09/11/2026 08:12:45").isoformat() == "2026-11-09T08:12:45+07:00"
    with pytest.raises(ValueError):
        money("lima ribu")


def test_shopee_old_headers_text_money_and_duplicate_rows():
    row = [
        "Batal",
        "x",
        "2611A",
        "Gagal kirim: alamat tidak ditemukan",
        "KG-1",
        "Jamu",
        "500 ml",
        "35.000",
        "2",
        "70.000",
        "Reguler-JNE REG",
        "2026-11-05 23:59",
        "JNE123",
        "Siti",
        "6281234567801",
        "Jl. Raya",
    ]
    second = ["Perlu Dikirim", "", "2611B", "", "KG-1", "Jamu", "", "35.000", "1"]
    second += ["35.000", "Hemat-SPX Hemat", "", "", "Budi", "0812", "Jl."]
    result = read_export(xlsx([SHOPEE_OLD, row, row, second, second]))
    assert result.layout == "Shopee (pesanan)"
    first, other = result.orders
    assert first.status == Status.FAILED_DELIVERY
    assert [(line.sku, line.quantity, line.sale_price) for line in first.lines] == [
        ("KG-1", 2, 35000)
    ]
    assert (first.courier, first.tracking_no) == ("jne", "JNE123")
    assert other.status == Status.TO_SHIP and len(other.lines) == 1
    assert other.courier == "spx"


def test_shopee_english_headers():
    header = [
        "Order ID",
        "Order Status",
        "Tracking Number*",
        "Shipping Option",
        "SKU Reference No.",
        "Product Name",
        "Variation Name",
        "Deal Price",
        "Quantity",
        "Receiver Name",
        "Phone Number",
        "Delivery Address",
    ]
    row = ["2611C", "To ship", "", "Standard-J&T Express", "KG-2", "Peci", "All"]
    row += [20000, 3, "Rina", "085712345602", "Surabaya"]
    result = read_export(xlsx([header, row]))
    order = result.orders[0]
    assert result.marketplace == "shopee"
    assert (order.status, order.recipient_name, order.lines[0].quantity) == (
        Status.TO_SHIP,
        "Rina",
        3,
    )


def test_shopee_sample_never_sums_order_money():
    result = read_export(sample(SHOPEE_ORDERS))
    hijab = next(o for o in result.orders if o.marketplace_order_no == "261102EFGH5678")
    assert hijab.item_count == 4
    assert sum(line.sale_price * line.quantity for line in hijab.lines) == 125000


def test_tiktok_csv_with_bom_and_description_row():
    header = ["Order ID", "Order Status", "Order Substatus", "Seller SKU"]
    header += ["Product Name", "Variation", "Quantity", "SKU Subtotal After Discount"]
    header += ["Tracking ID", "Shipping Provider Name", "Recipient", "Phone #"]
    header += ["Detail Address", "Villages", "Districts", "Regency and City"]
    description = ["Platform unique order ID.", "Order status"] + [""] * 14
    row = ["5791", "Canceled", "Delivery failed", "KG-3", "Koko", "L", "2"]
    row += ["IDR 198.000", "JX1", "J&T Express", "Hasan", "(+62)81233344407"]
    row += ["Dusun Jurgang", "Juruan", "Batuputih", "Kab. Sumenep"]
    result = read_export(csv_file([header, description, row]))
    order = result.orders[0]
    assert result.layout.startswith("TikTok")
    assert order.status == Status.FAILED_DELIVERY
    assert order.lines[0].sale_price == 99000
    assert order.recipient_address == "Dusun Jurgang, Juruan, Batuputih, Kab. Sumenep"


def test_tiktok_sample_reads_three_orders():
    result = read_export(sample(TIKTOK_ORDERS))
    assert [o.status for o in result.orders] == [
        Status.TO_SHIP,
        Status.SHIPPED,
        Status.CANCELLED,
    ]


def test_tokopedia_daftar_transaksi_header_on_row_5():
    rows = [
        ["Daftar Transaksi"],
        ["Toko Aminah"],
        ["Periode: 01-11-2026 - 30-11-2026"],
        [""],
        [
            "No",
            "Nomor Invoice",
            "Status Terakhir",
            "Nama Produk",
            "Nomor SKU",
            "Jumlah Produk Dibeli",
            "Harga Jual (IDR)",
            "Nama Penerima",
            "No Telp Penerima",
            "Alamat Pengiriman",
            "Nama Kurir",
            "No Resi / Kode Booking",
        ],
        [1, "INV/20261101/MPL/1", "Pesanan Selesai", "Jamu", "KG-1", 2, "35.000"]
        + ["Siti", "081234567801", "Jl. Raya", "SiCepat REG", "SC1"],
    ]
    result = read_export(xlsx(rows, sheet="Daftar Transaksi"))
    order = result.orders[0]
    assert result.marketplace == "tokopedia"
    assert (order.marketplace_order_no, order.status) == (
        "INV/20261101/MPL/1",
        Status.COMPLETED,
    )
    assert (order.courier, order.tracking_no, order.lines[0].quantity) == (
        "sicepat",
        "SC1",
        2,
    )


def test_lazada_counts_unit_rows_and_reads_rts_sla():
    header = ["orderItemId", "orderNumber", "status", "sellerSku", "itemName"]
    header += ["variation", "paidPrice", "rtsSla", "trackingCode", "shippingProvider"]
    header += ["shippingName", "shippingPhone", "shippingAddress", "shippingCity"]
    base = ["LZ1", "ready_to_ship", "KG-4", "Tongsis", "Hitam", 60000]
    base += ["07 Nov 2026 23:59", "LXID1", "LEX ID", "Agus", "6281911122209"]
    base += ["Jl. Cipto", "Sumenep"]
    rows = [header]
    for item in ("1", "2", "3"):
        rows.append([item, *base])
    rows.append(["3", *base])  # the same unit written twice
    result = read_export(xlsx(rows, sheet="sheet1"))
    order = result.orders[0]
    assert result.marketplace == "lazada"
    assert [(line.sku, line.quantity) for line in order.lines] == [("KG-4", 3)]
    assert order.ship_by.isoformat() == "2026-11-07T23:59:00+07:00"
    assert order.recipient_phone == "081911122209"


def test_shopee_income_sample_and_old_title_block():
    result = read_export(sample(SHOPEE_INCOME))
    assert {f.marketplace_order_no: f.fee for f in result.fees} == {
        "261101ABCD1234": 9650,
        "261102EFGH5678": 16250,
        "261103IJKL9012": 7550,
    }
    old = [["Laporan Penghasilan"]] * 8 + [
        ["No. Pesanan", "Biaya Administrasi", "Biaya Layanan", "Total Penghasilan"],
        ["2611X", "-5.000", "-2.500", "92.500"],
    ]
    assert read_export(xlsx(old, sheet="Income")).fees[0].fee == 7500


def test_tiktok_income_order_details():
    header = ["Order/adjustment ID", "Type", "Total settlement amount", "Total fees"]
    rows = [header, ["5791", "Order", "IDR 90.000", "IDR -9.000"]]
    result = read_export(xlsx(rows, sheet="Order details"), kind="income")
    assert (result.layout, result.fees[0].fee) == ("TikTok Shop (penghasilan)", 9000)


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return SimpleUploadedFile("x.xlsx", buffer.getvalue())


def test_refused_files():
    with pytest.raises(KongsiError) as error:
        read_export(_zip([("xl/workbook.xml", "<x/>"), ("xl/vbaProject.bin", "m")]))
    assert error.value.code == "macro"
    bomb = _zip([("xl/workbook.xml", "<x/>"), ("xl/sheet.xml", "0" * 30_000_000)])
    with pytest.raises(KongsiError) as error:
        read_export(bomb)
    assert error.value.code == "zip_bomb"
    with pytest.raises(KongsiError):
        read_export(SimpleUploadedFile("a.xlsx", b"PK\x03\x04broken"))
    with pytest.raises(KongsiError):
        read_export(SimpleUploadedFile("a.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100))
    with pytest.raises(KongsiError) as error:
        read_export(csv_file([["a", "b"], ["1", "2"]]))
    assert error.value.code == "unknown_layout"


def test_size_and_row_limits(settings):
    settings.KONGSI_MAX_IMPORT_BYTES = 1000
    with pytest.raises(UploadTooLargeError):
        read_export(SimpleUploadedFile("a.csv", b"x" * 2000))
    settings.KONGSI_MAX_IMPORT_BYTES = 10_000_000
    settings.KONGSI_IMPORT_MAX_ROWS = 5
    rows = [
        ["No. Pesanan", "Status Pesanan", "Jumlah", "Nama Produk", "Opsi Pengiriman"]
    ]
    rows += [[f"N{i}", "Perlu Dikirim", 1, "Jamu", "JNE"] for i in range(30)]
    with pytest.raises(KongsiError) as error:
        read_export(xlsx(rows))
    assert error.value.code == "too_many_rows"
    assert "5" in str(error.value.message)
