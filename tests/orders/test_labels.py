"""The A6 label PDF: marketplace PDFs placed, A4 sheets cut, photos scaled,
Kongsi's own label drawn; checked by reading the PDF back with pypdf."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from orders import packing, services
from orders.labels import PAGE_HEIGHT, PAGE_WIDTH, labels_pdf
from orders.models import Order, OrderEvent
from tests.factories import ShopFactory
from tests.helpers import mark_paid
from tests.orders.factories import make_order
from tests.orders.label_fixtures import (
    a4_labels,
    a6_label,
    landscape_label,
    visible_text,
)

pytestmark = pytest.mark.django_db


def with_label(order: Order, data: bytes, name: str) -> Order:
    return services.order_attach_label(
        order=order,
        label=SimpleUploadedFile(name, data),
        actor=order.member.user,
    )


def read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def assert_a6(reader: PdfReader) -> None:
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(PAGE_WIDTH, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(PAGE_HEIGHT, abs=0.5)
        assert float(page.mediabox.width) == pytest.approx(283.46, abs=0.6)  # 100 mm


def test_kongsi_label_has_sender_recipient_resi_and_barcode(member):
    shop = ShopFactory(member=member, name="Toko Rahmat Jaya")
    order = make_order(member=member, shop=shop)
    Order.objects.filter(pk=order.pk).update(tracking_no="JP1234567890")
    order = Order.objects.get(pk=order.pk)
    batch = labels_pdf([order])
    reader = read(batch.pdf)
    assert len(reader.pages) == 1
    assert_a6(reader)
    text = reader.pages[0].extract_text()
    assert "Toko Rahmat Jaya" in text
    assert "JP1234567890" in text
    assert "Budi Santoso" in text
    assert order.marketplace_order_no in text
    assert batch.sources == {order.pk: "kongsi"}
    # The barcode is bars: many filled rectangles in the page's drawing.
    assert reader.pages[0].get_contents().get_data().count(b" re") > 30


def test_without_resi_the_order_number_is_on_the_label(member):
    order = make_order(member=member, number="2601ZZ99")
    text = read(labels_pdf([order]).pdf).pages[0].extract_text()
    assert "2601ZZ99" in text


def test_a4_sheet_with_one_label_becomes_one_a6_page(member):
    order = make_order(member=member)
    order = with_label(order, a4_labels([("Toko Satu", "SPXID000111")]), "l.pdf")
    batch = labels_pdf([order])
    reader = read(batch.pdf)
    assert len(reader.pages) == 1
    assert_a6(reader)
    text = visible_text(reader.pages[0])
    assert "Toko Satu" in text and "SPXID000111" in text
    assert batch.sources[order.pk] == "pdf"


def test_a4_sheet_with_two_labels_becomes_two_pages_each_its_own(member):
    order = make_order(member=member)
    sheet = a4_labels([("Toko Satu", "SPXID000111"), ("Toko Dua", "SPXID000222")])
    order = with_label(order, sheet, "l.pdf")
    reader = read(labels_pdf([order]).pdf)
    assert len(reader.pages) == 2
    assert_a6(reader)
    first, second = (visible_text(page) for page in reader.pages)
    assert "SPXID000111" in first and "SPXID000222" not in first
    assert "SPXID000222" in second and "SPXID000111" not in second
    # Each page's drawing is clipped to its own quarter of the sheet.
    assert b"re\nW\nn" in reader.pages[1].get_contents().get_data()


def test_a6_label_pdf_is_scaled_to_the_page(member):
    order = with_label(make_order(member=member), a6_label("Toko A6", "R1"), "l.pdf")
    reader = read(labels_pdf([order]).pdf)
    assert len(reader.pages) == 1
    assert "Toko A6" in visible_text(reader.pages[0])


def test_photo_label_is_scaled_onto_a_page(member):
    data = io.BytesIO()
    Image.new("RGB", (1200, 800), "white").save(data, "PNG")
    order = with_label(make_order(member=member), data.getvalue(), "l.png")
    batch = labels_pdf([order])
    reader = read(batch.pdf)
    assert len(reader.pages) == 1
    assert_a6(reader)
    assert batch.sources[order.pk] == "image"
    assert "/XObject" in reader.pages[0]["/Resources"]


def test_an_unreadable_label_falls_back_to_kongsis_own(member):
    broken = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"
    order = with_label(make_order(member=member), broken, "l.pdf")
    batch = labels_pdf([order])
    assert batch.sources[order.pk] == "kongsi"
    assert batch.notes and order.marketplace_order_no in batch.notes[0]
    assert len(read(batch.pdf).pages) == 1


def test_mixed_batch_keeps_the_ticked_order(member):
    plain = make_order(member=member, number="N-PLAIN")
    sheet = with_label(
        make_order(member=member, number="N-SHEET"),
        a4_labels([("Toko S", "SPXIDS1"), ("Toko S", "SPXIDS2")]),
        "l.pdf",
    )
    last = make_order(member=member, number="N-LAST")
    reader = read(labels_pdf([plain, sheet, last]).pdf)
    texts = [visible_text(page) for page in reader.pages]
    assert len(texts) == 4
    assert "N-PLAIN" in texts[0]
    assert "SPXIDS1" in texts[1] and "SPXIDS2" in texts[2]
    assert "N-LAST" in texts[3]


def test_the_page_downloads_one_pdf_and_records_the_printing(member, leader):
    orders = [make_order(member=member) for _i in range(3)]
    for order in orders:
        mark_paid(order, actor=leader, settlement_id=1)
    client = Client()
    client.force_login(leader)
    response = client.post(
        "/pesanan/pengiriman/label/", {"order": [o.pk for o in orders]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert len(read(response.content).pages) == 3
    printed = OrderEvent.objects.filter(params__label_printed="kongsi")
    assert printed.count() == 3
    nothing = client.post("/pesanan/pengiriman/label/", {"order": ["x"]})
    assert nothing.status_code == 302
    member_client = Client()
    member_client.force_login(member.user)
    denied = member_client.post("/pesanan/pengiriman/label/", {"order": [orders[0].pk]})
    assert denied.status_code == 403
    assert packing  # the service module records the events


def test_forty_labels_are_quick(member):
    orders = [make_order(member=member) for _i in range(40)]
    sheet = a4_labels([("Toko", "SPXID1"), ("Toko", "SPXID2")])
    for order in orders[::2]:
        with_label(order, sheet, "l.pdf")
    orders = list(Order.objects.filter(pk__in=[o.pk for o in orders]).order_by("pk"))
    started = time.perf_counter()
    reader = read(labels_pdf(orders).pdf)
    assert len(reader.pages) == 60
    assert time.perf_counter() - started < 10


def test_the_barcodes_scan(member, tmp_path):
    """Render the PDF as a 203 dpi thermal printer would and read each barcode."""
    import shutil
    import subprocess

    if not (shutil.which("pdftoppm") and shutil.which("zbarimg")):
        pytest.skip(
            "needs pdftoppm and zbarimg (apt-get install poppler-utils zbar-tools)"
        )
    own = make_order(member=member)
    Order.objects.filter(pk=own.pk).update(tracking_no="JP1234567890")
    sheet = with_label(
        make_order(member=member),
        a4_labels([("Toko S", "SPXID000111"), ("Toko S", "SPXID000222")]),
        "l.pdf",
    )
    pdf = tmp_path / "labels.pdf"
    pdf.write_bytes(labels_pdf([Order.objects.get(pk=own.pk), sheet]).pdf)
    subprocess.run(
        ["pdftoppm", "-r", "203", "-png", str(pdf), str(tmp_path / "page")], check=True
    )
    found = []
    for image in sorted(tmp_path.glob("page-*.png")):
        result = subprocess.run(
            ["zbarimg", "-q", "--raw", str(image)], capture_output=True, text=True
        )
        found.append(result.stdout.strip())
    assert found == ["JP1234567890", "SPXID000111", "SPXID000222"]


def test_a_landscape_label_is_turned_upright(member):
    order = with_label(
        make_order(member=member), landscape_label("Toko Lebar", "JP9"), "l.pdf"
    )
    reader = read(labels_pdf([order]).pdf)
    assert len(reader.pages) == 1
    assert_a6(reader)
    text = visible_text(reader.pages[0])
    assert "Toko Lebar" in text and "JP9" in text
    # Turned: the label's drawing is placed with a quarter-turn matrix (0 s -s 0).
    first_cm = reader.pages[0].get_contents().get_data().split(b" cm")[0]
    a, b, c, d = (float(v) for v in first_cm.split()[-6:-2])
    assert abs(a) < 1e-6 and b > 0 and c < 0 and abs(d) < 1e-6
