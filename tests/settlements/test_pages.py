"""The member's Setor pages: create with all orders ticked, detail, proof, 404s."""

import pytest
from django.test import Client

from community.money import format_rupiah
from settlements.models import Settlement
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries
from tests.settlements.factories import bank_account, open_settlement, submitted_order
from tests.settlements.test_api import photo

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_create_page_ticks_every_unpaid_order_and_creates(member):
    orders = [submitted_order(member), submitted_order(member)]
    bank_account()
    client = client_for(member.user)
    page = client.get("/setor/baru/").content.decode()
    for order in orders:
        assert f'value="{order.pk}"' in page
    assert page.count("checked") >= 2
    response = client.post("/setor/baru/", {"orders": [o.pk for o in orders]})
    settlement = Settlement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/setor/{settlement.pk}/"
    detail = client.get(response["Location"]).content.decode()
    assert "Menunggu transfer" in detail
    assert f'data-copy-text="{settlement.amount_due}"' in detail
    assert "0987654321" in detail
    assert "Transfer tepat sebesar" in detail


def test_proof_upload_page(member):
    settlement = open_settlement(member)
    client = client_for(member.user)
    response = client.post(
        f"/setor/{settlement.pk}/bukti/",
        {
            "image": photo(),
            "bank": "BRI",
            "sender_name": "Rahmat",
            "amount": settlement.amount_due,
            "transferred_at": "2026-11-20T10:00",
        },
    )
    assert response.status_code == 302
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.PROOF_UPLOADED
    assert "Bukti terkirim" in client.get(f"/setor/{settlement.pk}/").content.decode()


def test_other_member_gets_404_on_pages(member, other_member):
    settlement = open_settlement(member)
    proof_client = client_for(other_member.user)
    for url in (f"/setor/{settlement.pk}/", f"/setor/{settlement.pk}/bukti/"):
        assert proof_client.get(url).status_code == 404
    assert proof_client.post(f"/setor/{settlement.pk}/batal/").status_code == 404
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER


def test_list_page_constant_queries_and_beranda_panel(member):
    client = client_for(member.user)
    open_settlement(member)
    client.get("/setor/")

    def grow():
        for _ in range(3):
            open_settlement(member)

    assert_constant_queries(lambda: client.get("/setor/"), grow)
    home = client.get("/").content.decode()
    assert 'id="home-outstanding"' in home
    assert "Uang yang harus disetor ke ketua" in home


def test_members_me_outstanding(member, api_as):
    settlement = open_settlement(member)
    loose = submitted_order(member)
    body = api_as(member.user).get("/api/v1/members/me/").json()
    assert body["outstanding"] == (
        settlement.amount_due + loose.goods_total + loose.charity_share
    )
    assert MemberFactory()  # another member's money is not counted


def test_list_page_counts_each_payments_orders_and_sums_the_unpaid(member):
    two = open_settlement(
        member, orders=[submitted_order(member), submitted_order(member)]
    )
    one = open_settlement(member)
    # Two orders in no settlement yet: goods 2 × 20.000, charity from the rule.
    waiting = [submitted_order(member), submitted_order(member)]
    charity = sum(order.charity_share for order in waiting)
    page = client_for(member.user).get("/setor/").content.decode()
    rows = page.split('class="card"')
    row_of = {
        settlement.pk: next(row for row in rows if f"/setor/{settlement.pk}/" in row)
        for settlement in (two, one)
    }
    assert "2 pesanan" in row_of[two.pk]
    assert "1 pesanan" in row_of[one.pk]
    assert "2 pesanan belum dibayar" in page
    assert f'<p class="big-number">{format_rupiah(40000 + charity)}</p>' in page
