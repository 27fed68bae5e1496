"""Demo catalog: about 30 products the Juruan Laok community carries.

Photos are drawn here with Pillow (nothing is downloaded) and go through the
same safe upload as a leader's photo. Idempotent: a product whose slug exists
is left as it is.
"""

import io
import random

from django.contrib.auth import get_user_model
from django.utils.text import slugify
from PIL import Image, ImageDraw

from catalog.models import Category, Product, Variant
from catalog.photos import image_add
from catalog.services import category_create, product_create

# category, parent
CATEGORIES = [
    ("Kesehatan & Jamu", None),
    ("Jamu Ternak", "Kesehatan & Jamu"),
    ("Minuman Herbal", "Kesehatan & Jamu"),
    ("Fashion Muslim", None),
    ("Hijab", "Fashion Muslim"),
    ("Busana Muslim", "Fashion Muslim"),
    ("Batik Madura", None),
    ("Aksesoris HP", None),
    ("Makanan Ringan", None),
]

# name, category, description, weight, [(label, base, suggested, stock)], colour
PRODUCTS = [
    (
        "Jamu Sapi Super Madura 500 ml",
        "Jamu Ternak",
        "Jamu racikan asli Madura untuk sapi: menambah nafsu makan dan menjaga "
        "daya tahan. Diminumkan 2 kali seminggu.",
        600,
        [("500 ml", 25000, 35000, 40)],
        (120, 85, 40),
    ),
    (
        "Jamu Sapi Penggemuk 1 Liter",
        "Jamu Ternak",
        "Membantu sapi cepat gemuk dan sehat. Dari rempah pilihan: temulawak, "
        "kunyit, dan jahe.",
        1100,
        [("1 liter", 42000, 60000, 25)],
        (150, 100, 30),
    ),
    (
        "Jamu Kambing Sehat 250 ml",
        "Jamu Ternak",
        "Jamu untuk kambing dan domba, menjaga pencernaan tetap baik.",
        300,
        [("250 ml", 15000, 22000, 30)],
        (110, 90, 50),
    ),
    (
        "Serbuk Herbal Ternak 250 gr",
        "Jamu Ternak",
        "Serbuk campuran pakan dari rempah, praktis ditabur di pakan.",
        260,
        [("250 gr", 18000, 27000, 4)],
        (100, 120, 50),
    ),
    (
        "Wedang Jahe Merah Instan",
        "Minuman Herbal",
        "Jahe merah asli, hangat di badan. Tinggal seduh air panas.",
        300,
        [("isi 10 sachet", 14000, 22000, 60), ("isi 20 sachet", 26000, 40000, 20)],
        (170, 60, 40),
    ),
    (
        "Kunyit Asam Botol 350 ml",
        "Minuman Herbal",
        "Minuman kunyit asam segar tanpa pengawet.",
        400,
        [("350 ml", 6000, 10000, 48)],
        (220, 160, 30),
    ),
    (
        "Beras Kencur Botol 350 ml",
        "Minuman Herbal",
        "Beras kencur resep nenek, menyegarkan badan.",
        400,
        [("350 ml", 6000, 10000, 3)],
        (230, 210, 150),
    ),
    (
        "Temulawak Madu Sachet",
        "Minuman Herbal",
        "Temulawak dengan madu asli, untuk menjaga nafsu makan keluarga.",
        250,
        [("isi 10", 15000, 24000, 35)],
        (200, 140, 40),
    ),
    (
        "Teh Rosela Kering 50 gr",
        "Minuman Herbal",
        "Kelopak rosela kering, warna merah cantik, rasa segar.",
        80,
        [("50 gr", 12000, 19000, 0)],
        (180, 30, 60),
    ),
    (
        "Hijab Segi Empat Voal",
        "Hijab",
        "Hijab segi empat bahan voal premium, adem dan mudah dibentuk. "
        "Ukuran 115 x 115 cm.",
        120,
        [
            ("Hitam", 22000, 35000, 30),
            ("Mocca", 22000, 35000, 18),
            ("Navy", 22000, 35000, 2),
        ],
        (60, 60, 80),
    ),
    (
        "Pashmina Ceruty Baby Doll",
        "Hijab",
        "Pashmina ceruty, jatuh dan tidak menerawang. 175 x 75 cm.",
        130,
        [("Dusty Pink", 24000, 38000, 25), ("Abu", 24000, 38000, 25)],
        (210, 160, 170),
    ),
    (
        "Bergo Instan Jersey",
        "Hijab",
        "Hijab instan tinggal pakai, bahan jersey melar dan nyaman.",
        150,
        [("Hitam", 20000, 32000, 40), ("Putih", 20000, 32000, 12)],
        (40, 40, 40),
    ),
    (
        "Gamis Syari Set Khimar",
        "Busana Muslim",
        "Gamis syari lengkap dengan khimar, bahan wolfis adem.",
        700,
        [
            ("Merah / L", 95000, 145000, 6),
            ("Merah / XL", 95000, 145000, 4),
            ("Hijau / L", 95000, 145000, 8),
        ],
        (150, 30, 40),
    ),
    (
        "Koko Pria Lengan Panjang",
        "Busana Muslim",
        "Baju koko katun, bordir rapi di dada.",
        300,
        [
            ("Putih / M", 65000, 99000, 10),
            ("Putih / L", 65000, 99000, 10),
            ("Hitam / L", 65000, 99000, 5),
        ],
        (230, 230, 230),
    ),
    (
        "Sarung Tenun Madura",
        "Busana Muslim",
        "Sarung tenun asli pengrajin Madura, motif kotak klasik.",
        500,
        [("Motif Kotak", 85000, 130000, 12)],
        (90, 40, 30),
    ),
    (
        "Mukena Katun Jepang Dewasa",
        "Busana Muslim",
        "Mukena katun jepang, lembut dan tidak panas, lengkap dengan tas.",
        600,
        [("Putih Bunga", 110000, 165000, 7)],
        (245, 240, 230),
    ),
    (
        "Peci Rajut Hitam",
        "Busana Muslim",
        "Peci rajut, ringan dan mudah dilipat.",
        60,
        [("All size", 12000, 20000, 50)],
        (30, 30, 30),
    ),
    (
        "Kain Batik Tulis Tanjung Bumi",
        "Batik Madura",
        "Batik tulis khas Tanjung Bumi, warna merah khas Madura. 2 meter.",
        400,
        [("2 meter", 250000, 350000, 5)],
        (170, 20, 30),
    ),
    (
        "Kemeja Batik Madura Pria",
        "Batik Madura",
        "Kemeja batik cap Madura, bahan katun primisima.",
        350,
        [("M", 90000, 135000, 8), ("L", 90000, 135000, 9), ("XL", 95000, 140000, 4)],
        (130, 40, 20),
    ),
    (
        "Blus Batik Wanita Modern",
        "Batik Madura",
        "Blus batik potongan modern untuk kerja dan kondangan.",
        300,
        [("All size", 80000, 120000, 10)],
        (60, 90, 140),
    ),
    (
        "Selendang Batik Sumenep",
        "Batik Madura",
        "Selendang batik tulis Sumenep, cocok untuk oleh-oleh.",
        200,
        [("180 cm", 60000, 90000, 14)],
        (200, 80, 40),
    ),
    (
        "Kabel Data Type-C 1 Meter",
        "Aksesoris HP",
        "Kabel data fast charging, tahan tekuk.",
        60,
        [("1 meter", 9000, 17500, 80)],
        (40, 40, 50),
    ),
    (
        "Charger HP 2A Dua Lubang",
        "Aksesoris HP",
        "Kepala charger 2 port USB, aman untuk semua HP.",
        120,
        [("Putih", 22000, 35000, 30)],
        (240, 240, 240),
    ),
    (
        "Tempered Glass Anti Gores",
        "Aksesoris HP",
        "Pelindung layar kaca, sebutkan tipe HP saat pesan.",
        50,
        [("Universal 6,5 inci", 5000, 12000, 100)],
        (150, 200, 230),
    ),
    (
        "Casing HP Silikon Bening",
        "Aksesoris HP",
        "Casing silikon bening anti kuning.",
        60,
        [("Universal", 7000, 15000, 60)],
        (200, 230, 240),
    ),
    (
        "Tongsis Bluetooth Mini",
        "Aksesoris HP",
        "Tongsis dengan tombol bluetooth, bisa jadi tripod.",
        200,
        [("Hitam", 38000, 60000, 5)],
        (20, 20, 20),
    ),
    (
        "Keripik Singkong Pedas Madura",
        "Makanan Ringan",
        "Keripik singkong renyah, pedas manis khas Madura. 250 gr.",
        270,
        [("250 gr", 11000, 18000, 70)],
        (230, 170, 50),
    ),
    (
        "Keripik Tette Madura",
        "Makanan Ringan",
        "Tette, keripik singkong pipih khas Madura, gurih.",
        270,
        [("250 gr", 12000, 20000, 40)],
        (220, 190, 110),
    ),
    (
        "Rengginang Lorjuk",
        "Makanan Ringan",
        "Rengginang dengan lorjuk (kerang bambu) khas Madura, belum digoreng.",
        500,
        [("500 gr", 28000, 42000, 15)],
        (240, 230, 200),
    ),
    (
        "Kacang Mete Goreng 250 gr",
        "Makanan Ringan",
        "Kacang mete pilihan, digoreng tanpa minyak jelantah.",
        270,
        [("250 gr", 45000, 65000, 2)],
        (210, 180, 120),
    ),
    (
        "Petis Ikan Madura",
        "Makanan Ringan",
        "Petis ikan asli, untuk rujak dan tahu tek.",
        300,
        [("250 gr", 16000, 25000, 0)],
        (60, 40, 30),
    ),
]


