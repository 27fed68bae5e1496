from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Member
from insights.exports import EXPORTS, MEMBER_EXPORTS


class ExportForm(forms.Form):
    """What to download: the kind, the format, a date range and (staff) a member."""

    kind = forms.ChoiceField(label=_("What to download"))
    format = forms.ChoiceField(
        label=_("File type"),
        choices=[
            ("xlsx", _("Excel (.xlsx)")),
            ("csv", _("CSV (opens in any spreadsheet)")),
        ],
        initial="xlsx",
    )
    date_from = forms.DateField(
        label=_("From date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=_("Until date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    member = forms.ModelChoiceField(
        label=_("Member"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("All members"),
    )

    def __init__(self, *args, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = EXPORTS if staff else MEMBER_EXPORTS
        self.fields["kind"].choices = [(key, EXPORTS[key][0]) for key in kinds]
        if staff:
            self.fields["member"].queryset = Member.objects.order_by("full_name")
        else:
            del self.fields["member"]
