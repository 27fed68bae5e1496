from django import forms

from insights.models import ImpactSettings, MinimumWage


class MinimumWageForm(forms.ModelForm):
    class Meta:
        model = MinimumWage
        fields = ["kabupaten", "year", "amount"]
        widgets = {
            "year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "amount": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def validate_unique(self):
        # A second figure for the same year corrects the first (the service
        # updates it), so the unique constraint is not a form error here.
        pass


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
