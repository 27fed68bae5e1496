"""Forms of the returns pages (they only collect input; services decide)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from community.limits import MAX_CREDIT_ADJUSTMENT, MAX_QUANTITY
from community.models import Member
from returns.models import ReturnRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Zero or more photos; the service checks each one's content and size."""

    widget = MultipleFileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        if not isinstance(data, list | tuple):
            data = [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in data]


class ReturnRequestForm(forms.Form):
    order_line = forms.TypedChoiceField(
        label=_("Which item?"), coerce=int, widget=forms.RadioSelect
    )
    quantity = forms.IntegerField(
        label=_("How many items?"),
        min_value=1,
        max_value=MAX_QUANTITY,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=ReturnRequest.Reason.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Explain a little (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    photos = MultiplePhotoField(
        label=_("Photos of the item (optional, at most 5)"),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("A clear photo helps the leader decide quickly."),
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = [line for line in lines if line.returnable > 0]
        self.fields["order_line"].choices = [
            (line.pk, line.variant.display_name) for line in self.lines
        ]
        if len(self.lines) == 1:
            self.fields["order_line"].initial = self.lines[0].pk


class ReturnApproveForm(forms.Form):
    restock = forms.BooleanField(
        label=_("The item is still good: put it back in stock"), required=False
    )


class ReturnRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it refused?"),
        max_length=255,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CreditAdjustForm(forms.Form):
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.order_by("full_name"),
    )
    amount = forms.IntegerField(
        label=_("Amount (Rp)"),
        min_value=-MAX_CREDIT_ADJUSTMENT,
        max_value=MAX_CREDIT_ADJUSTMENT,
        help_text=_("Plus adds credit, minus (for example -5000) takes it away."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(label=_("Reason"), max_length=255)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("token", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
