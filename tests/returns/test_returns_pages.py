"""The returns pages: Ajukan retur, Saldo saya, Beranda panel, the leader's queue."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from ledger.credit import credit_balance
from returns.models import ReturnPhoto, ReturnRequest
from returns.services import credit_adjust
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries
from tests.returns.factories import make_return, paid_line, photo_file, submitted_line

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)
    return client


def test_ask_for_a_return_from_the_order(member):
    line = paid_line(member, quantity=2)
    client = client_for(member.user)
    url = reverse("returns:return_create", args=[line.order_id])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ajukan retur" in html and "Rusak atau cacat" in html
    assert line.variant.display_name in html
    response = client.post(
        url,
        {
            "order_line": line.pk,
            "quantity": 1,
            "reason": "wrong_item",
            "note": "Warna beda",
            "photos": [photo_file()],
        },
    )
    request = ReturnRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("returns:return_detail", args=[request.pk])
    assert request.reason == "wrong_item" and request.photos.count() == 1
    detail = client.get(response.url).content.decode()
    assert "Menunggu ketua" in detail


def test_over_return_on_the_page_shows_the_message(member):
    line = paid_line(member, quantity=1)
    client = client_for(member.user)
    url = reverse("returns:return_create", args=[line.order_id])
    response = client.post(
        url, {"order_line": line.pk, "quantity": 5, "reason": "defective"}
    )
    assert response.status_code == 400
    assert "paling banyak 1" in response.content.decode()
    assert ReturnRequest.objects.count() == 0


def test_unpaid_order_page_explains_and_offers_no_form(member):
    line = submitted_line(member)
    page = client_for(member.user).get(
        reverse("returns:return_create", args=[line.order_id])
    )
    assert page.status_code == 200
    assert "belum dibayar" in page.content.decode()
    assert 'name="reason"' not in page.content.decode()


def test_another_members_order_and_return_are_404(member, other_member):
    line = paid_line(other_member)
    request = make_return(line, photos=[photo_file()])
    client = client_for(member.user)
    assert (
        client.get(reverse("returns:return_create", args=[line.order_id])).status_code
        == 404
    )
    assert (
        client.get(reverse("returns:return_detail", args=[request.pk])).status_code
        == 404
    )
    photo = ReturnPhoto.objects.get()
    assert client.get(reverse("returns:photo", args=[photo.pk])).status_code == 404


def test_photos_are_served_to_the_owner_and_the_leader(member, leader):
    request = make_return(paid_line(member), photos=[photo_file()])
    photo = request.photos.get()
    url = reverse("returns:photo", args=[photo.pk])
    for user in (member.user, leader):
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # JPEG
    assert Client().get(url).status_code == 302  # anonymous → login


def test_lists_show_a_small_copy_and_the_tap_opens_the_whole_photo(member, leader):
    request = make_return(paid_line(member), photos=[photo_file(size=(1600, 1200))])
    photo = request.photos.get()
    url = reverse("returns:photo", args=[photo.pk])
    client = client_for(leader)
    queue = client.get(reverse("returns:queue")).content.decode()
    assert f'src="{url}?size=thumb"' in queue
    assert f'href="{url}"' in queue

    small = client.get(url + "?size=thumb")
    whole = b"".join(client.get(url).streaming_content)

    assert small.status_code == 200 and small["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(small.content)) as picture:
        assert max(picture.size) == 240
        assert picture.size == (240, 180)  # the photo's 4:3 kept
    assert len(small.content) < len(whole)
    assert Client().get(url + "?size=thumb").status_code == 302
    other = client_for(MemberFactory().user)
    assert other.get(url + "?size=thumb").status_code == 404


def test_leader_queue_approve_and_reject(member, leader):
    line = paid_line(member, quantity=3, base_price=12_000)
    first = make_return(line, quantity=2, photos=[photo_file()])
    second = make_return(line, quantity=1, reason="changed_mind")
    client = client_for(leader)
    queue = client.get(reverse("returns:queue")).content.decode()
    assert "2 retur menunggu" in queue
    assert reverse("returns:photo", args=[first.photos.get().pk]) in queue
    detail = client.get(reverse("returns:return_detail", args=[first.pk]))
    assert "Rp 24.000" in detail.content.decode()
    response = client.post(
        reverse("returns:return_approve", args=[first.pk]), {"restock": "on"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "credited" and first.restocked
    assert credit_balance(member) == 24_000
    client.post(reverse("returns:return_reject", args=[second.pk]), {"reason": ""})
    second.refresh_from_db()
    assert second.status == "requested"
    client.post(
        reverse("returns:return_reject", args=[second.pk]), {"reason": "Sudah dipakai"}
    )
    second.refresh_from_db()
    assert second.status == "rejected"


def test_members_cannot_open_the_queue_or_decide(member):
    request = make_return(paid_line(member))
    client = client_for(member.user)
    assert client.get(reverse("returns:queue")).status_code == 403
    assert (
        client.post(reverse("returns:return_approve", args=[request.pk])).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == "requested"


def test_queue_runs_a_constant_number_of_queries(member, leader):
    client = client_for(leader)
    make_return(paid_line(member), photos=[photo_file()])
    client.get(reverse("returns:queue"))

    def grow():
        for _ in range(3):
            make_return(paid_line(member), photos=[photo_file()])

    assert_constant_queries(lambda: client.get(reverse("returns:queue")), grow)


def test_saldo_saya_and_the_beranda_panel_show_the_balance(member, leader):
    credit_adjust(member=member, amount=45_000, reason="Barang rusak", actor=leader)
    client = client_for(member.user)
    saldo = client.get(reverse("returns:credit")).content.decode()
    assert "Saldo saya" in saldo and "Rp 45.000" in saldo and "Barang rusak" in saldo
    home = client.get(reverse("community:home")).content.decode()
    assert 'id="home-credit-balance"' in home and "Rp 45.000" in home


def test_leader_corrects_credit_once_per_form(member, leader):
    client = client_for(leader)
    page = client.get(reverse("returns:credit_adjust"))
    token = page.context["form"].initial["token"]
    data = {"member": member.pk, "amount": "-0", "reason": "x", "token": token}
    assert client.post(reverse("returns:credit_adjust"), data).status_code == 400
    data.update(amount="10000", reason="Ganti ongkir")
    client.post(reverse("returns:credit_adjust"), data)
    client.post(reverse("returns:credit_adjust"), data)  # sent twice
    assert credit_balance(member) == 10_000
    assert client_for(member.user).get(
        reverse("returns:credit_adjust")
    ).status_code == (403)


def test_the_order_page_offers_ajukan_retur_only_when_paid(member):
    client = client_for(member.user)
    paid = paid_line(member)
    html = client.get(reverse("orders:order_detail", args=[paid.order_id])).content
    link = reverse("returns:return_create", args=[paid.order_id])
    assert f'href="{link}"'.encode() in html and b"Ajukan retur" in html
    unpaid = submitted_line(member)
    html = client.get(reverse("orders:order_detail", args=[unpaid.order_id])).content
    assert b'id="ask-return"' not in html
