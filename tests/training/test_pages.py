"""The phone pages: Belajar, Murid saya, ticking, Kamus, segmentation, promo."""

import datetime
from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from community.models import Notification
from tests.factories import ShopFactory
from tests.helpers import assert_constant_queries
from tests.training.factories import (
    make_mentor,
    make_trainee,
    manual_items,
    tick_directly,
)
from training.models import CompetitorPrice, Enrollment, ItemCheck, PromoSlot
from training.tasks import promo_reminder_task

pytestmark = pytest.mark.django_db


def client_for(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def test_belajar_shows_the_path_progress_and_explanations():
    enrollment = make_trainee()
    tick_directly(enrollment, manual_items(1)[:1])
    response = client_for(enrollment.trainee).get("/belajar/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress id="training-progress" max="100" value="6"' in html
    assert "Sosialisasi &amp; persiapan" in html
    assert "HP Android menyala dengan baik" in html  # the explanation
    assert 'href="/belajar/kamus/#flash-sale"' in html  # glossary link
    assert "Belum" in html and "Sudah" in html


def test_mentor_page_highlights_stalled_trainees(settings):
    settings.KONGSI_STALLED_DAYS = 14
    mentor = make_mentor()
    make_trainee(mentor, full_name="Baru Mulai")
    stalled = make_trainee(mentor, full_name="Lama Diam")
    Enrollment.objects.filter(pk=stalled.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=20)
    )
    response = client_for(mentor).get("/belajar/murid/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lama Diam" in html and "Baru Mulai" in html
    assert "1 peserta tidak ada kemajuan lebih dari 14 hari" in html
    assert html.count('class="card trainee stalled"') == 1
    assert html.index("Lama Diam") < html.index("Baru Mulai")


def test_beranda_counts_the_mentors_unfinished_and_stalled_trainees(settings):
    settings.KONGSI_STALLED_DAYS = 14
    mentor = make_mentor()
    make_trainee(mentor)
    quiet = [make_trainee(mentor) for _index in range(2)]
    Enrollment.objects.filter(pk__in=[row.pk for row in quiet]).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=20)
    )
    finished = make_trainee(mentor)
    Enrollment.objects.filter(pk=finished.pk).update(
        completed_at=timezone.now(),
        last_activity_at=timezone.now() - datetime.timedelta(days=40),
    )
    make_trainee(make_mentor())  # another mentor's trainee is not counted
    html = client_for(mentor).get("/").content.decode()
    assert "Kamu mendampingi 3 peserta." in html
    assert "⚠ 2 macet" in html


def test_mentor_page_runs_the_same_queries_for_1_and_30_trainees():
    mentor = make_mentor()
    first = make_trainee(mentor)
    tick_directly(first, manual_items(1))
    client = client_for(mentor)

    def grow():
        for _ in range(29):
            enrollment = make_trainee(mentor)
            tick_directly(enrollment, manual_items(1)[:2])

    count = assert_constant_queries(lambda: client.get("/belajar/murid/"), grow)
    assert count < 20
    assert client.get("/belajar/murid/").content.decode().count("<progress") == 30


def test_enrollment_api_list_runs_constant_queries():
    mentor = make_mentor()
    make_trainee(mentor)
    client = client_for(mentor)

    def grow():
        for _ in range(10):
            tick_directly(make_trainee(mentor), manual_items(1)[:1])

    assert_constant_queries(lambda: client.get("/api/v1/training/enrollments/"), grow)


def test_plain_members_may_not_open_the_mentor_page(member):
    assert client_for(member).get("/belajar/murid/").status_code == 403


