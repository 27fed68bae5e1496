"""One PDF of 100 × 150 mm (A6) shipping labels for a cheap thermal printer.

For each order, in the order given:

- a marketplace label in PDF is placed with ``pypdf``: a page already about
  label-sized is scaled to fit (a landscape one turned upright); an A4 sheet
  is cut into its four A6 quarters (Shopee, Tokopedia and TikTok print up to
  four labels per A4 sheet, each a quarter) and every quarter that has
  something drawn on it becomes one page;
- a label photo or screenshot is scaled onto a page with ``reportlab``;
- without a label (or one that cannot be read) Kongsi draws its own with
  ``reportlab``: the member's shop as sender, the recipient, the courier and a
  Code 128 barcode of the resi, or of the marketplace order number before
  there is a resi.

Only reads; ``orders.packing.orders_labels_printed`` records the printing.
"""

import io
import unicodedata
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import RectangleObject

from orders.models import Order

MM = 72 / 25.4
PAGE_WIDTH, PAGE_HEIGHT = 100 * MM, 150 * MM
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
MAX_LABEL_PAGES = 8  # pages read from one marketplace label file
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
MAX_IMAGE_SIDE = 1400  # pixels; 100 mm at 203 dpi is 800


@dataclass
class LabelBatch:
    """The finished PDF, where each order's label came from, and any notes."""

    pdf: bytes
    sources: dict[int, str] = field(default_factory=dict)  # pdf / image / kongsi
    notes: list[str] = field(default_factory=list)
    pages: int = 0


def _label_extension(order: Order) -> str:
    if not order.label:
        return ""
    return order.label.name.rsplit(".", 1)[-1].lower()


# -- marketplace PDF labels -------------------------------------------------


def _near(value: float, target: float, tolerance: float = 0.04) -> bool:
    return abs(value - target) <= target * tolerance


