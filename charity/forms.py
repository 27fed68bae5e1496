"""Forms of the charity pages (labels in plain words)."""

import uuid

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from community.limits import MAX_HOUSEHOLD, MAX_LONG_TEXT, MAX_PRICE, MAX_UNITS

from .models import Beneficiary, Program


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 - Django's name
        super().__init__(attrs=attrs, format=format)


class PolicyForm(forms.Form):
    rate_percent = forms.DecimalField(
        label=_("Share of profit for the fund (percent)"),
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        help_text=_("Example: 2.5 means Rp 2.500 for every Rp 100.000 profit."),
    )
    minimum_per_order = forms.IntegerField(
        label=_("Minimum per order (Rp)"), min_value=0, max_value=MAX_PRICE, initial=0
    )
    effective_from = forms.DateField(
        label=_("In force from (date)"),
        widget=DateInput,
        help_text=_("Orders sent before this date keep the old share."),
    )


class ProgramForm(forms.Form):
    name = forms.CharField(label=_("Program name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of help"), choices=Program.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_LONG_TEXT,
    )
    scheduled_for = forms.DateField(
        label=_("Date (if known)"), widget=DateInput, required=False
    )
    schedule_note = forms.CharField(
        label=_("When (in words)"),
        max_length=120,
        required=False,
        help_text=_("For example: after Ramadan."),
    )
    planned_units = forms.IntegerField(
        label=_("How many families/people"),
        min_value=1,
        max_value=MAX_UNITS,
        required=False,
    )
    amount_per_unit = forms.IntegerField(
        label=_("Rupiah for each (Rp)"),
        min_value=1,
        max_value=MAX_PRICE,
        required=False,
        help_text=_("The budget becomes families × rupiah each."),
    )
    budget = forms.IntegerField(
        label=_("Or the whole budget (Rp)"),
        min_value=0,
        max_value=MAX_PRICE,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Program.Status.choices, initial="planned"
    )

    def clean(self):
        data = super().clean()
        units, each = data.get("planned_units"), data.get("amount_per_unit")
        if bool(units) != bool(each):
            raise forms.ValidationError(
                _("Fill in both: how many families and the rupiah for each.")
            )
        return data


class PlanForm(forms.Form):
    units = forms.IntegerField(
        label=_("How many families/people"), min_value=1, max_value=MAX_UNITS
    )
    amount_per_unit = forms.IntegerField(
        label=_("Rupiah for each (Rp)"), min_value=1, max_value=MAX_PRICE
    )


class BeneficiaryForm(forms.ModelForm):
    # The model's notes are a TextField: bound them like the API does.
    notes = forms.CharField(
        label=capfirst(Beneficiary._meta.get_field("notes").verbose_name),
        required=False,
        max_length=MAX_LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    household_size = forms.IntegerField(
        label=capfirst(Beneficiary._meta.get_field("household_size").verbose_name),
        min_value=0,
        max_value=MAX_HOUSEHOLD,
        initial=1,
    )

    class Meta:
        model = Beneficiary
        fields = ["name", "category", "address", "household_size", "notes"]


class DisbursementForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.exclude(status=Program.Status.CANCELLED),
    )
    beneficiary = forms.ModelChoiceField(
        label=_("Given to (optional)"),
        queryset=Beneficiary.objects.all(),
        required=False,
    )
    cash_amount = forms.IntegerField(
        label=_("Cash (Rp)"),
        min_value=0,
        max_value=MAX_PRICE,
        initial=0,
        required=False,
    )
    in_kind_description = forms.CharField(
        label=_("Goods given (optional)"),
        max_length=255,
        required=False,
        help_text=_("For example: sembako (rice 5 kg, oil 2 L, sugar 1 kg)."),
    )
    in_kind_value = forms.IntegerField(
        label=_("Value of the goods (Rp)"),
        min_value=0,
        max_value=MAX_PRICE,
        initial=0,
        required=False,
    )
    memo = forms.CharField(label=_("Note"), max_length=255, required=False)


class PayForm(forms.Form):
    proof = forms.ImageField(
        label=_("Proof photo (optional)"),
        required=False,
        help_text=_("A photo of the receipt or of the handover."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class DonationForm(forms.Form):
    amount = forms.IntegerField(
        label=_("Amount received (Rp)"), min_value=1, max_value=MAX_PRICE
    )
    donor = forms.CharField(
        label=_("From whom (optional)"),
        max_length=120,
        required=False,
        help_text=_("Leave empty for an anonymous donation."),
    )
    memo = forms.CharField(label=_("Note"), max_length=120, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["idempotency_key"] = uuid.uuid4().hex
