"""The orders pages: Catat pesanan, list, detail, label, leader's queue."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from orders import services
from orders.models import Order
from tests.factories import ShopFactory
from tests.helpers import assert_constant_queries, mark_paid
from tests.orders.factories import VariantFactory, make_order

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_data(shop, variant, **overrides):
    data = {
        "action": "submit",
        "shop": shop.pk,
        "marketplace_order_no": "2601ABC",
        "recipient_block": "",
        "recipient_name": "Budi",
        "recipient_phone": "081234567890",
        "recipient_address": "Jl. Merdeka 10",
        "courier": "jnt",
        "shipping_fee": "",
        "marketplace_fee": "1000",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "50",
        "lines-0-variant": str(variant.pk),
        "lines-0-quantity": "2",
        "lines-0-sale_price": "",
    }
    data.update(overrides)
    return data


def test_logging_an_order_on_the_page(member, shop):
    variant = VariantFactory(stock=5, base_price=20000, suggested_price=30000)
    client = client_for(member.user)
    page = client.get("/pesanan/baru/")
    assert page.status_code == 200
    assert "Catat pesanan" in page.content.decode()
    data = form_data(shop, variant)
    data["label"] = SimpleUploadedFile("label.pdf", PDF, "application/pdf")
    response = client.post("/pesanan/baru/", data)
    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/pesanan/{order.pk}/"
    # blank sale price = the suggested price; profit 2×10.000 − 1.000
    assert order.lines.get().sale_price == 30000
    assert (order.goods_total, order.profit, order.charity_share) == (40000, 19000, 475)
    assert order.status == "submitted"
    assert order.label.name.endswith(".pdf")
    detail = client.get(response["Location"]).content.decode()
    assert "Menunggu setoran" in detail
    assert "Kirim ke WhatsApp" in detail


def test_pasting_a_block_splits_it_and_the_money_is_shown(member, shop):
    variant = VariantFactory(stock=5, base_price=20000, suggested_price=30000)
    client = client_for(member.user)
    data = form_data(
        shop,
        variant,
        action="parse",
        recipient_name="",
        recipient_phone="",
        recipient_address="",
        recipient_block="Nama: Siti Rahma\nNo. HP: 0857-1234-5678\nAlamat: Jl. Mawar 3",
    )
    page = client.post("/pesanan/baru/", data)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="Siti Rahma"' in html
    assert 'value="085712345678"' in html
    assert "Jl. Mawar 3</textarea>" in html
    assert "Rp 40.000" in html  # goods total preview
    assert "Rp 19.000" in html  # profit preview
    assert Order.objects.count() == 0
    parsed = client.post("/pesanan/pisah-alamat/", {"text": "Budi\n0812 1111 2222"})
    assert parsed.json() == {"name": "Budi", "phone": "081211112222", "address": ""}


def test_bad_input_on_the_page_shows_the_message_and_saves_nothing(member, shop):
    variant = VariantFactory(stock=1, product__name="Jamu", label="1 L")
    client = client_for(member.user)
    page = client.post("/pesanan/baru/", form_data(shop, variant))
    assert page.status_code == 200
    assert "Stok Jamu — 1 L tidak cukup: tinggal 1." in page.content.decode()
    make_order(member=member, shop=shop, number="DUP-1")
    page = client.post(
        "/pesanan/baru/",
        form_data(
            shop, variant, marketplace_order_no="DUP-1", **{"lines-0-quantity": "1"}
        ),
    )
    assert "sudah dicatat untuk toko ini" in page.content.decode()
    assert Order.objects.count() == 1


def test_another_members_shop_is_not_offered_nor_accepted(member, other_member):
    variant = VariantFactory(stock=5)
    foreign = ShopFactory(member=other_member)
    client = client_for(member.user)
    ShopFactory(member=member)
    page = client.post("/pesanan/baru/", form_data(foreign, variant))
    assert page.status_code == 200
    assert Order.objects.count() == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/pesanan/{pk}/"),
        ("get", "/pesanan/{pk}/label/"),
        ("post", "/pesanan/{pk}/kirim/"),
        ("post", "/pesanan/{pk}/batal/"),
        ("post", "/pesanan/{pk}/kemas/"),
        ("post", "/pesanan/{pk}/resi/"),
        ("post", "/pesanan/{pk}/selesai/"),
    ],
)
def test_another_member_gets_404_on_every_page_and_action(
    member, other_member, method, path
):
    order = make_order(member=member)
    services.order_attach_label(
        order=order,
        label=SimpleUploadedFile("l.pdf", PDF, "application/pdf"),
        actor=member.user,
    )
    client = client_for(other_member.user)
    response = getattr(client, method)(path.format(pk=order.pk), {"tracking_no": "X"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "submitted"
    assert order.events.count() == 2
    assert not list(client.get("/pesanan/").context["orders"])


def test_the_label_is_served_to_the_owner_and_staff_only(member, leader, treasurer):
    order = make_order(member=member)
    services.order_attach_label(
        order=order,
        label=SimpleUploadedFile("l.pdf", PDF, "application/pdf"),
        actor=member.user,
    )
    for user in (member.user, leader, treasurer):
        response = client_for(user).get(f"/pesanan/{order.pk}/label/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF
    assert Client().get(f"/pesanan/{order.pk}/label/").status_code == 302


def test_order_list_runs_constant_queries(member):
    shop = ShopFactory(member=member)
    variant = VariantFactory(stock=1000)
    make_order(member=member, shop=shop, lines=[(variant, 1, 30000)])
    client = client_for(member.user)
    client.get("/pesanan/")

    def grow():
        for _index in range(49):
            make_order(member=member, shop=shop, lines=[(variant, 1, 30000)])

    assert_constant_queries(lambda: client.get("/pesanan/"), grow)
    page = client.get("/pesanan/?status=submitted")
    assert len(page.context["orders"]) == 20
    assert page.context["page"].paginator.num_pages == 3
    assert 'badge warn status-submitted">Menunggu setoran' in page.content.decode()


def test_order_list_pages_twenty_newest_first(member):
    shop = ShopFactory(member=member)
    variant = VariantFactory(stock=1000)
    orders = [
        make_order(member=member, shop=shop, lines=[(variant, 1, 30000)])
        for _index in range(45)
    ]
    newest_first = [order.pk for order in reversed(orders)]
    client = client_for(member.user)
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/pesanan/?status=submitted&page={number}")
        seen += [order.pk for order in page.context["orders"]]
    assert seen == newest_first
    html = client.get("/pesanan/?status=submitted&page=2").content.decode()
    assert "2 / 3" in html
    assert "?status=submitted&amp;page=3" in html
    assert "?status=submitted&amp;page=1" in html
    # A page number past the end shows the last page, never an error.
    last = client.get("/pesanan/?page=99")
    assert [order.pk for order in last.context["orders"]] == newest_first[40:]


def test_the_leader_packs_and_ships_in_bulk(member, leader):
    orders = [make_order(member=member) for _index in range(3)]
    for order in orders:
        mark_paid(order, actor=leader, settlement_id=1)
    client = client_for(leader)
    queue = client.get("/pesanan/pengiriman/")
    assert queue.status_code == 200
    assert len(queue.context["groups"]["paid"]) == 3
    client.post(
        "/pesanan/pengiriman/massal/",
        {"action": "pack", "order": [orders[0].pk, orders[1].pk]},
    )
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert [statuses[o.pk] for o in orders] == ["packed", "packed", "paid"]
    client.post(
        "/pesanan/pengiriman/massal/",
        {
            "action": "ship",
            f"resi-{orders[0].pk}": "jne001",
            f"resi-{orders[1].pk}": "",
        },
    )
    orders[0].refresh_from_db()
    orders[1].refresh_from_db()
    assert (orders[0].status, orders[0].tracking_no) == ("shipped", "JNE001")
    assert orders[1].status == "packed"
    slip = client.get(f"/pesanan/{orders[0].pk}/slip/").content.decode()
    assert orders[0].shop.name in slip
    assert member.phone in slip


def test_members_may_not_open_the_queue_or_the_slip(member):
    order = make_order(member=member)
    client = client_for(member.user)
    assert client.get("/pesanan/pengiriman/").status_code == 403
    assert client.get(f"/pesanan/{order.pk}/slip/").status_code == 403
    assert client.post(f"/pesanan/{order.pk}/kemas/").status_code == 403


def test_order_list_rows_show_lines_status_and_link(member, other_member):
    shop = ShopFactory(member=member, name="Toko Rahmat")
    scarf = VariantFactory(stock=100, label="Merah", product__name="Hijab <Segi>")
    chips = VariantFactory(stock=100, label="", product__name="Keripik")
    order = make_order(
        member=member, shop=shop, lines=[(scarf, 2, 30000), (chips, 1, 30000)]
    )
    make_order(member=other_member, lines=[(chips, 5, 30000)])
    page = client_for(member.user).get("/pesanan/").content.decode()
    row = page.split(f'href="/pesanan/{order.pk}/"')[1].split("</li>")[0]
    # Lines in the order they were written, names escaped, the member's name
    # not shown on their own list.
    assert "Hijab &lt;Segi&gt; — Merah × 2; Keripik × 1" in row
    assert "Toko Rahmat" in row
    assert 'class="badge' in row
    assert "status-submitted" in row
    assert member.full_name not in row
    assert "× 5" not in page
