"""(f) Labels: N orders' labels into one A6 PDF (``orders.labels.labels_pdf``).

A third of the orders get a marketplace-like A4 sheet with two labels (cut
into two pages), a third a label photo, the rest Kongsi's own label; only the
PDF building is timed, reading back the page count is not.
"""

import io
import time

from django.core.files.base import ContentFile


def _a4_sheet() -> bytes:
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    data = io.BytesIO()
    canvas = Canvas(data, pagesize=A4)
    width, height = A4
    for index, left in enumerate((0, width / 2)):
        canvas.rect(left + 12, height / 2 + 12, width / 2 - 24, height / 2 - 24)
        canvas.drawString(left + 24, height - 60, f"Pengirim: Toko Bench {index}")
        Code128(f"SPXIDBENCH{index:06d}", barHeight=40).drawOn(
            canvas, left + 24, height - 160
        )
    canvas.showPage()
    canvas.save()
    return data.getvalue()


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (800, 1200), 255)
    ImageDraw.Draw(image).rectangle((40, 40, 760, 1160), outline=0, width=6)
    data = io.BytesIO()
    image.save(data, "PNG")
    return data.getvalue()


def run(*, labels: int) -> dict:
    from orders.labels import labels_pdf
    from orders.models import Order
    from orders.selectors import _base, _with_lines

    ids = list(
        Order.objects.exclude(status__in=["draft", "cancelled"])
        .order_by("-pk")
        .values_list("pk", flat=True)[:labels]
    )
    sheet, photo = _a4_sheet(), _photo()
    for position, pk in enumerate(ids):
        order = Order.objects.get(pk=pk)
        if position % 3 == 0:
            order.label.save("label.pdf", ContentFile(sheet), save=True)
        elif position % 3 == 1:
            order.label.save("label.png", ContentFile(photo), save=True)
    orders = list(_with_lines(_base()).filter(pk__in=ids).order_by("pk"))
    started = time.perf_counter()
    batch = labels_pdf(orders)
    seconds = time.perf_counter() - started
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(batch.pdf)).pages)
    return {
        "orders": len(orders),
        "pages": pages,
        "seconds": round(seconds, 2),
        "kb": round(len(batch.pdf) / 1024),
        "sources": {
            kind: sum(1 for value in batch.sources.values() if value == kind)
            for kind in ("pdf", "image", "kongsi")
        },
    }
