"""Forms of the member's Setor pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from community.limits import MAX_TRANSFER
from community.money import format_rupiah
from community.widgets import CheckboxSelectMultiple


class SettlementCreateForm(forms.Form):
    orders = forms.MultipleChoiceField(
        label=_("Orders to pay"),
        widget=CheckboxSelectMultiple,
        help_text=_("All your unpaid orders are ticked. Untick one to pay it later."),
        error_messages={"required": _("Choose at least one order to pay.")},
    )

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["orders"].choices = [
            (
                str(order.pk),
                f"{order.marketplace_order_no} · {order.shop.name} · "
                f"{format_rupiah(order.goods_total + order.charity_share)}",
            )
            for order in orders
        ]
        if not self.is_bound:
            self.initial["orders"] = [str(order.pk) for order in orders]


class ProofForm(forms.Form):
    image = forms.FileField(
        label=_("Photo of the transfer receipt"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )
    bank = forms.CharField(label=_("Sent from bank"), max_length=60)
    sender_name = forms.CharField(label=_("Sender name"), max_length=120)
    amount = forms.IntegerField(
        label=_("Amount sent (Rp)"), min_value=1, max_value=MAX_TRANSFER
    )
    transferred_at = forms.DateTimeField(
        label=_("Transfer time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
