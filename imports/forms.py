from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Shop


class ImportForm(forms.Form):
    shop = forms.ModelChoiceField(
        label=_("Which shop is the file from?"), queryset=Shop.objects.none()
    )
    file = forms.FileField(
        label=_("Order export (xlsx or csv)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    income_file = forms.FileField(
        label=_("Income export (optional, for the real fees)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    as_draft = forms.TypedChoiceField(
        label=_("Save the new orders as"),
        choices=[
            ("0", _("Sent to the leader (stock is reserved)")),
            ("1", _("Drafts (I check and send them later)")),
        ],
        coerce=lambda value: value == "1",
        initial="0",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shop"].queryset = Shop.objects.filter(member=member).exclude(
            marketplace__in=["whatsapp", "bukalapak", "other"]
        )

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("income_file"):
            raise forms.ValidationError(_("Choose the export file first."))
        return data
