from django import forms
from django.utils.text import capfirst

from insights.models import ImpactSettings, MinimumWage


def _label(name: str):
    return capfirst(MinimumWage._meta.get_field(name).verbose_name)


class MinimumWageForm(forms.Form):
    """A UMK figure; the same kabupaten and year again corrects it (the
    service updates the row), so this is a plain form, not a ModelForm that
    would refuse the second figure as a duplicate."""

    kabupaten = forms.CharField(label=_label("kabupaten"), max_length=80)
    year = forms.IntegerField(
        label=_label("year"),
        min_value=2000,
        max_value=2100,
    )
    amount = forms.IntegerField(
        label=_label("amount"),
        min_value=1,
        max_value=10**12,
    )


class ImpactSettingsForm(forms.ModelForm):
    class Meta:
        model = ImpactSettings
        fields = [
            "kabupaten",
            "at_risk_days",
            "tax_threshold",
            "tax_rate_percent",
            "tax_warning_percent",
            "leader_margin_percent",
        ]
