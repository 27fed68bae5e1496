"""Forms of the training pages (phone first: big fields, camera for photos)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.limits import MAX_PRICE, MAX_SOLD_COUNT
from community.models import Marketplace
from training.models import PromoSlot


class CheckForm(forms.Form):
    note = forms.CharField(
        label=_("Note (what you saw)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = forms.FileField(
        label=_("Photo as proof (optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "image/jpeg,image/png,image/webp",
                "capture": "environment",
            }
        ),
    )


class UncheckForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the tick taken back?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GlossarySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search a word"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class PromoSlotForm(forms.Form):
    shop = forms.ModelChoiceField(label=_("Shop"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=PromoSlot.Kind.choices)
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
    )
    products = forms.CharField(
        label=_("Products in the promo"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    discount_percent = forms.IntegerField(
        label=_("Discount (%)"), min_value=1, max_value=99
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, shops=None, shop_list=None, **kwargs):
        """``shops`` validates the choice; ``shop_list`` (the same shops, already
        read) renders it without a second query."""
        super().__init__(*args, **kwargs)
        field = self.fields["shop"]
        field.queryset = shops
        if shop_list is not None:
            field.choices = [("", field.empty_label)] + [
                (shop.pk, field.label_from_instance(shop)) for shop in shop_list
            ]


class CompetitorPriceForm(forms.Form):
    marketplace = forms.ChoiceField(label=_("Marketplace"), choices=Marketplace.choices)
    product_name = forms.CharField(label=_("Product name"), max_length=160)
    shop_name = forms.CharField(
        label=_("Competitor shop (optional)"), max_length=120, required=False
    )
    price = forms.IntegerField(
        label=_("Price (Rp)"),
        min_value=1,
        max_value=MAX_PRICE,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    sold_count = forms.IntegerField(
        label=_("Sold (number shown)"),
        min_value=0,
        max_value=MAX_SOLD_COUNT,
        required=False,
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)
