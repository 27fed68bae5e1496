"""The catalog's category select writes what Django's own Select wrote."""

import re

import pytest
from django import forms

from catalog.forms import CatalogSearchForm
from community.widgets import PlainSelect
from tests.catalog.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def without_blank_lines(html) -> str:
    return re.sub(r"\n\s*\n", "\n", str(html))


@pytest.mark.parametrize("chosen", ["", "batik-&-<madura>"])
def test_the_category_select_writes_what_djangos_select_wrote(chosen):
    CategoryFactory(name='Batik & "Madura"', slug="batik-&-<madura>")
    CategoryFactory(name="Jamu")
    form = CatalogSearchForm({"q": "", "kategori": chosen})
    field = form.fields["kategori"]
    assert isinstance(field.widget, PlainSelect)
    fast = str(form["kategori"])

    field.widget = forms.Select(attrs={"class": "js-autosubmit"})
    field.widget.choices = field.choices
    plain = str(form["kategori"])

    assert without_blank_lines(fast) == without_blank_lines(plain)
    assert fast.count(" selected") == 1
    assert "Batik &amp; &quot;Madura&quot;" in fast