def _photo(name: str, colour: tuple[int, int, int], variant: int) -> io.BytesIO:
    """Draw a simple product picture: coloured background, a shape, the name."""
    rng = random.Random(f"{name}-{variant}")  # noqa: S311 - demo drawing only
    image = Image.new("RGB", (900, 900), (248, 246, 240))
    draw = ImageDraw.Draw(image)
    shade = tuple(max(0, min(255, c + rng.randint(-30, 30))) for c in colour)
    if variant % 2 == 0:
        draw.rounded_rectangle((220, 150, 680, 700), radius=60, fill=shade)
    else:
        draw.ellipse((180, 160, 720, 700), fill=shade)
    draw.rectangle((0, 760, 900, 900), fill=(15, 118, 110))
    words, lines, line = name.split(), [], ""
    for word in words:
        if len(line) + len(word) > 26:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for index, text in enumerate(lines[:2]):
        draw.text((40, 780 + index * 45), text, fill=(255, 255, 255), font_size=36)
    draw.text((40, 40), "Kongsi · Juruan Laok", fill=(80, 80, 80), font_size=30)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    buffer.seek(0)
    buffer.name = f"{slugify(name)}-{variant}.jpg"
    return buffer


def _sku(name: str, index: int, label_index: int) -> str:
    letters = "".join(word[0] for word in name.split()[:3]).upper()
    return f"KG-{letters}{index:02d}-{label_index + 1}"


