from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.models import Category
from community.widgets import PlainSelect


class CatalogSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=80,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Product name, SKU or category"),
                "autocomplete": "off",
            }
        ),
    )
    kategori = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("All categories"),
        widget=PlainSelect(attrs={"class": "js-autosubmit"}),
    )


class PhotoUploadForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=_("JPG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("One row per SKU. Download the export first and edit it."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


class BulkReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does the stock change?"),
        required=False,
        max_length=200,
        help_text=_("Needed when you change stock, e.g. “new goods arrived”."),
    )
