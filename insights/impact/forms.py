from django import forms

from insights.models import ImpactSettings, MinimumWage


class MinimumWageForm(forms.Form):
    """A UMK figure; the same kabupaten and year again corrects it (the
    service updates the row), so this is a plain form, not a ModelForm that
    would refuse the second figure as a duplicate."""

    kabupaten = forms.CharField(
        label=MinimumWage._meta.get_field("kabupaten").verbose_name, max_length=80
    )
    year = forms.IntegerField(
        label=MinimumWage._meta.get_field("year").verbose_name,
        min_value=2000,
        max_value=2100,
    )
    amount = forms.IntegerField(
        label=MinimumWage._meta.get_field("amount").verbose_name,
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
