"""The Indonesian catalogs are complete and compiled."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from po_status import catalogs, problems  # noqa: E402


def test_every_indonesian_entry_is_translated_and_not_fuzzy():
    assert catalogs(), "no Indonesian catalog found"
    assert problems() == []


def test_every_catalog_is_compiled_and_not_older_than_its_source():
    for po in catalogs():
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"{mo} is missing: run make compilemessages"
