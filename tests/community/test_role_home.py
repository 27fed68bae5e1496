"""Each role's Beranda: leader and treasurer start with the day's work as cards
(a count and one tap each), read in one query; members see their next step."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from charity.models import Program
from charity.services import disbursement_propose, program_create
from community.home import work_cards_for
from orders.models import Order
from orders.services import order_pack
from returns.services import return_request_create
from settlements.services import settlement_upload_proof
from tests.charity.factories import fund_with
from tests.factories import MemberFactory, make_staff
from tests.helpers import assert_constant_queries, count_queries, mark_paid
from tests.settlements.factories import open_settlement, submitted_order
from tests.settlements.test_api import photo

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def paid_order(member, *, ship_by=None):
    order = submitted_order(member)
    mark_paid(order)
    if ship_by is not None:
        Order.objects.filter(pk=order.pk).update(ship_by=ship_by)
    return order


def day_of_work(member, leader, treasurer):
    """Something waiting in every card."""
    soon = timezone.now() + datetime.timedelta(hours=5)
    paid_order(member, ship_by=soon)
    paid_order(member)
    packed = paid_order(member)
    order_pack(order=packed, actor=leader)
    settlement = open_settlement(member)
    settlement_upload_proof(
        settlement=settlement,
        actor=member.user,
        image=photo(),
        bank="BRI",
        sender_name="Rahmat",
        amount=settlement.amount_due,
        transferred_at=timezone.now(),
    )
    open_settlement(member)  # awaiting a transfer: the statement will show it
    line = paid_order(member).lines.get()
    return_request_create(
        member=member,
        actor=member.user,
        order_line_id=line.pk,
        quantity=1,
        reason="defective",
    )
    fund_with(1_000_000)
    program = program_create(
        actor=leader, name="Sembako", kind=Program.Kind.FAMILY_AID, budget=500_000
    )
    disbursement_propose(actor=treasurer, program=program, cash_amount=50_000)
    return soon


def cards(user) -> dict[str, dict]:
    return {card["key"]: card for card in work_cards_for(user)}


def test_the_leader_sees_every_task_with_its_count_and_link(member, leader, treasurer):
    soon = day_of_work(member, leader, treasurer)
    shown = cards(leader)
    assert list(shown) == ["orders_pack", "proofs", "statements", "returns", "payouts"]
    assert shown["orders_pack"]["count"] == 4  # 3 paid (one has a return) + 1 packed
    assert shown["orders_pack"]["url"] == "/pesanan/pengiriman/"
    assert shown["orders_pack"]["urgent"]  # the first ship-by is in 5 hours
    from community.home import when_text

    assert when_text(soon) in shown["orders_pack"]["text"]
    assert shown["proofs"]["count"] == 1
    assert shown["proofs"]["url"] == "/rekonsiliasi/#proofs"
    assert shown["statements"]["count"] == 2
    assert shown["returns"]["count"] == 1
    assert shown["returns"]["url"] == "/retur/antrian/"
    # The treasurer proposed the payout: the leader approves it.
    assert shown["payouts"]["count"] == 1
    page = client_for(leader).get("/").content.decode()
    assert 'id="work-orders_pack"' in page and 'href="/pesanan/pengiriman/"' in page
    assert "Pekerjaan hari ini" in page


def test_the_treasurer_sees_money_tasks_only(member, leader, treasurer):
    day_of_work(member, leader, treasurer)
    # Her own payout proposal is not hers to approve: no payouts card.
    assert list(cards(treasurer)) == ["proofs", "statements"]
    program = Program.objects.get()
    disbursement_propose(actor=leader, program=program, cash_amount=20_000)
    shown = cards(treasurer)
    assert list(shown) == ["proofs", "statements", "payouts"]
    assert shown["payouts"]["count"] == 1
    assert "1 perlu disetujui" in client_for(treasurer).get("/").content.decode()


def test_members_and_mentors_see_no_work_cards(member, leader, treasurer, mentor):
    day_of_work(member, leader, treasurer)
    assert work_cards_for(member.user) == []
    assert work_cards_for(mentor.user) == []
    page = client_for(member.user).get("/").content.decode()
    assert "Pekerjaan hari ini" not in page


def test_unmatched_transfers_get_their_card(treasurer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from settlements.reconciliation import statement_import

    csv = b"date,description,amount,type\n2026-11-20,TRSF DARI SIAPA,123456,CR\n"
    statement_import(
        file=SimpleUploadedFile("m.csv", csv), format="generic", actor=treasurer
    )
    shown = cards(treasurer)
    assert shown["unmatched"]["count"] == 1
    assert shown["unmatched"]["url"] == "/rekonsiliasi/#lines"


def test_all_cards_are_read_in_one_query(member, leader, treasurer):
    day_of_work(member, leader, treasurer)
    leader = type(leader).objects.get(pk=leader.pk)  # roles not cached yet
    work_cards_for(leader)  # roles now cached on the user

    def grow():
        day_of_work(MemberFactory(), leader, treasurer)

    queries = assert_constant_queries(lambda: work_cards_for(leader), grow)
    assert queries == 1
    assert count_queries(lambda: client_for(leader).get("/")) < 40


def test_staff_without_a_member_row_get_their_beranda_not_admin(db):
    leader = make_staff("leader", with_member=False)
    response = client_for(leader).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pekerjaan hari ini" in page and "Tidak ada yang menunggu" in page
    assert 'href="/rekonsiliasi/"' in page and 'href="/pesanan/pengiriman/"' in page


def test_a_member_sees_the_next_step_first(member):
    settlement = open_settlement(member)
    page = client_for(member.user).get("/").content.decode()
    step = page.index('id="current-step"')
    assert page.index('id="home-outstanding"') < step < page.index("Dana sosial")
    assert f'href="/setor/{settlement.pk}/"' in page[step:]
