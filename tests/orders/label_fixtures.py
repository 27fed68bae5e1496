"""Marketplace-like label files made here with reportlab (no real labels).

An A4 sheet holds up to four labels, each an A6 quarter, as the marketplaces
print them; each label has the shop as sender, the resi as text and as a
Code 128 barcode, and a border.
"""

import io

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

MM = 72 / 25.4


def _label(canvas, left: float, bottom: float, *, shop: str, resi: str) -> None:
    width, height = 105 * MM, 148.5 * MM
    canvas.setLineWidth(1)
    canvas.rect(left + 4 * MM, bottom + 4 * MM, width - 8 * MM, height - 8 * MM)
    canvas.setFont("Helvetica-Bold", 12)
    canvas.drawString(left + 8 * MM, bottom + height - 15 * MM, "SPX Standard")
    canvas.setFont("Helvetica", 10)
    canvas.drawString(left + 8 * MM, bottom + height - 25 * MM, f"Pengirim: {shop}")
    canvas.drawString(left + 8 * MM, bottom + height - 32 * MM, "Penerima: Budi")
    Code128(resi, barHeight=15 * MM, barWidth=1.1).drawOn(
        canvas, left + 8 * MM, bottom + 60 * MM
    )
    canvas.drawString(left + 8 * MM, bottom + 52 * MM, f"Resi: {resi}")


def a4_labels(labels: list[tuple[str, str]]) -> bytes:
    """One A4 page with the (shop, resi) labels in its quarters, row by row."""
    data = io.BytesIO()
    canvas = Canvas(data, pagesize=A4)
    width, height = A4
    corners = [
        (0, height / 2),
        (width / 2, height / 2),
        (0, 0),
        (width / 2, 0),
    ]
    for (shop, resi), (left, bottom) in zip(labels, corners, strict=False):
        _label(canvas, left, bottom, shop=shop, resi=resi)
    canvas.showPage()
    canvas.save()
    return data.getvalue()


def a6_label(shop: str, resi: str) -> bytes:
    """One label on its own 100 × 150 mm page (a thermal-printer label)."""
    data = io.BytesIO()
    canvas = Canvas(data, pagesize=(100 * MM, 150 * MM))
    _label(canvas, -2 * MM, 0, shop=shop, resi=resi)
    canvas.showPage()
    canvas.save()
    return data.getvalue()


def visible_text(page) -> str:
    """The text drawn inside the page's media box (pypdf ignores clipping)."""
    box = page.mediabox
    parts = []

    def on_text(text, ctm, tm, _font, _size):
        a, b, c, d, e, f = (float(v) for v in ctm)
        x0, y0 = float(tm[4]), float(tm[5])
        x, y = a * x0 + c * y0 + e, b * x0 + d * y0 + f
        if float(box.left) <= x <= float(box.right) and float(box.bottom) <= y <= float(
            box.top
        ):
            parts.append(text)

    page.extract_text(visitor_text=on_text)
    return "".join(parts)


def landscape_label(shop: str, resi: str) -> bytes:
    """One label on a 150 × 100 mm landscape page."""
    data = io.BytesIO()
    canvas = Canvas(data, pagesize=(150 * MM, 100 * MM))
    canvas.setFont("Helvetica", 10)
    canvas.drawString(10 * MM, 80 * MM, f"Pengirim: {shop}")
    canvas.drawString(10 * MM, 20 * MM, f"Resi: {resi}")
    Code128(resi, barHeight=15 * MM, barWidth=1.1).drawOn(canvas, 10 * MM, 40 * MM)
    canvas.showPage()
    canvas.save()
    return data.getvalue()
