"""The service worker, manifest, share target, hemat kuota and gzip (issue 18)."""

import gzip
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalog.photos import image_add
from community.offline import LOW_DATA_COOKIE
from orders.models import Order
from orders.share import SESSION_KEY
from tests.factories import MemberFactory, ShopFactory
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(
    member, settings
):
    settings.KONGSI_SW_WARM = True
    response = client_for(member.user).get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "__KONGSI_VERSION__" not in body
    assert '"/static/css/kongsi.css"' in body and '"/offline/"' in body
    assert 'WARM_PAGES = ["/", "/katalog/", "/pesanan/", "/pesanan/baru/"]' in body
    # The version follows what it caches: another static name, another worker.
    version = body.split('var VERSION = "')[1][:12]
    assert len(version) == 12
    assert Client().get("/sw.js").content.decode().count(version) == 1


def test_every_page_registers_the_worker_and_has_the_offline_banner(member):
    html = client_for(member.user).get("/").content.decode()
    assert 'data-sw="/sw.js"' in html
    # The banner's words come with the page: no catalog of strings to fetch.
    assert 'id="offline-banner"' in html and "Tidak ada sinyal. Ini Kongsi" in html
    assert "Setoran dan pembayaran perlu sinyal" in html
    assert "/jsi18n/" not in html


def test_no_page_carries_the_outbox_script_on_a_first_visit(member):
    """static/js/kongsi.js loads it (named in data-outbox-js) only when it has
    work: an order kept on the phone, or no signal on the form or a list."""
    client = client_for(member.user)
    ShopFactory(member=member)
    for path in ("/", "/pesanan/", "/pesanan/baru/", "/setor/", "/katalog/"):
        html = client.get(path).content.decode()
        assert '<script src="/static/js/outbox.js"' not in html, path
        assert 'data-outbox-js="/static/js/outbox.js"' in html, path
    # The lists still say in Indonesian what the outbox script shows.
    for path in ("/pesanan/", "/pesanan/baru/", "/offline/"):
        html = client.get(path).content.decode()
        assert "data-outbox-list" in html and 'data-waiting="Belum terkirim"' in html


def test_the_offline_page_says_what_works_without_signal():
    html = Client().get("/offline/").content.decode()
    assert "Tidak ada sinyal" in html and "kode unik" in html


def test_the_manifest_is_installable_and_a_share_target():
    data = json.loads(Client().get("/manifest.webmanifest").content)
    assert data["scope"] == "/" and data["start_url"] == "/"
    share = data["share_target"]
    assert share["action"] == "/pesanan/bagikan/" and share["method"] == "POST"
    assert share["enctype"] == "multipart/form-data"
    assert "application/pdf" in share["params"]["files"][0]["accept"]


