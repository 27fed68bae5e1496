"""Demo training: trainees at every stage, one stalled, a few planned promos.

Runs through the training services (mentors tick, events tick the automatic
items), so the demo obeys the same rules as real use. Idempotent.
"""

import datetime

from django.conf import settings
from django.utils import timezone

from training.models import ChecklistItem, CompetitorPrice, Enrollment, PromoSlot
from training.services import (
    competitor_price_record,
    enrollment_create,
    item_auto_check,
    item_check,
    promo_slot_create,
)

# username → how many items (in path order) are done
PROGRESS = {
    "imam": 0,  # just started
    "sholeh": 1,  # stage 1, and stalled
    "zahra": 3,  # stage 1 done
    "laila": 5,  # in stage 2
    "rahmat": 8,  # in stage 3
    "rofiq": 11,  # stage 3 done, in stage 4
    "ulfa": 13,  # nearly independent
    "hafid": 99,  # independent
}
STALLED = "sholeh"

NOTES = {
    "hp-siap": "HP sudah dicek bersama, kuota dan kamera aman.",
    "gabung-grup": "Sudah masuk grup WA Kongsi Juruan Laok.",
    "paham-aturan": "Bisa menjelaskan setoran dan retur dengan kata sendiri.",
    "paham-istilah": "Lulus tanya-jawab 10 istilah dari Kamus.",
    "buka-toko": "Toko sudah jadi dan dicatat di Profil.",
}


def _tick_path(enrollment: Enrollment, count: int, mentor_user) -> None:
    items = list(
        ChecklistItem.objects.select_related("stage").order_by(
            "stage__position", "position", "pk"
        )
    )
    done = set(
        enrollment.checks.filter(unchecked_at__isnull=True).values_list(
            "item_id", flat=True
        )
    )
    for item in items[:count]:
        enrollment.refresh_from_db()
        if item.pk in done or enrollment.completed_at is not None:
            continue
        if item.auto:
            item_auto_check(
                auto_code=item.auto_code, references={enrollment.trainee_id: "demo"}
            )
        else:
            item_check(
                enrollment=enrollment,
                item=item,
                actor=mentor_user,
                note=NOTES.get(item.code, "Sudah dilihat langsung oleh pendamping."),
            )


def _promos(member) -> None:
    shop = member.shops.order_by("pk").first()
    if shop is None:
        return
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    plans = [
        (PromoSlot.Kind.FLASH_SALE, 1, 12, 2, "Produk terlaris, 10 buah", 15),
        (PromoSlot.Kind.PROMO, 2, 8, 48, "Semua produk di etalase Promo", 10),
        (PromoSlot.Kind.FLASH_SALE, 4, 20, 1, "Paket hemat isi 3", 20),
    ]
    for kind, day, hour, hours, products, discount in plans:
        if PromoSlot.objects.filter(member=member, products=products).exists():
            continue
        start = datetime.datetime.combine(
            today + datetime.timedelta(days=day), datetime.time(hour), tzinfo=tz
        )
        promo_slot_create(
            member=member,
            shop=shop,
            kind=kind,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=hours),
            products=products,
            discount_percent=discount,
        )


def _competitor_prices(member) -> None:
    from catalog.models import Category

    category = Category.objects.order_by("pk").first()
    if category is None or CompetitorPrice.objects.filter(member=member).exists():
        return
    for marketplace, name, shop, price in [
        ("shopee", f"{category.name} mirip, kualitas sama", "Toko Surabaya", 52_000),
        ("tokopedia", f"{category.name} grosir", "Grosir Pamekasan", 47_500),
        ("tiktok", f"{category.name} premium", "Live Madura", 65_000),
    ]:
        competitor_price_record(
            member=member,
            category=category,
            marketplace=marketplace,
            product_name=name,
            shop_name=shop,
            price=price,
        )


def seed(context: dict) -> dict:
    """Tick the demo trainees along; return enrolments by username."""
    members = context.get("community") or {}
    enrollments: dict[str, Enrollment] = {}
    for username, count in PROGRESS.items():
        member = members.get(username)
        if member is None or member.mentor is None:
            continue
        enrollment = enrollment_create(trainee=member, mentor=member.mentor)
        _tick_path(enrollment, count, member.mentor.user)
        enrollments[username] = enrollment
    stalled = enrollments.get(STALLED)
    if stalled is not None:
        quiet_since = timezone.now() - datetime.timedelta(
            days=settings.KONGSI_STALLED_DAYS + 6
        )
        # Only the first run moves it back, so a second run changes nothing.
        Enrollment.objects.filter(
            pk=stalled.pk,
            last_activity_at__gt=quiet_since + datetime.timedelta(days=3),
        ).update(last_activity_at=quiet_since)
        stalled.refresh_from_db()
    for username in ("rahmat", "ulfa"):
        if username in members:
            _promos(members[username])
    for username in ("rofiq", "ulfa"):
        if username in members:
            _competitor_prices(members[username])
    return enrollments
