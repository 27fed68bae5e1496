"""Factories for settlements tests: orders ready to settle, bank accounts."""

from community.models import Member
from orders.models import Order
from settlements.models import BankAccount
from settlements.services import settlement_create
from tests.catalog.factories import VariantFactory
from tests.factories import ShopFactory
from tests.orders.factories import make_order


def submitted_order(member: Member, *, base_price=20000, sale_price=30000, quantity=1):
    """A submitted order of one line; goods total = base × quantity."""
    variant = VariantFactory(
        base_price=base_price, suggested_price=sale_price, stock=50
    )
    shop = member.shops.first() or ShopFactory(member=member)
    order = make_order(
        member=member, shop=shop, lines=[(variant, quantity, sale_price)]
    )
    assert order.status == Order.Status.SUBMITTED
    return order


def open_settlement(member: Member, *, orders=None, **order_kwargs):
    orders = orders or [submitted_order(member, **order_kwargs)]
    return settlement_create(member=member, orders=orders, actor=member.user)


def bank_account(**kwargs) -> BankAccount:
    values = {"bank": "BCA", "account_number": "0987654321", "holder_name": "Ketua"}
    values.update(kwargs)
    return BankAccount.objects.get_or_create(
        bank=values["bank"], account_number=values["account_number"], defaults=values
    )[0]


def settlement_due(member: Member, amount: int, *, code: int = 417):
    """An open settlement whose amount_due is exactly ``amount``.

    The order has no profit (sale = base), so no charity share; the unique code
    is then set to ``code`` (keeping amount_due = goods + code).
    """
    from settlements.models import Settlement

    order = submitted_order(member, base_price=amount - code, sale_price=amount - code)
    settlement = open_settlement(member, orders=[order])
    assert settlement.charity_share == 0
    Settlement.objects.filter(pk=settlement.pk).update(
        unique_code=code, amount_due=amount
    )
    settlement.refresh_from_db()
    return settlement
