"""The order boxes of /setor/baru/ write what Django's own widget wrote."""

import re

from django import forms

from community.widgets import CheckboxSelectMultiple
from settlements.forms import SettlementCreateForm


class FakeShop:
    name = 'Toko "Maju" & <Jaya>'


class FakeOrder:
    shop = FakeShop()
    goods_total = 100_000
    charity_share = 2_000

    def __init__(self, pk):
        self.pk = pk
        self.marketplace_order_no = f"2601-{pk}"


def without_blank_lines(html) -> str:
    return re.sub(r"\n\s*\n", "\n", str(html))


def rendered_both_ways(form) -> tuple[str, str]:
    fast = str(form["orders"])
    field = form.fields["orders"]
    field.widget = forms.CheckboxSelectMultiple()
    field.widget.choices = field.choices
    return fast, str(form["orders"])


def test_unbound_boxes_are_all_ticked_as_before():
    form = SettlementCreateForm(orders=[FakeOrder(7), FakeOrder(9)])
    assert isinstance(form.fields["orders"].widget, CheckboxSelectMultiple)
    assert form["orders"].widget_type == "checkboxselectmultiple"
    fast, plain = rendered_both_ways(form)
    assert without_blank_lines(fast) == without_blank_lines(plain)
    assert fast.count(" checked") == 2
    assert "Toko &quot;Maju&quot; &amp; &lt;Jaya&gt;" in fast


def test_an_unticked_box_stays_unticked_as_before():
    orders = [FakeOrder(7), FakeOrder(9), FakeOrder(11)]
    form = SettlementCreateForm({"orders": ["9"]}, orders=orders)
    fast, plain = rendered_both_ways(form)
    assert without_blank_lines(fast) == without_blank_lines(plain)
    assert fast.count(" checked") == 1
    assert 'value="9" id="id_orders_1" checked' in fast
