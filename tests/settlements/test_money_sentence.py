"""One money sentence: a member sees one amount to pay per settlement, and its
breakdown adds up (goods + charity − credit + code = total), with zero rows
left out. The pages are parsed, not searched for a string."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from community.money import format_rupiah, payment_sum
from ledger.credit import credit_post
from settlements.models import Settlement
from settlements.services import settlement_upload_proof
from tests.orders.test_pages import form_data
from tests.settlements.factories import bank_account, open_settlement, submitted_order
from tests.settlements.test_api import photo

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """Collect the text of every ``data-pay-for`` element and of every
    money-sum row (its sign and amount), as the reader sees them."""

    def __init__(self):
        super().__init__()
        self.pay_for: dict[str, set[str]] = {}
        self.rows: list[tuple[str, str]] = []  # (row class, dd text)
        self.messages: list[str] = []
        self._open: list[list] = []  # [tag, kind, key, depth, text parts]
        self._row_class = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for item in self._open:
            if item[0] == tag:
                item[3] += 1
        classes = (attrs.get("class") or "").split()
        if "money-row" in classes:
            self._row_class = next(c for c in classes if c != "money-row")
        if "data-pay-for" in attrs:
            self._open.append([tag, "pay", attrs["data-pay-for"], 0, []])
        if tag == "dd" and self._row_class:
            self._open.append([tag, "row", self._row_class, 0, []])
        if tag == "li" and "message" in classes:
            self._open.append([tag, "message", "", 0, []])

    def handle_endtag(self, tag):
        for item in list(self._open):
            if item[0] != tag:
                continue
            if item[3]:
                item[3] -= 1
                continue
            self._open.remove(item)
            text = " ".join("".join(item[4]).split())
            if item[1] == "pay":
                self.pay_for.setdefault(item[2], set()).add(text)
            elif item[1] == "row":
                self.rows.append((item[2], text))
                self._row_class = None
            else:
                self.messages.append(text)

    def handle_data(self, data):
        for item in self._open:
            item[4].append(data)


def parse(client, url) -> _Page:
    response = client.get(url)
    assert response.status_code == 200, url
    page = _Page()
    page.feed(response.content.decode())
    return page


def rupiah(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_sum_adds_up_and_leaves_out_zero_rows():
    money = payment_sum(goods_total=126_000, charity_share=1_350, unique_code=735)
    assert [row.key for row in money.rows] == ["goods", "charity", "unique_code"]
    assert money.total == 128_085
    assert (money.total_head, money.total_tail) == ("Rp 128.", "085")
    with_credit = payment_sum(
        goods_total=126_000, charity_share=1_350, credit_applied=25_000, unique_code=735
    )
    assert [row.sign for row in with_credit.rows] == ["", "+", "−", "+"]
    assert with_credit.total == 103_085
    no_code = payment_sum(goods_total=56_000, charity_share=600)
    assert no_code.total_tail == "" and no_code.total_text == "Rp 56.600"


def test_no_member_page_shows_two_amounts_for_one_settlement(member):
    bank_account()
    credit_post(
        member=member,
        amount=5_000,
        kind="adjustment",
        reference="test",
        idempotency_key="money-sentence-credit",
    )
    first = open_settlement(member)
    second = open_settlement(member)
    settlement_upload_proof(
        settlement=second,
        actor=member.user,
        image=photo(),
        bank="BRI",
        sender_name="Rahmat",
        amount=second.amount_due,
        transferred_at=second.created_at,
    )
    submitted_order(member)  # an unsettled order too: Beranda sums it apart
    client = client_for(member.user)
    seen: dict[str, set[str]] = {}
    urls = ["/", "/setor/", "/setor/baru/"]
    for settlement in (first, second):
        urls += [f"/setor/{settlement.pk}/", f"/setor/{settlement.pk}/bukti/"]
    for url in urls:
        for key, texts in parse(client, url).pay_for.items():
            seen.setdefault(key, set()).update(texts)
    for settlement in (first, second):
        settlement.refresh_from_db()
        texts = seen[f"settlement:{settlement.pk}"]
        assert texts == {format_rupiah(settlement.amount_due)}, texts
    assert first.credit_applied == 5_000


def test_the_settlement_breakdown_adds_up_on_screen(member):
    credit_post(
        member=member,
        amount=3_000,
        kind="adjustment",
        reference="test",
        idempotency_key="money-sentence-credit-2",
    )
    settlement = open_settlement(member)
    page = parse(client_for(member.user), f"/setor/{settlement.pk}/")
    rows = dict(page.rows)
    assert set(rows) == {
        "money-goods",
        "money-charity",
        "money-credit",
        "money-unique_code",
        "money-total",
    }
    total = 0
    for key, text in page.rows:
        if key == "money-total":
            assert text.startswith("=")
            assert rupiah(text) == total == settlement.amount_due
            continue
        amount = rupiah(text)
        total += -amount if text.startswith("−") else amount
    body = client_for(member.user).get(f"/setor/{settlement.pk}/").content.decode()
    tail = f"{settlement.amount_due:,}".replace(",", ".")[-3:]
    assert f"<mark>{tail}</mark>" in body
    assert f"Kode unik {format_rupiah(settlement.unique_code)}" in body


def test_no_credit_row_when_there_is_no_credit(member):
    settlement = open_settlement(member)
    keys = [key for key, _text in parse(client_for(member.user), "/setor/").rows]
    assert keys == []  # the list shows amounts, not the sum
    keys = [
        k for k, _t in parse(client_for(member.user), f"/setor/{settlement.pk}/").rows
    ]
    assert "money-credit" not in keys and "money-charity" in keys


def test_the_create_page_shows_the_grand_total_before_it_exists(member):
    orders = [submitted_order(member), submitted_order(member)]
    credit_post(
        member=member,
        amount=2_000,
        kind="adjustment",
        reference="test",
        idempotency_key="money-sentence-credit-3",
    )
    page = parse(client_for(member.user), "/setor/baru/")
    expected = sum(o.goods_total + o.charity_share for o in orders) - 2_000
    assert page.pay_for["unsettled"] == {format_rupiah(expected)}
    body = client_for(member.user).get("/setor/baru/").content.decode()
    assert f"Setor {format_rupiah(expected)} + kode unik" in body
    # Beranda's next step says the same amount.
    home = client_for(member.user).get("/").content.decode()
    assert f"Setor {format_rupiah(expected)} + kode unik" in home
    assert not Settlement.objects.exists()


def test_the_banner_after_an_order_says_the_amount_the_card_shows(member, shop):
    from tests.orders.factories import VariantFactory

    variant = VariantFactory(stock=5, base_price=28_000, suggested_price=30_000)
    client = client_for(member.user)
    response = client.post("/pesanan/baru/", form_data(shop, variant), follow=True)
    page = _Page()
    page.feed(response.content.decode())
    (banner,) = page.messages
    (card,) = [texts for key, texts in page.pay_for.items() if key.startswith("order:")]
    (card_text,) = card
    amounts = re.findall(r"Rp [\d.]+", banner)
    assert amounts == [card_text], (banner, card_text)
    order = member.orders.get()
    assert rupiah(card_text) == order.goods_total + order.charity_share


def test_steps_show_the_deadline_and_the_bank_fee(member, settings):
    settings.SETTLEMENT_EXPIRY_HOURS = 72
    settlement = open_settlement(member)
    body = client_for(member.user).get(f"/setor/{settlement.pk}/").content.decode()
    current = body.index('id="current-step"')
    assert body.index("Transfer " + format_rupiah(settlement.amount_due)) > current
    from datetime import timedelta

    from community.home import when_text

    deadline = when_text(settlement.created_at + timedelta(hours=72))
    assert f"Sebelum {deadline}" in body[current : current + 800]
    assert "Biaya dari bank lain" in body[current : current + 800]
    assert body.index('id="current-step"') < body.index('id="send-proof"')


def test_beranda_pay_step_is_due_by_the_oldest_unpaid_order(member, settings):
    from datetime import timedelta

    from django.utils import timezone

    from community.home import when_text
    from orders.models import Order

    settings.ORDER_PAYMENT_HOURS = 48
    older, newer = submitted_order(member), submitted_order(member)
    first = timezone.now() - timedelta(hours=30)
    Order.objects.filter(pk=older.pk).update(submitted_at=first)
    Order.objects.filter(pk=newer.pk).update(submitted_at=first + timedelta(hours=5))
    body = client_for(member.user).get("/").content.decode()
    step = body[body.index('id="home-pay-panel"') :]
    assert f"Sebelum {when_text(first + timedelta(hours=48))}" in step[:2000]
    assert when_text(first + timedelta(hours=53)) not in step[:2000]
