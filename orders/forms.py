"""Forms of the orders pages. They only shape input; services decide."""

from typing import NamedTuple

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from catalog.models import Variant, variant_display_name
from community.limits import MAX_ADDRESS, MAX_PASTE, MAX_PRICE, MAX_QUANTITY
from community.templatetags.kongsi import stock_words
from community.widgets import NumberInput, PlainSelect, Textarea, TextInput
from orders.couriers import Courier

MONEY_ATTRS = {"inputmode": "numeric", "min": "0", "step": "1"}


class VariantSelect(PlainSelect):
    """A select whose options carry the prices the page script needs.

    The whole catalog is one option each, on every line of the order form, so
    it is a ``PlainSelect``: no template per option.
    """

    def __init__(self, *args, variants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.variants = variants or {}

    def option_attrs(self, value: str) -> str:
        variant = self.variants.get(value)
        if variant is None:
            return ""
        # Integers: nothing in them to escape.
        return (
            f' data-base="{int(variant.base_price)}"'
            f' data-suggested="{int(variant.suggested_price)}"'
            f' data-stock="{int(variant.stock)}"'
        )


class VariantOption(NamedTuple):
    """What the order form shows and carries of one catalog item."""

    base_price: int
    suggested_price: int
    stock: int


def variant_choices() -> tuple[list[tuple[str, str]], dict[str, VariantOption]]:
    """Return select choices for active catalog items, and the items by id.

    One query of plain rows: the form needs a handful of columns of every
    item, not a model instance of each item and its product.
    """
    rows = (
        Variant.objects.filter(is_active=True, product__is_active=True)
        .order_by("product__name", "label", "pk")
        .values_list(
            "pk",
            "product__name",
            "label",
            "sku",
            "stock",
            "base_price",
            "suggested_price",
        )
    )
    choices = [("", _("— choose an item —"))]
    by_id = {}
    for pk, product_name, label, sku, stock, base_price, suggested_price in rows:
        name = variant_display_name(product_name, label)
        choices.append((str(pk), f"{name} · {sku} · {stock_words(stock)}"))
        by_id[str(pk)] = VariantOption(base_price, suggested_price, stock)
    return choices, by_id


class OrderLineForm(forms.Form):
    search = forms.CharField(
        label=_("Search item"),
        required=False,
        max_length=80,
        widget=TextInput(
            attrs={
                "type": "search",
                "class": "line-search",
                "placeholder": _("Type a name or code"),
                "autocomplete": "off",
            }
        ),
    )
    variant = forms.ChoiceField(label=_("Item"), required=False)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        required=False,
        max_value=MAX_QUANTITY,
        widget=NumberInput(
            attrs={"inputmode": "numeric", "min": "1", "class": "line-quantity"}
        ),
    )
    sale_price = forms.IntegerField(
        label=_("Price the buyer paid, per item (Rp)"),
        required=False,
        max_value=MAX_PRICE,
        help_text=_("Filled with the suggested price; change it if you sold for more."),
        widget=NumberInput(attrs={**MONEY_ATTRS, "class": "line-price"}),
    )

    def __init__(self, *args, choices=None, variants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["variant"].choices = choices or []
        self.fields["variant"].widget = VariantSelect(
            choices=choices or [],
            variants=variants or {},
            attrs={"class": "line-variant"},
        )

    def as_line(self) -> dict | None:
        """Return the line for the service, or None for an empty row."""
        data = self.cleaned_data
        if not data.get("variant"):
            return None
        return {
            "variant": int(data["variant"]),
            "quantity": data.get("quantity") if data.get("quantity") is not None else 1,
            "sale_price": data.get("sale_price"),
        }


OrderLineFormSet = formset_factory(OrderLineForm, extra=0, min_num=1, max_num=50)


class OrderForm(forms.Form):
    shop = forms.ModelChoiceField(
        label=_("Shop"),
        queryset=None,
        empty_label=_("— choose a shop —"),
        widget=PlainSelect,
    )
    marketplace_order_no = forms.CharField(
        label=_("Order number from the marketplace"),
        max_length=64,
        widget=TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    recipient_block = forms.CharField(
        label=_("Paste the buyer's address here"),
        required=False,
        max_length=MAX_PASTE,
        help_text=_(
            "Copy the name, phone and address from the marketplace and paste them "
            "here. We split them into the boxes below; check them."
        ),
        widget=Textarea(attrs={"rows": 4, "id": "id_recipient_block"}),
    )
    recipient_name = forms.CharField(
        label=_("Buyer's name"), max_length=120, required=False, widget=TextInput
    )
    recipient_phone = forms.CharField(
        label=_("Buyer's phone"),
        max_length=32,
        required=False,
        widget=TextInput(attrs={"inputmode": "tel"}),
    )
    recipient_address = forms.CharField(
        label=_("Buyer's address"),
        required=False,
        max_length=MAX_ADDRESS,
        widget=Textarea(attrs={"rows": 3}),
    )
    courier = forms.ChoiceField(
        label=_("Courier chosen by the buyer"),
        required=False,
        choices=[("", _("— not known yet —"))] + list(Courier.choices),
        widget=PlainSelect,
    )
    shipping_fee = forms.IntegerField(
        label=_("Shipping fee you pay (Rp)"),
        required=False,
        min_value=0,
        max_value=MAX_PRICE,
        help_text=_("Usually 0: the marketplace pays the courier."),
        widget=NumberInput(attrs=MONEY_ATTRS),
    )
    marketplace_fee = forms.IntegerField(
        label=_("Marketplace fee (Rp)"),
        required=False,
        min_value=0,
        max_value=MAX_PRICE,
        help_text=_("The admin fee the marketplace takes from this sale."),
        widget=NumberInput(attrs=MONEY_ATTRS),
    )
    label = forms.FileField(
        label=_("Shipping label from the marketplace (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )

    def __init__(self, *args, member=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = (
            member.shops.all() if member is not None else self.fields["shop"].queryset
        )


class ShipForm(forms.Form):
    tracking_no = forms.CharField(
        label=_("Tracking number (resi)"), max_length=64, widget=TextInput
    )
    courier = forms.ChoiceField(
        label=_("Courier"),
        required=False,
        choices=[("", _("— as chosen by the buyer —"))] + list(Courier.choices),
        widget=PlainSelect,
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"), max_length=500, required=False, widget=TextInput
    )
