"""Catat pesanan stays cheap as the catalog grows, and shows what it showed."""

import re

import pytest
from django import forms
from django.test import Client

from orders.forms import (
    CancelForm,
    OrderForm,
    OrderLineForm,
    ShipForm,
    VariantSelect,
    variant_choices,
)
from tests.helpers import assert_constant_queries
from tests.orders.factories import VariantFactory

pytestmark = pytest.mark.django_db


class TemplateVariantSelect(forms.Select):
    """The item select as it was: Django's own templates, one per option."""

    def __init__(self, *args, variants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.variants = variants or {}

    def create_option(self, name, value, label, selected, index, **kwargs):
        option = super().create_option(name, value, label, selected, index, **kwargs)
        variant = self.variants.get(str(value))
        if variant is not None:
            option["attrs"]["data-base"] = variant.base_price
            option["attrs"]["data-suggested"] = variant.suggested_price
            option["attrs"]["data-stock"] = variant.stock
        return option


def without_blank_lines(html: str) -> str:
    return re.sub(r"\n\s*\n", "\n", str(html))


@pytest.mark.parametrize("value", [None, "", "chosen"])
def test_the_item_select_writes_what_djangos_templates_wrote(value):
    VariantFactory(label="Merah <b>&\"'", stock=3, base_price=1, suggested_price=2)
    VariantFactory(label="", stock=0)
    chosen = VariantFactory(stock=40)
    choices, variants = variant_choices()
    value = str(chosen.pk) if value == "chosen" else value
    attrs = {"class": "line-variant", "id": "id_lines-0-variant"}

    fast = VariantSelect(choices=choices, variants=variants, attrs=attrs)
    plain = TemplateVariantSelect(choices=choices, variants=variants, attrs=attrs)

    html = fast.render("lines-0-variant", value)
    assert without_blank_lines(html) == without_blank_lines(
        plain.render("lines-0-variant", value)
    )
    assert "&lt;b&gt;&amp;&quot;&#x27;" in html
    assert html.count(" selected") == 1


def test_the_order_form_runs_constant_queries_as_the_catalog_grows(member, shop):
    VariantFactory()
    client = Client()
    client.force_login(member.user)
    client.get("/pesanan/baru/")

    def grow():
        for _index in range(30):
            VariantFactory()

    assert_constant_queries(lambda: client.get("/pesanan/baru/"), grow)
    page = client.get("/pesanan/baru/").content.decode()
    assert page.count(" data-base=") == 31
    assert 'data-base="20000" data-suggested="30000" data-stock="10"' in page


@pytest.mark.parametrize("field_name", ["shop", "courier"])
def test_the_shop_and_courier_selects_write_what_djangos_select_wrote(
    member, shop, field_name
):
    form = OrderForm({"shop": str(shop.pk), "courier": "jne"}, member=member)
    fast = str(form[field_name])
    field = form.fields[field_name]
    field.widget = forms.Select()
    field.widget.choices = field.choices
    assert without_blank_lines(fast) == without_blank_lines(str(form[field_name]))
    assert fast.count(" selected") == 1


PLAIN_TO_DJANGO = {
    "TextInput": forms.TextInput,
    "NumberInput": forms.NumberInput,
    "Textarea": forms.Textarea,
}


def rendered_with_djangos_widget(form, name) -> str:
    field = form.fields[name]
    django_widget = PLAIN_TO_DJANGO[type(field.widget).__name__]
    widget = django_widget(attrs=field.widget.attrs)
    widget.input_type = getattr(field.widget, "input_type", None)
    widget.is_required = field.widget.is_required
    field.widget = widget
    return str(form[name])


@pytest.mark.parametrize("bound", [False, True])
def test_the_text_boxes_write_what_djangos_widgets_wrote(member, shop, bound):
    data = {
        "marketplace_order_no": 'A<1>"&',
        "recipient_block": "Budi\n0812 <b>",
        "recipient_name": "Budi's",
        "recipient_phone": "0812",
        "recipient_address": "",
        "shipping_fee": "1000",
        "marketplace_fee": "",
        "search": "jamu",
        "quantity": "2",
        "sale_price": "",
    }
    forms_to_check = [
        OrderForm(data if bound else None, member=member),
        OrderLineForm(data if bound else None),
        ShipForm({"tracking_no": "JP<1>"} if bound else None),
        CancelForm({"reason": "salah & batal"} if bound else None),
    ]
    for form in forms_to_check:
        for name in form.fields:
            if type(form.fields[name].widget).__name__ not in PLAIN_TO_DJANGO:
                continue
            fast = str(form[name])
            assert fast == rendered_with_djangos_widget(form, name), name
            if bound and name == "marketplace_order_no":
                assert 'value="A&lt;1&gt;&quot;&amp;"' in fast