def _photo():
    buffer = BytesIO()
    Image.new("RGB", (60, 40), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("bukti.png", buffer.getvalue(), "image/png")


def test_mentor_ticks_with_a_note_and_photo_from_the_page(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    enrollment = make_trainee()
    item = manual_items(1)[0]
    client = client_for(enrollment.mentor)
    page = client.get(f"/belajar/murid/{enrollment.pk}/").content.decode()
    assert f'action="/belajar/murid/{enrollment.pk}/centang/{item.pk}/"' in page
    response = client.post(
        f"/belajar/murid/{enrollment.pk}/centang/{item.pk}/",
        {"note": "HP Samsung sudah siap", "evidence": _photo()},
        follow=True,
    )
    assert response.status_code == 200
    check = ItemCheck.objects.get(enrollment=enrollment, item=item)
    assert check.note == "HP Samsung sudah siap" and check.evidence
    assert "sudah dicentang" in response.content.decode()
    # A later-stage item is refused with the reason shown, nothing written.
    later = manual_items(3)[0]
    response = client.post(
        f"/belajar/murid/{enrollment.pk}/centang/{later.pk}/", {}, follow=True
    )
    assert "belum terbuka" in response.content.decode()
    assert not ItemCheck.objects.filter(item=later).exists()


def test_another_mentor_and_the_trainee_cannot_use_the_tick_page():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    url = f"/belajar/murid/{enrollment.pk}/centang/{item.pk}/"
    assert client_for(make_mentor()).post(url).status_code == 404
    assert (
        client_for(make_mentor()).get(f"/belajar/murid/{enrollment.pk}/").status_code
        == 404
    )
    assert client_for(enrollment.trainee).post(url).status_code == 403
    assert not ItemCheck.objects.exists()


def test_mentor_unticks_with_a_reason_from_the_page():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    tick_directly(enrollment, [item])
    client = client_for(enrollment.mentor)
    client.post(
        f"/belajar/murid/{enrollment.pk}/batal/{item.pk}/",
        {"reason": "Ternyata belum"},
    )
    check = ItemCheck.objects.get(enrollment=enrollment, item=item)
    assert check.uncheck_reason == "Ternyata belum" and check.unchecked_at


def test_glossary_lists_every_term_and_searches(member):
    client = client_for(member)
    html = client.get("/belajar/kamus/").content.decode()
    assert html.count('<li class="card" id="') >= 40
    found = client.get("/belajar/kamus/", {"q": "bayar di tempat"}).content.decode()
    assert 'id="cod"' in found and 'id="voucher"' not in found
    assert "Contoh:" in found


def test_segmentation_aggregates_community_orders_without_names(member):
    from decimal import Decimal

    from catalog.models import Category, Product, Variant
    from orders.models import Order, OrderLine

    category = Category.objects.create(name="Batik", slug="batik")
    product = Product.objects.create(
        name="Batik Tulis", slug="batik-tulis", category=category
    )
    variant = Variant.objects.create(
        product=product,
        sku="BT-1",
        label="M",
        base_price=60000,
        suggested_price=90000,
        stock=10,
    )
    seller = make_trainee().trainee
    shop = ShopFactory(member=seller, marketplace="tokopedia", name="Toko Rahasia")
    for number, price in enumerate([45_000, 80_000, 90_000]):
        order = Order.objects.create(
            member=seller,
            shop=shop,
            marketplace_order_no=f"S{number}",
            status="submitted",
            charity_rate=Decimal("2.5"),
            submitted_at=timezone.now(),
        )
        OrderLine.objects.create(
            order=order,
            variant=variant,
            quantity=1,
            unit_base_price=60000,
            sale_price=price,
        )
    client = client_for(member)
    html = client.get(
        "/belajar/segmentasi/", {"category": category.pk}
    ).content.decode()
    assert "Tokopedia" in html
    assert "Dihitung dari 3 baris pesanan" in html
    assert "Toko Rahasia" not in html and seller.full_name not in html
    response = client.post(
        f"/belajar/segmentasi/?category={category.pk}",
        {
            "category": category.pk,
            "marketplace": "shopee",
            "product_name": "Batik Madura pesaing",
            "price": "85000",
        },
    )
    assert response.status_code == 302
    saved = CompetitorPrice.objects.get(member=member)
    assert (saved.price, saved.category) == (85000, category)


def test_promo_planner_saves_a_slot_and_shows_it_in_the_week(member):
    shop = ShopFactory(member=member, name="Toko Hijab")
    client = client_for(member)
    start = timezone.localtime() + datetime.timedelta(hours=3)
    response = client.post(
        "/belajar/promo/",
        {
            "shop": shop.pk,
            "kind": "flash_sale",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "products": "Hijab voal hitam",
            "discount_percent": "15",
        },
    )
    assert response.status_code == 302
    slot = PromoSlot.objects.get(member=member)
    assert slot.discount_percent == 15 and slot.shop == shop
    html = client.get("/belajar/promo/").content.decode()
    assert "Hijab voal hitam" in html and "Toko Hijab" in html
    # Another member's shop is refused.
    stranger_shop = ShopFactory()
    response = client.post(
        "/belajar/promo/",
        {
            "shop": stranger_shop.pk,
            "kind": "promo",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "products": "x",
            "discount_percent": "10",
        },
    )
    assert response.status_code == 200
    assert PromoSlot.objects.count() == 1


def test_promo_reminder_is_sent_once_an_hour_before_with_email(
    member, django_capture_on_commit_callbacks
):
    member.user.email = "anggota@example.org"
    member.user.save()
    shop = ShopFactory(member=member, name="Toko Jamu")
    now = timezone.now()
    soon = PromoSlot.objects.create(
        member=member,
        shop=shop,
        kind="flash_sale",
        starts_at=now + datetime.timedelta(minutes=50),
        ends_at=now + datetime.timedelta(hours=2),
        products="Jamu sapi",
        discount_percent=20,
    )
    later = PromoSlot.objects.create(
        member=member,
        shop=shop,
        kind="promo",
        starts_at=now + datetime.timedelta(hours=5),
        ends_at=now + datetime.timedelta(hours=6),
        products="Jamu",
        discount_percent=10,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert promo_reminder_task.delay().get() == 1
    assert promo_reminder_task.delay().get() == 0
    notes = Notification.objects.filter(member=member, kind="promo_reminder")
    assert notes.count() == 1
    assert "Toko Jamu" in notes.get().message and "Pengingat" in notes.get().message
    soon.refresh_from_db()
    later.refresh_from_db()
    assert soon.reminded_at is not None and later.reminded_at is None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anggota@example.org"]
    assert "Toko Jamu" in mail.outbox[0].body


def test_beranda_shows_the_training_panel():
    enrollment = make_trainee()
    html = client_for(enrollment.trainee).get("/").content.decode()
    assert "training-panel" in html and "Buka Belajar" in html
    mentor_html = client_for(enrollment.mentor).get("/").content.decode()
    assert "Kamu mendampingi 1 peserta" in mentor_html


def test_promo_planner_reads_the_shops_once(member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = ShopFactory(member=member, name="Toko Hijab")
    second = ShopFactory(member=member, name="Toko Gamis")
    client = client_for(member)
    client.get("/belajar/promo/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/belajar/promo/").content.decode()
    shop_reads = [q for q in queries if 'FROM "community_shop"' in q["sql"]]
    assert len(shop_reads) == 1
    assert f'<option value="{first.pk}">' in html
    assert f'<option value="{second.pk}">' in html
    assert 'name="shop"' in html
