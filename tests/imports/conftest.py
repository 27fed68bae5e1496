"""The sample exports (copied from ``../shared/data/marketplace-exports``) and
the catalog their SKUs belong to."""

from pathlib import Path

import pytest

from tests.catalog.factories import ProductFactory, VariantFactory
from tests.factories import ShopFactory

# Copies of ../shared/data/marketplace-exports, so CI needs no outside folder.
SAMPLES = Path(__file__).resolve().parent / "samples"
SHOPEE_ORDERS = SAMPLES / "Order.all.20261101_20261130.xlsx"
SHOPEE_INCOME = SAMPLES / "Income.sudah dilepas.id.20261101_20261130.xlsx"
TIKTOK_ORDERS = SAMPLES / "tiktok-tokopedia-orders-20261101_20261130.xlsx"

# SKU: (product, label, base price, suggested price)
CATALOG = {
    "KG-JSS01-1": ("Jamu Sapi Super Madura", "500 ml", 25000, 35000),
    "KG-HSE10-1": ("Hijab Segi Empat Voal", "Hitam", 22000, 35000),
    "KG-HSE10-2": ("Hijab Segi Empat Voal", "Mocca", 22000, 35000),
    "KG-PRH17-1": ("Peci Rajut Hitam", "All size", 12000, 20000),
    "KG-KDT22-1": ("Kabel Data Type-C", "1 meter", 10000, 17500),
    "KG-WJM05-2": ("Wedang Jahe Merah Instan", "isi 20 sachet", 28000, 40000),
    "KG-KSP27-1": ("Keripik Singkong Pedas", "250 gr", 11000, 18000),
    "KG-MKJ16-1": ("Mukena Katun Jepang", "Putih Bunga", 120000, 165000),
    "KG-GSS13-2": ("Gamis Syari Set Khimar", "Merah / L", 100000, 145000),
    "KG-KPL14-2": ("Koko Pria Lengan Panjang", "Putih, L", 70000, 99000),
    "KG-KBM19-3": ("Kemeja Batik Madura Pria", "XL", 95000, 140000),
    "KG-TBM26-1": ("Tongsis Bluetooth Mini", "Hitam", 40000, 60000),
}


def sample(path: Path, name: str | None = None):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name or path.name, path.read_bytes())


@pytest.fixture
def catalog(db):
    variants, products = {}, {}
    for sku, (name, label, base, suggested) in CATALOG.items():
        product = products.get(name) or ProductFactory(name=name)
        products[name] = product
        variants[sku] = VariantFactory(
            product=product,
            sku=sku,
            label=label,
            base_price=base,
            suggested_price=suggested,
            stock=20,
        )
    return variants


@pytest.fixture
def shopee_shop(member):
    return ShopFactory(member=member, marketplace="shopee", name="Toko Aminah")


@pytest.fixture
def tiktok_shop(member):
    return ShopFactory(member=member, marketplace="tiktok", name="Aminah TikTok")