def seed(context: dict) -> dict:
    """Create the demo categories and products once; return them."""
    leader = get_user_model().objects.filter(username="ketua").first()
    categories: dict[str, Category] = {}
    for name, parent in CATEGORIES:
        category = Category.objects.filter(name=name).first() or category_create(
            name=name, parent=categories.get(parent), actor=leader
        )
        categories[name] = category
    supplier = (context.get("community") or {}).get("mentor_nur")
    products: dict[str, Product] = {}
    for index, (name, category, text, weight, variants, colour) in enumerate(
        PRODUCTS, start=1
    ):
        slug = slugify(name)
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            product = product_create(
                name=name,
                slug=slug,
                category=categories[category],
                description=text,
                weight_grams=weight,
                supplier=supplier
                if category == "Busana Muslim" and index == 16
                else None,
                actor=leader,
                variants=[
                    {
                        "sku": _sku(name, index, number),
                        "label": label,
                        "base_price": base,
                        "suggested_price": suggested,
                        "stock": stock,
                        "weight_grams": weight,
                    }
                    for number, (label, base, suggested, stock) in enumerate(variants)
                ],
            )
        if not product.images.exists():
            for number in range(2 if len(variants) > 1 else 1):
                image_add(
                    product=product, upload=_photo(name, colour, number), actor=leader
                )
        products[slug] = product
    return {
        "products": products,
        "variants": {
            v.sku: v
            for v in Variant.objects.filter(product__in=products.values()).order_by(
                "pk"
            )
        },
    }