def test_pages_are_gzipped_when_the_phone_asks(member):
    response = client_for(member.user).get("/pesanan/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<h1>" in html


def test_a_shared_label_attaches_to_an_existing_order(member):
    order = make_order(member=member)
    client = client_for(member.user)
    shared = client.post(
        "/pesanan/bagikan/",
        {"title": "Label", "label": SimpleUploadedFile("resi.pdf", PDF)},
    )  # no CSRF token: the phone's share sheet sends none
    assert shared.status_code == 302
    page = client.get("/pesanan/bagikan/").content.decode()
    assert "resi.pdf" in page and order.marketplace_order_no in page
    attached = client.post("/pesanan/bagikan/lampirkan/", {"order": order.pk})
    assert attached["Location"] == f"/pesanan/{order.pk}/"
    order.refresh_from_db()
    assert order.label.name.endswith(".pdf")
    assert SESSION_KEY not in client.session


def test_a_shared_label_goes_with_a_new_order(member):
    shop = ShopFactory(member=member)
    variant = VariantFactory(stock=5)
    client = client_for(member.user)
    client.post("/pesanan/bagikan/", {"label": SimpleUploadedFile("a.pdf", PDF)})
    form = client.get("/pesanan/baru/").content.decode()
    assert 'name="shared_label"' in form and "a.pdf" in form
    response = client.post(
        "/pesanan/baru/",
        {
            "action": "submit", "shop": shop.pk, "marketplace_order_no": "SHARE-1",
            "recipient_name": "Budi", "recipient_phone": "081234567890",
            "recipient_address": "Jl. Merdeka 10", "courier": "jnt",
            "shipping_fee": "", "marketplace_fee": "0", "shared_label": "1",
            "lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "1", "lines-MAX_NUM_FORMS": "50",
            "lines-0-variant": str(variant.pk), "lines-0-quantity": "1",
            "lines-0-sale_price": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    assert Order.objects.get(marketplace_order_no="SHARE-1").label


def test_a_shared_file_that_is_not_a_label_is_refused(member):
    client = client_for(member.user)
    refused = client.post(
        "/pesanan/bagikan/",
        {"label": SimpleUploadedFile("x.html", b"<script>x</script>")},
        follow=True,
    )
    assert "PDF" in refused.content.decode()
    assert SESSION_KEY not in client.session


def test_another_members_order_cannot_take_the_label(member, other_member):
    foreign = make_order(member=other_member)
    client = client_for(member.user)
    client.post("/pesanan/bagikan/", {"label": SimpleUploadedFile("a.pdf", PDF)})
    assert client.post(
        "/pesanan/bagikan/lampirkan/", {"order": foreign.pk}
    ).status_code == 404  # fmt: skip
    foreign.refresh_from_db()
    assert not foreign.label


def test_hemat_kuota_hides_product_photos_on_this_phone(
    member, django_capture_on_commit_callbacks
):
    from tests.returns.factories import photo_file

    product = VariantFactory().product
    with django_capture_on_commit_callbacks(execute=True):
        image_add(product=product, upload=photo_file("kopi.jpg"), actor=None)
    client = client_for(member.user)
    url = f"/katalog/{product.slug}/"
    assert "<img" in client.get(url).content.decode()
    switched = client.post("/profil/hemat-kuota/", {"next": url})
    assert switched["Location"] == url
    assert client.cookies[LOW_DATA_COOKIE].value == "1"
    page = client.get(url).content.decode()
    assert "<img" not in page and "low-data" in page
    assert "<img" not in client.get("/katalog/").content.decode()
    client.post("/profil/hemat-kuota/", {"next": "https://evil.example/"})
    assert "<img" in client.get(url).content.decode()


def test_the_outbox_body_is_what_the_api_accepts(member):
    """static/js/outbox.js sends blank prices as null and numbers as numbers."""
    shop = ShopFactory(member=member)
    variant = VariantFactory(stock=5, suggested_price=30000)
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_login(member.user)
    body = {
        "shop": shop.pk, "marketplace_order_no": "OUTBOX-1",
        "recipient_name": "Budi", "recipient_phone": "081234567890",
        "recipient_address": "Jl. Merdeka 10", "courier": "jnt",
        "shipping_fee": 0, "marketplace_fee": 0, "draft": False,
        "lines": [{"variant": variant.pk, "quantity": 2, "sale_price": None}],
    }  # fmt: skip
    first = api.post("/api/v1/orders/", body, format="json",
                     HTTP_IDEMPOTENCY_KEY="b6a1c7e0-outbox")  # fmt: skip
    again = api.post("/api/v1/orders/", body, format="json",
                     HTTP_IDEMPOTENCY_KEY="b6a1c7e0-outbox")  # fmt: skip
    assert first.status_code == again.status_code == 201
    assert Order.objects.filter(marketplace_order_no="OUTBOX-1").count() == 1
    assert first.json()["lines"][0]["sale_price"] == 30000


def test_a_stranger_signed_in_sees_the_worker_but_no_member_pages():
    stranger = MemberFactory(roles=[])
    assert client_for(stranger.user).get("/sw.js").status_code == 200
