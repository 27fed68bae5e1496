"""The Indonesian catalogs are complete and compiled."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from po_status import catalogs, problems  # noqa: E402


def test_every_indonesian_entry_is_translated_and_not_fuzzy():
    assert catalogs(), "no Indonesian catalog found"
    assert problems() == []


def test_every_catalog_has_a_compiled_file():
    for po in catalogs():
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run make compilemessages"


def test_every_compiled_catalog_holds_what_its_source_says(tmp_path):
    """A .po edited without ``make compilemessages`` would not reach the pages."""
    import gettext
    import shutil
    import subprocess

    import pytest

    if shutil.which("msgfmt") is None:
        pytest.skip("needs msgfmt (apt-get install gettext)")
    for po in catalogs():
        fresh = tmp_path / "fresh.mo"
        subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
        with open(fresh, "rb") as handle:
            expected = gettext.GNUTranslations(handle)._catalog
        with open(po.with_suffix(".mo"), "rb") as handle:
            committed = gettext.GNUTranslations(handle)._catalog
        assert committed == expected, (
            f"{po.with_suffix('.mo')} is stale: run make compilemessages"
        )


def _compiled_entries() -> dict[str, dict[str, str]]:
    """msgid (with its context, as gettext keys it) → {app: translation}."""
    import gettext

    entries: dict[str, dict[str, str]] = {}
    for po in catalogs():
        app = po.relative_to(ROOT).parts[0]
        with open(po.with_suffix(".mo"), "rb") as handle:
            catalog = gettext.GNUTranslations(handle)._catalog
        for key, text in catalog.items():
            if key:  # "" is the header
                entries.setdefault(str(key), {})[app] = text
    return entries


def test_one_english_text_means_one_indonesian_text_across_apps():
    """Django merges the apps' catalogs and the first app wins a shared msgid.

    Two apps translating the same English text differently would show one
    app's word on the other's pages ("order" as "urutan" on an order); a
    different meaning takes a pgettext context instead.
    """
    collisions = {
        key: apps
        for key, apps in _compiled_entries().items()
        if len(set(apps.values())) > 1
    }
    assert collisions == {}


def test_words_with_two_meanings_keep_each_meaning_in_indonesian():
    from django.utils import translation

    from catalog.models import ProductImage
    from charity.models import Beneficiary, Disbursement
    from orders.models import OrderEvent, OrderLine
    from settlements.models import Settlement, SettlementOrder
    from training.models import ChecklistItem, Stage

    def label(model, field):
        return str(model._meta.get_field(field).verbose_name)

    with translation.override("id"):
        assert label(OrderLine, "order") == "pesanan"
        assert label(SettlementOrder, "order") == "pesanan"
        assert label(ProductImage, "position") == "urutan"
        assert label(Stage, "position") == "urutan"
        assert label(ChecklistItem, "position") == "urutan"
        assert label(OrderEvent, "from_status") == "dari"
        assert str(Settlement.Status.CONFIRMED.label) == "Lunas"
        assert str(Disbursement.Status.PAID.label) == "Sudah dibayar"
        assert label(Beneficiary, "category") == "golongan"
        assert translation.pgettext("training item", "Done") == "Sudah"
        assert translation.pgettext("price", "from") == "mulai"