def _drawn_points(page) -> list[tuple[float, float]]:
    """Centres of what the page draws: text, rectangles, images, lines."""
    points: list[tuple[float, float]] = []
    last_move: list[tuple[float, float]] = []

    def apply(matrix, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = (float(v) for v in matrix)
        return a * x + c * y + e, b * x + d * y + f

    def on_operator(operator, arguments, ctm, _tm):
        try:
            if operator == b"re" and len(arguments) == 4:
                x, y, w, h = (float(v) for v in arguments)
                points.append(apply(ctm, x + w / 2, y + h / 2))
            elif operator == b"Do":
                points.append(apply(ctm, 0.5, 0.5))
            elif operator == b"m" and len(arguments) == 2:
                last_move[:] = [(float(arguments[0]), float(arguments[1]))]
            elif operator == b"l" and len(arguments) == 2 and last_move:
                x0, y0 = last_move[0]
                x1, y1 = float(arguments[0]), float(arguments[1])
                points.append(apply(ctm, (x0 + x1) / 2, (y0 + y1) / 2))
                last_move[:] = [(x1, y1)]
        except (TypeError, ValueError):
            pass

    def on_text(text, ctm, tm, _font, _size):
        if text and text.strip():
            x, y = apply(tm, 0, 0)
            points.append(apply(ctm, x, y))

    page.extract_text(visitor_operand_before=on_operator, visitor_text=on_text)
    return points


def label_regions(page) -> list[tuple[float, float, float, float]]:
    """Return (left, bottom, width, height) of each label on the page."""
    box = page.cropbox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    whole = [(left, bottom, width, height)]
    if not (_near(width, A4_WIDTH) and _near(height, A4_HEIGHT)):
        return whole  # label-sized already, or a size we do not cut
    half_w, half_h = width / 2, height / 2
    quarters = [
        (left, bottom + half_h, half_w, half_h),  # top left: the first label
        (left + half_w, bottom + half_h, half_w, half_h),
        (left, bottom, half_w, half_h),
        (left + half_w, bottom, half_w, half_h),
    ]
    margin = 3 * MM  # a point on a quarter's edge belongs to neither
    points = _drawn_points(page)
    used = [
        quarter
        for quarter in quarters
        if any(
            quarter[0] + margin < x < quarter[0] + quarter[2] - margin
            and quarter[1] + margin < y < quarter[1] + quarter[3] - margin
            for x, y in points
        )
    ]
    return used or whole


def _place(writer: PdfWriter, page, region) -> None:
    """Add one A6 page showing ``region`` of ``page``, scaled to fit, centred."""
    left, bottom, width, height = region
    transformation = Transformation().translate(-left, -bottom)
    if width > height * 1.1:
        # A landscape label is turned a quarter (counter-clockwise) to fill
        # the portrait page instead of shrinking to its middle.
        transformation = transformation.rotate(90).translate(height, 0)
        width, height = height, width
    scale = min(PAGE_WIDTH / width, PAGE_HEIGHT / height)
    offset_x = (PAGE_WIDTH - width * scale) / 2
    offset_y = (PAGE_HEIGHT - height * scale) / 2
    # pypdf clips the merged content to the source's crop box: narrowed to
    # the region for the merge, the sheet's other labels do not bleed into
    # this page's margins.
    original = page.cropbox
    page.cropbox = RectangleObject([left, bottom, left + width, bottom + height])
    try:
        target = writer.add_blank_page(width=PAGE_WIDTH, height=PAGE_HEIGHT)
        target.merge_transformed_page(
            page,
            transformation.scale(scale, scale).translate(offset_x, offset_y),
        )
    finally:
        page.cropbox = original


def _marketplace_pages(order: Order) -> list[tuple[object, tuple]]:
    """(page, region) pairs of the order's PDF label; raise ValueError if bad."""
    with order.label.open("rb") as handle:
        data = handle.read()
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ValueError("encrypted")
        placed = []
        for page in list(reader.pages)[:MAX_LABEL_PAGES]:
            if page.rotation:
                page.transfer_rotation_to_content()
            placed += [(page, region) for region in label_regions(page)]
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds
        raise ValueError(str(error)) from error
    if not placed:
        raise ValueError("no pages")
    return placed


# -- pages drawn by Kongsi -------------------------------------------------


def _latin(text) -> str:
    """Text the built-in PDF fonts can show (accents kept, emoji dropped)."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return text.encode("latin-1", "ignore").decode("latin-1")


def _draw_image_label(canvas, order: Order) -> None:
    from PIL import Image, ImageOps
    from reportlab.lib.utils import ImageReader

    with order.label.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    image = ImageOps.exif_transpose(image)
    if image.width > image.height * 1.2:
        image = image.rotate(90, expand=True)  # a landscape shot fills more
    image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    if image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    margin = 2 * MM
    canvas.drawImage(
        ImageReader(image),
        margin,
        margin,
        PAGE_WIDTH - 2 * margin,
        PAGE_HEIGHT - 2 * margin,
        preserveAspectRatio=True,
        anchor="c",
    )


def _draw_kongsi_label(canvas, order: Order) -> None:
    from reportlab.graphics.barcode.code128 import Code128
    from reportlab.lib.utils import simpleSplit

    margin = 6 * MM
    inner = PAGE_WIDTH - 2 * margin
    y = PAGE_HEIGHT - margin

    def text(value, *, size=9, bold=False, gap=1.25):
        nonlocal y
        font = "Helvetica-Bold" if bold else "Helvetica"
        for line in simpleSplit(_latin(value), font, size, inner)[:6]:
            y -= size * gap
            canvas.setFont(font, size)
            canvas.drawString(margin, y, line)

    def rule():
        nonlocal y
        y -= 3 * MM
        canvas.setLineWidth(0.8)
        canvas.line(margin, y, PAGE_WIDTH - margin, y)
        y -= 1 * MM

    text(_("SENDER"), size=7)
    text(order.shop.name, size=12, bold=True)
    if order.member.phone:
        text(order.member.phone, size=9)
    rule()
    text(_("RECIPIENT"), size=7)
    text(order.recipient_name, size=13, bold=True)
    text(order.recipient_phone, size=10)
    text(order.recipient_address, size=9)
    rule()
    courier = order.get_courier_display() if order.courier else _("Courier: -")
    text(courier, size=14, bold=True)
    if order.ship_by:
        ship_by = timezone.localtime(order.ship_by)
        text(_("Ship by %(time)s") % {"time": f"{ship_by:%d-%m-%Y %H:%M}"}, size=9)
    code = order.tracking_no or order.marketplace_order_no
    # Bars of at least 1.2 pt (0.42 mm: two dots of a 203 dpi printer) when the
    # code fits, thinner only for a long code.
    barcode = Code128(_latin(code), barHeight=20 * MM, barWidth=1.2, quiet=False)
    if barcode.width > inner:
        barcode = Code128(
            _latin(code),
            barHeight=20 * MM,
            barWidth=max(0.4, 1.2 * inner / barcode.width),
            quiet=False,
        )
    y -= 23 * MM
    barcode.drawOn(canvas, margin + max(0, (inner - barcode.width) / 2), y)
    if order.tracking_no:
        text(_("Resi: %(resi)s") % {"resi": order.tracking_no}, size=11, bold=True)
    text(
        _("Order no.: %(number)s") % {"number": order.marketplace_order_no},
        size=10,
        bold=not order.tracking_no,
    )
    rule()
    lines = list(order.lines.all())
    for line in lines[:5]:
        text(
            f"{line.variant.sku} × {line.quantity}  {line.variant.display_name}", size=8
        )
    if len(lines) > 5:
        text(_("+ %(count)s more items") % {"count": len(lines) - 5}, size=8)
    canvas.setFont("Helvetica", 6)
    canvas.drawString(
        margin, 3 * MM, _latin(_("Kongsi label · #%(id)s") % {"id": order.pk})
    )


# -- the batch --------------------------------------------------------------


def labels_pdf(orders: list[Order]) -> LabelBatch:
    """Return one A6 PDF with every order's label, in the order given."""
    from reportlab.pdfgen.canvas import Canvas

    batch = LabelBatch(pdf=b"")
    plan: list[tuple[Order, str, object]] = []
    drawn = io.BytesIO()
    canvas = Canvas(drawn, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    canvas.setTitle(_latin(_("Shipping labels")))
    drawn_pages = 0
    for order in orders:
        extension = _label_extension(order)
        source = "kongsi"
        if extension == "pdf":
            try:
                plan.append((order, "pdf", _marketplace_pages(order)))
                batch.sources[order.pk] = "pdf"
                continue
            except (ValueError, OSError):
                batch.notes.append(
                    _(
                        "%(number)s: the label PDF cannot be read; "
                        "Kongsi's label is used."
                    )
                    % {"number": order.marketplace_order_no}
                )
        elif extension in IMAGE_EXTENSIONS:
            try:
                _draw_image_label(canvas, order)
                source = "image"
            except Exception:  # noqa: BLE001 - Pillow raises many kinds
                batch.notes.append(
                    _(
                        "%(number)s: the label photo cannot be read; "
                        "Kongsi's label is used."
                    )
                    % {"number": order.marketplace_order_no}
                )
        if source == "kongsi":
            _draw_kongsi_label(canvas, order)
        canvas.showPage()
        plan.append((order, source, drawn_pages))
        batch.sources[order.pk] = source
        drawn_pages += 1
    canvas.save()

    writer = PdfWriter()
    drawn_reader = PdfReader(io.BytesIO(drawn.getvalue())) if drawn_pages else None
    for _order, source, where in plan:
        if source == "pdf":
            for page, region in where:
                _place(writer, page, region)
        else:
            writer.add_page(drawn_reader.pages[where])
    writer.add_metadata({"/Title": "Kongsi labels", "/Creator": "Kongsi"})
    output = io.BytesIO()
    writer.write(output)
    batch.pdf = output.getvalue()
    batch.pages = len(writer.pages)
    return batch
