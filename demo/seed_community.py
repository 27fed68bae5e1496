"""Demo people of the model community in Juruan Laok, Sumenep (Madura)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from community.models import Marketplace, Member, Shop
from community.services import member_register, shop_create

DEMO_PASSWORD = "kongsi-demo-2026"

# username, full name, phone, occupation, roles, mentor username
PEOPLE = [
    (
        "ketua",
        "Haji Moh. Syamsul Arifin",
        "0812 3000 0001",
        "Pengelola",
        ["leader", "member"],
        None,
    ),
    (
        "bendahara",
        "Siti Aminah",
        "0812 3000 0002",
        "Guru MI",
        ["treasurer", "member"],
        None,
    ),
    (
        "mentor_fauzi",
        "Ahmad Fauzi",
        "0812 3000 0003",
        "Guru SMP swasta",
        ["mentor", "member"],
        None,
    ),
    (
        "mentor_nur",
        "Nur Hasanah",
        "0812 3000 0004",
        "Penjahit",
        ["mentor", "member"],
        None,
    ),
    (
        "rahmat",
        "Rahmat Hidayat",
        "0812 3000 0011",
        "Pemuda desa",
        ["member"],
        "mentor_fauzi",
    ),
    (
        "laila",
        "Laila Fitriyah",
        "0812 3000 0012",
        "Guru TK",
        ["member"],
        "mentor_fauzi",
    ),
    (
        "sholeh",
        "Moh. Sholeh",
        "0812 3000 0013",
        "Peternak sapi",
        ["member"],
        "mentor_fauzi",
    ),
    (
        "ulfa",
        "Ulfatul Jannah",
        "0812 3000 0014",
        "Guru ngaji",
        ["member"],
        "mentor_nur",
    ),
    ("hafid", "Abdul Hafid", "0812 3000 0015", "Pemuda desa", ["member"], "mentor_nur"),
    (
        "zahra",
        "Fatimatuz Zahra",
        "0812 3000 0016",
        "Guru MTs swasta",
        ["member"],
        "mentor_nur",
    ),
    ("imam", "Imam Baihaqi", "0812 3000 0017", "Petani", ["member"], "mentor_fauzi"),
    ("rofiq", "Rofiqi", "0812 3000 0018", "Pemuda desa", ["member"], "mentor_nur"),
]

DUSUN = ["Dusun Lembana", "Dusun Tengah", "Dusun Pesisir", "Dusun Barat"]

SHOPS = {
    "rahmat": [
        (Marketplace.SHOPEE, "Rahmat Jamu Sapi"),
        (Marketplace.TIKTOK, "Rahmat Store"),
    ],
    "laila": [
        (Marketplace.SHOPEE, "Laila Hijab"),
        (Marketplace.WHATSAPP, "Laila Grosir"),
    ],
    "sholeh": [(Marketplace.TOKOPEDIA, "Sholeh Ternak Sehat")],
    "ulfa": [
        (Marketplace.SHOPEE, "Ulfa Busana Muslim"),
        (Marketplace.LAZADA, "Ulfa Fashion"),
    ],
    "hafid": [(Marketplace.TIKTOK, "Hafid Aksesoris HP")],
    "zahra": [
        (Marketplace.SHOPEE, "Zahra Batik Madura"),
        (Marketplace.BUKALAPAK, "Zahra Batik"),
    ],
    "imam": [(Marketplace.TOKOPEDIA, "Imam Keripik Madura")],
    "rofiq": [(Marketplace.SHOPEE, "Rofiq Snack")],
    "mentor_fauzi": [
        (Marketplace.SHOPEE, "Fauzi Herbal"),
        (Marketplace.TOKOPEDIA, "Fauzi Herbal"),
    ],
    "mentor_nur": [(Marketplace.SHOPEE, "Nur Collection")],
    "ketua": [(Marketplace.SHOPEE, "Kongsi Juruan Laok")],
}


def seed(context: dict) -> dict:
    """Create the demo people and shops once; return members by username."""
    User = get_user_model()
    members: dict[str, Member] = {}
    for index, (username, name, phone, job, roles, mentor) in enumerate(PEOPLE):
        existing = Member.objects.filter(user__username=username).first()
        if existing is None:
            existing = member_register(
                username=username,
                password=DEMO_PASSWORD,
                full_name=name,
                phone=phone,
                roles=roles,
                mentor=members.get(mentor) if mentor else None,
                village=f"Juruan Laok, {DUSUN[index % len(DUSUN)]}",
                occupation=job,
            )
        members[username] = existing
    leader_user = User.objects.get(username="ketua")
    if not leader_user.is_superuser:
        leader_user.is_superuser = True
        leader_user.is_staff = True
        leader_user.save(update_fields=["is_superuser", "is_staff"])
    leader_user.groups.add(Group.objects.get(name="leader"))
    for username, shops in SHOPS.items():
        member = members[username]
        for marketplace, shop_name in shops:
            if not Shop.objects.filter(
                member=member, marketplace=marketplace, name=shop_name
            ).exists():
                shop_create(member=member, marketplace=marketplace, name=shop_name)
    return members


def logins() -> list[tuple[str, str, str]]:
    """Return (role, username, password) lines to print after seeding."""
    return [
        ("Ketua (leader)", "ketua", DEMO_PASSWORD),
        ("Bendahara (treasurer)", "bendahara", DEMO_PASSWORD),
        ("Pendamping (mentor)", "mentor_fauzi", DEMO_PASSWORD),
        ("Anggota (member)", "rahmat", DEMO_PASSWORD),
    ]
