"""Packing day: resi rules, tracking links, batch outcomes, scan, ship-by."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from community.errors import ConflictError, KongsiError, PermissionDeniedError
from community.models import Notification
from orders import packing, services
from orders.couriers import tracking_url
from orders.models import Order, OrderEvent, TrackingLink, forget_tracking_links
from orders.packing_selectors import (
    label_inbox,
    pick_list,
    ship_by_countdown,
    ship_by_figures,
)
from orders.resi import resi_courier_hint, resi_normalise
from orders.tasks import ship_by_morning_task
from tests.helpers import mark_paid
from tests.orders.factories import VariantFactory, make_order

S = Order.Status
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_links():
    forget_tracking_links()
    yield
    forget_tracking_links()


def paid(member, leader, **kwargs) -> Order:
    order = make_order(member=member, **kwargs)
    return mark_paid(order, actor=leader, settlement_id=1)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# -- resi ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        (" jp 1234-567 890 ", "JP1234567890"),
        ("spxid\t0123–456789012", "SPXID0123456789012"),
        ("O0I1-o0i1", "O0I1O0I1"),  # look-alikes are never folded
        ("", ""),
        (None, ""),
    ],
)
def test_resi_normalise(typed, stored):
    assert resi_normalise(typed) == stored


@pytest.mark.parametrize(
    ("resi", "courier"),
    [
        ("SPXID012345678901", "spx"),
        ("JP1234567890", "jnt"),
        ("002345678901", "sicepat"),
        ("10001234567890", "anteraja"),
        ("TLJR123456789012", "jne"),
        ("IDS012345678901", "idexpress"),
        ("NLIDAP12345678", "ninja"),
        ("11LP1234567890", "lion"),
        ("RR123456789ID", "pos"),
        ("HELLO", ""),
    ],
)
def test_courier_hint(resi, courier):
    assert resi_courier_hint(resi) == courier


def test_a_hint_never_refuses_a_resi(member, leader):
    order = paid(member, leader)  # courier JNE (the factory's)
    services.order_pack(order=order, actor=leader)
    order = services.order_ship(order=order, actor=leader, tracking_no="jp1234567890")
    assert (order.status, order.tracking_no) == (S.SHIPPED, "JP1234567890")
    assert "J&T" in packing.courier_mismatch(order)


def test_a_resi_used_on_another_order_of_the_courier_is_refused(member, leader):
    first, second, other_courier = (paid(member, leader) for _i in range(3))
    Order.objects.filter(pk=other_courier.pk).update(courier="jnt")
    for order in (first, second, other_courier):
        services.order_pack(order=order, actor=leader)
    services.order_ship(order=first, actor=leader, tracking_no="JNE-0001")
    with pytest.raises(KongsiError) as refused:
        services.order_ship(order=second, actor=leader, tracking_no="jne 0001")
    assert refused.value.field == "tracking_no"
    assert "sudah dipakai" in str(refused.value.message) or "already used" in str(
        refused.value.message
    )
    second.refresh_from_db()
    assert (second.status, second.tracking_no) == (S.PACKED, "")
    # Another courier may use the same number.
    other_courier = services.order_ship(
        order=other_courier, actor=leader, tracking_no="JNE0001"
    )
    assert other_courier.status == S.SHIPPED


def test_the_database_refuses_a_second_resi_too(member, leader):
    first, second = paid(member, leader), paid(member, leader)
    Order.objects.filter(pk=first.pk).update(tracking_no="X1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=second.pk).update(tracking_no="X1")


def test_resi_before_shipping_by_the_owner_and_scan_finds_it(member, leader):
    order = paid(member, leader)
    order = packing.order_set_tracking_no(
        order=order, tracking_no="cm-123 456 789", actor=member.user
    )
    assert order.tracking_no == "CM123456789"
    event = order.events.order_by("-pk").first()
    assert event.params["tracking_no"] == "CM123456789"
    other = paid(member, leader)
    with pytest.raises(KongsiError):
        packing.order_set_tracking_no(
            order=other, tracking_no="CM123456789", actor=leader
        )


def test_only_owner_or_leader_sets_the_resi(member, other_member, leader):
    order = paid(member, leader)
    with pytest.raises(PermissionDeniedError):
        packing.order_set_tracking_no(
            order=order, tracking_no="A1", actor=other_member.user
        )


# -- tracking links --------------------------------------------------------


def test_tracking_links_come_from_the_table_with_a_general_fallback():
    assert TrackingLink.objects.filter(courier="jne").exists()  # seeded
    assert tracking_url("jne", "AB 1").startswith("https://www.jne.co.id/")
    TrackingLink.objects.filter(courier="jne").delete()
    forget_tracking_links()
    assert tracking_url("jne", "AB1") == "https://cekresi.com/?noresi=AB1"
    link = TrackingLink.objects.get(courier="")
    link.url_template = "https://lacak.example/{resi}?x={resi}"
    link.save()
    assert tracking_url("jne", "A/B") == "https://lacak.example/A%2FB?x=A%2FB"


def test_a_tracking_link_needs_https_and_the_resi_place():
    with pytest.raises(ValidationError):
        TrackingLink(courier="tiki", url_template="http://x/{resi}").full_clean()
    with pytest.raises(ValidationError):
        TrackingLink(courier="tiki", url_template="https://x/").full_clean()


def test_a_template_cannot_reach_python_attributes():
    TrackingLink.objects.update_or_create(
        courier="tiki", defaults={"url_template": "https://x/{resi.__class__}"}
    )
    assert tracking_url("tiki", "A1") == "https://x/{resi.__class__}"


# -- batches ---------------------------------------------------------------


def test_bulk_pack_reports_each_order_and_keeps_the_rest(member, leader):
    to_pack = paid(member, leader)
    already = paid(member, leader)
    services.order_pack(order=already, actor=leader)
    unpaid = make_order(member=member)
    outcomes = packing.orders_pack_batch(
        order_ids=[unpaid.pk, already.pk, to_pack.pk], actor=leader
    )
    assert [outcome.order_id for outcome in outcomes] == sorted(
        [unpaid.pk, already.pk, to_pack.pk]
    )
    by_id = {outcome.order_id: outcome for outcome in outcomes}
    assert by_id[to_pack.pk].done
    assert not by_id[already.pk].done and not by_id[unpaid.pk].done
    statuses = dict(Order.objects.values_list("pk", "status"))
    assert statuses[to_pack.pk] == S.PACKED
    assert statuses[unpaid.pk] == S.SUBMITTED


def test_bulk_ship_refuses_a_resi_written_twice_and_ships_the_rest(member, leader):
    orders = [paid(member, leader) for _i in range(3)]
    for order in orders:
        services.order_pack(order=order, actor=leader)
    outcomes = packing.orders_ship_batch(
        shipments={orders[0].pk: "A1", orders[1].pk: "a-1", orders[2].pk: "B2"},
        actor=leader,
    )
    assert [outcome.done for outcome in outcomes] == [False, False, True]
    assert Order.objects.get(pk=orders[2].pk).tracking_no == "B2"


def test_bulk_actions_are_the_leaders(member):
    with pytest.raises(PermissionDeniedError):
        packing.orders_pack_batch(order_ids=[1], actor=member.user)


def test_the_page_reports_refused_orders(member, leader):
    done, refused = paid(member, leader), make_order(member=member)
    response = client_for(leader).post(
        "/pesanan/pengiriman/massal/",
        {"action": "pack", "order": [done.pk, refused.pk]},
        follow=True,
    )
    text = [str(message) for message in response.context["messages"]]
    assert any(refused.marketplace_order_no in line for line in text)
    assert Order.objects.get(pk=done.pk).status == S.PACKED


# -- scan-to-pack ----------------------------------------------------------


def test_scan_finds_by_resi_or_order_number_and_says_what_to_do(member, leader):
    order = paid(member, leader)
    packing.order_set_tracking_no(order=order, tracking_no="SPXID01", actor=leader)
    result = packing.scan_lookup(code="spxid-01", actor=leader)
    assert (result.tone, result.can_pack, result.order.pk) == ("ok", True, order.pk)
    by_number = packing.scan_lookup(code=order.marketplace_order_no, actor=leader)
    assert by_number.order.pk == order.pk
    packing.order_pack_scanned(order=order, code="spxid-01", actor=leader)
    again = packing.scan_lookup(code="SPXID01", actor=leader)
    assert again.tone == "warn" and not again.can_pack
    assert "SUDAH" in again.message or "ALREADY" in again.message
    assert packing.scan_lookup(code="NOPE", actor=leader).tone == "bad"
    event = OrderEvent.objects.filter(order=order, to_status=S.PACKED).get()
    assert event.params["scanned"] == "SPXID01"


def test_scanning_an_unpaid_order_warns(member, leader):
    order = make_order(member=member)
    result = packing.scan_lookup(code=order.marketplace_order_no, actor=leader)
    assert result.tone == "bad" and not result.can_pack


def test_scan_pages(member, leader):
    order = paid(member, leader)
    client = client_for(leader)
    page = client.post("/pesanan/pengiriman/pindai/", {"code": "nothing-here"})
    assert page.status_code == 200
    assert page.context["result"].tone == "bad"
    page = client.post(
        "/pesanan/pengiriman/pindai/", {"code": order.marketplace_order_no}
    )
    assert page.context["result"].can_pack
    client.post(
        "/pesanan/pengiriman/pindai/kemas/",
        {"order": order.pk, "code": order.marketplace_order_no},
    )
    assert Order.objects.get(pk=order.pk).status == S.PACKED
    again = client.post(
        "/pesanan/pengiriman/pindai/kemas/", {"order": order.pk, "code": "x"}
    )
    assert again.status_code == 302
    assert Order.objects.get(pk=order.pk).status == S.PACKED
    assert client_for(member.user).get("/pesanan/pengiriman/pindai/").status_code == 403


# -- inbox, pick list, ship-by ---------------------------------------------


def test_inbox_groups_by_courier_sorted_by_ship_by(member, leader):
    now = timezone.now()
    later, sooner, none = (paid(member, leader) for _i in range(3))
    Order.objects.filter(pk=later.pk).update(ship_by=now + timedelta(hours=30))
    Order.objects.filter(pk=sooner.pk).update(ship_by=now - timedelta(hours=2))
    jnt = paid(member, leader)
    Order.objects.filter(pk=jnt.pk).update(courier="jnt", ship_by=now)
    groups = label_inbox(now=now)
    assert [group["courier"] for group in groups] == ["jne", "jnt"]
    assert [order.pk for order in groups[0]["orders"]] == [sooner.pk, later.pk, none.pk]
    first = groups[0]["orders"][0]
    assert first.countdown_tone == "bad"
    assert any("label" in text.lower() for text in first.missing)


def test_countdown_words():
    now = timezone.now()
    assert ship_by_countdown(now + timedelta(hours=3, minutes=5), now)[1] == "warn"
    assert ship_by_countdown(now + timedelta(days=3), now)[1] == "info"
    assert ship_by_countdown(now - timedelta(minutes=5), now)[1] == "bad"
    assert ship_by_countdown(None, now) == ("", "")


def test_pick_list_sums_per_sku_in_bin_order(member, leader):
    shelf_b = VariantFactory(bin_location="B-01", stock=50)
    shelf_a = VariantFactory(bin_location="A-02", stock=50)
    no_bin = VariantFactory(stock=50)
    first = paid(member, leader, lines=[(shelf_b, 2, 1), (no_bin, 1, 1)])
    second = paid(member, leader, lines=[(shelf_b, 3, 1), (shelf_a, 1, 1)])
    rows = pick_list([first.pk, second.pk])
    assert [(row.sku, row.quantity, row.orders) for row in rows] == [
        (shelf_a.sku, 1, 1),
        (shelf_b.sku, 5, 2),
        (no_bin.sku, 1, 1),
    ]
    page = client_for(leader).get(
        "/pesanan/pengiriman/ambil/", {"order": [first.pk, second.pk]}
    )
    html = page.content.decode()
    assert html.index("A-02") < html.index("B-01")


def test_ship_by_figures_panel_and_morning_task(member, leader):
    now = timezone.now()
    late, today_order = paid(member, leader), paid(member, leader)
    Order.objects.filter(pk=late.pk).update(ship_by=now - timedelta(hours=1))
    end_of_day = timezone.localtime(now).replace(hour=23, minute=59)
    if end_of_day > now:
        Order.objects.filter(pk=today_order.pk).update(ship_by=end_of_day)
    figures = ship_by_figures(now=now)
    assert figures["overdue"] == 1
    assert figures["to_pack"] == 2
    assert ship_by_morning_task.delay().get() == 1
    assert ship_by_morning_task.delay().get() == 1  # same day: still one row
    notes = Notification.objects.filter(member__user=leader, kind="ship_by")
    assert notes.count() == 1
    assert "1" in notes.get().message
    home = client_for(leader).get("/")
    assert b"packing-panel" in home.content
    assert b"packing-panel" not in client_for(member.user).get("/").content


def test_nothing_to_tell_sends_nothing(leader):
    assert ship_by_morning_task.delay().get() == 0


def test_finished_orders_keep_their_resi(member, leader):
    order = paid(member, leader)
    services.order_pack(order=order, actor=leader)
    services.order_ship(order=order, actor=leader, tracking_no="Z9")
    with pytest.raises(ConflictError):
        packing.order_set_tracking_no(order=order, tracking_no="Z10", actor=leader)


def test_resi_form_on_the_order_page(member, other_member, leader):
    order = paid(member, leader)
    taken = paid(member, leader)
    packing.order_set_tracking_no(order=taken, tracking_no="JP0000000009", actor=leader)
    owner = client_for(member.user)
    assert b"resi-form" in owner.get(f"/pesanan/{order.pk}/").content
    owner.post(f"/pesanan/{order.pk}/resi-awal/", {"tracking_no": "jp 1234567890"})
    order.refresh_from_db()
    assert (order.tracking_no, order.status) == ("JP1234567890", S.PAID)
    page = owner.post(
        f"/pesanan/{order.pk}/resi-awal/", {"tracking_no": "JP0000000009"}, follow=True
    )
    assert any("JP0000000009" in str(m) for m in page.context["messages"])
    order.refresh_from_db()
    assert order.tracking_no == "JP1234567890"
    stranger = client_for(other_member.user)
    response = stranger.post(f"/pesanan/{order.pk}/resi-awal/", {"tracking_no": "X"})
    assert response.status_code == 404


def test_ship_by_typed_on_the_order_page(member, leader):
    order = paid(member, leader)
    owner = client_for(member.user)
    owner.post(
        f"/pesanan/{order.pk}/resi-awal/",
        {"tracking_no": "", "ship_by": "2026-12-05T14:30"},
    )
    order.refresh_from_db()
    local = timezone.localtime(order.ship_by)
    assert (local.day, local.hour, local.minute) == (5, 14, 30)
    assert order.tracking_no == ""
    assert order.events.filter(params__has_key="ship_by").count() == 1
    page = owner.post(
        f"/pesanan/{order.pk}/resi-awal/", {"ship_by": "besok pagi"}, follow=True
    )
    assert any(
        "tanggal" in str(m) or "date" in str(m) for m in page.context["messages"]
    )
    owner.post(f"/pesanan/{order.pk}/resi-awal/", {"ship_by": ""})
    order.refresh_from_db()
    assert order.ship_by is None


def test_a_ship_by_years_away_is_refused_in_words_not_a_500(member, leader):
    order = paid(member, leader)
    owner = client_for(member.user)
    for typed in ("0001-01-01T00:00", "9999-12-31T23:59", "2000-01-01T08:00"):
        page = owner.post(
            f"/pesanan/{order.pk}/resi-awal/", {"ship_by": typed}, follow=True
        )
        assert page.status_code == 200
        assert any("tanggal" in str(m) for m in page.context["messages"]), typed
    order.refresh_from_db()
    assert order.ship_by is None
    assert not order.events.filter(params__has_key="ship_by").exists()


def test_packing_pages_run_constant_queries(member, leader):
    from tests.helpers import assert_constant_queries

    variant = VariantFactory(stock=100, bin_location="A-1")
    paid(member, leader, lines=[(variant, 1, 1)])
    client = client_for(leader)

    def grow():
        for index in range(4):
            order = paid(member, leader, lines=[(variant, 1, 1)])
            Order.objects.filter(pk=order.pk).update(
                courier=["jnt", "spx"][index % 2],
                ship_by=timezone.now() + timedelta(hours=index),
            )

    count = assert_constant_queries(lambda: client.get("/pesanan/pengiriman/"), grow)
    assert count <= 15
    ids = list(Order.objects.values_list("pk", flat=True))
    picks = assert_constant_queries(
        lambda: client.get("/pesanan/pengiriman/ambil/", {"order": ids}), grow
    )
    assert picks <= 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_leaders_typing_one_resi_at_once_only_one_wins(member, leader):
    from tests.helpers import run_in_threads

    orders = [paid(member, leader) for _i in range(4)]

    def write(index: int):
        order = Order.objects.get(pk=orders[index].pk)
        return packing.order_set_tracking_no(
            order=order, tracking_no="JP5555555555", actor=leader
        )

    results = run_in_threads(write, 4)
    won = [result for result in results if isinstance(result, Order)]
    refused = [result for result in results if isinstance(result, KongsiError)]
    assert (len(won), len(refused)) == (1, 3), results
    assert all(error.field == "tracking_no" for error in refused)
    assert Order.objects.filter(tracking_no="JP5555555555").count() == 1


def test_the_leader_sets_shelves_on_the_catalog_page(leader):
    from catalog.models import Variant

    first, second = VariantFactory(), VariantFactory(bin_location="Z-9")
    client = client_for(leader)
    form = {
        f"bin_location-{first.pk}": "  A -  01 ",
        f"bin_location-{second.pk}": "Z-9",
        "reason": "",
    }
    response = client.post("/katalog/kelola/ubah-harga-stok/", form)
    assert response.status_code == 302
    assert Variant.objects.get(pk=first.pk).bin_location == "A - 01"
    form[f"bin_location-{first.pk}"] = "X" * 21
    page = client.post("/katalog/kelola/ubah-harga-stok/", form)
    assert page.status_code == 200
    assert Variant.objects.get(pk=first.pk).bin_location == "A - 01"
    assert (
        b'name="bin_location-' in client.get("/katalog/kelola/ubah-harga-stok/").content
    )


def test_shipping_with_another_couriers_resi_warns_but_ships(member, leader):
    order = paid(member, leader)  # JNE
    services.order_pack(order=order, actor=leader)
    page = client_for(leader).post(
        "/pesanan/pengiriman/massal/",
        {"action": "ship", f"resi-{order.pk}": "SPXID012345678901"},
        follow=True,
    )
    text = " ".join(str(message) for message in page.context["messages"])
    assert "SPX" in text
    assert Order.objects.get(pk=order.pk).status == S.SHIPPED


def test_the_leader_edits_tracking_links_in_admin(leader):
    from community.role_permissions import sync_role_permissions

    sync_role_permissions()
    leader.refresh_from_db()
    client = client_for(leader)
    link = TrackingLink.objects.get(courier="jne")
    url = f"/admin/orders/trackinglink/{link.pk}/change/"
    assert client.get("/admin/orders/trackinglink/").status_code == 200
    refused = client.post(url, {"courier": "jne", "url_template": "http://x/{resi}"})
    assert refused.status_code == 200  # the form again, with the error
    link.refresh_from_db()
    assert link.url_template.startswith("https://www.jne.co.id/")
    client.post(url, {"courier": "jne", "url_template": "https://jne.example/{resi}"})
    assert tracking_url("jne", "A1") == "https://jne.example/A1"
