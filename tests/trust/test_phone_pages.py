"""Every member and mentor page on a 360×740 phone, in Chromium: no sideways
scroll and no English left on the screen.

The pages come from the URL resolver: each named page is either viewed here
(by member A or by A's mentor, with ids from the world) or listed in
``NOT_VIEWED`` with the reason; a new page in neither fails
``test_every_page_is_viewed_or_excused``.

"No English": the visible text (``document.body.innerText``) holds no msgid of
two or more words from any ``id`` catalog whose translation differs, and none
of a few common English UI words.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser import has_horizontal_scroll, login, screenshot
from tests.factories import PASSWORD
from tests.trust.matrix_core import resolver_names

ROOT = Path(__file__).resolve().parent.parent.parent

# Page → (role that views it, URL kwargs → world id key).
PAGES = {
    "community:home": ("a", {}),
    "community:profile": ("a", {}),
    "community:shop_create": ("a", {}),
    "community:shop_edit": ("a", {"pk": "shop"}),
    "password_change": ("a", {}),
    "catalog:product_list": ("a", {}),
    "catalog:product_detail": ("a", {"slug": "slug"}),
    "orders:order_list": ("a", {}),
    "orders:order_create": ("a", {}),
    "orders:share_target": ("a", {}),
    "community:offline": ("a", {}),
    "orders:order_detail": ("a", {"pk": "order_shipped"}),
    "orders:order_edit": ("a", {"pk": "order_draft"}),
    "imports:import_start": ("a", {}),
    "imports:import_review": ("a", {"pk": "import_batch"}),
    "settlements:settlement_list": ("a", {}),
    "settlements:settlement_create": ("a", {}),
    "settlements:settlement_detail": ("a", {"pk": "settlement"}),
    "settlements:settlement_proof": ("a", {"pk": "settlement_open"}),
    "returns:return_list": ("a", {}),
    "returns:return_create": ("a", {"order_pk": "order_paid"}),
    "returns:return_detail": ("a", {"pk": "return"}),
    "returns:credit": ("a", {}),
    "charity:public": ("a", {}),
    "charity:annual_report": ("a", {}),
    "charity:my_contributions": ("a", {}),
    "charity:policy": ("a", {}),
    "training:path": ("a", {}),
    "training:glossary": ("a", {}),
    "training:segmentation": ("a", {}),
    "training:promo": ("a", {}),
    "insights:order_list": ("a", {}),
    "insights:exports": ("a", {}),
    "insights:impact": ("a", {}),
    "training:mentor": ("mentor_a", {}),
    "training:trainee": ("mentor_a", {"pk": "enrollment"}),
}
# A second look at pages whose content differs by state.
EXTRA = [
    ("orders:order_detail", "a", {"pk": "order_draft"}),
    ("orders:order_detail", "a", {"pk": "order_paid"}),
    # Empty states: member B has no settlement, return, credit or enrolment,
    # and the other mentor has no trainee yet.
    ("community:home", "b", {}),
    ("settlements:settlement_list", "b", {}),
    ("returns:return_list", "b", {}),
    ("returns:credit", "b", {}),
    ("charity:my_contributions", "b", {}),
    ("training:path", "b", {}),
    ("insights:order_list", "b", {}),
    ("training:mentor", "mentor_x", {}),
    ("insights:impact", "mentor_a", {}),
]

NOT_VIEWED = {
    # not a page: files, actions behind a POST form, machine endpoints
    "media": "file",
    "login": "seen by every login() here",
    "logout": "POST action",
    "password_change_done": "one line after a password change",
    "set_language": "POST action",
    "manifest": "machine-readable",
    "healthz": "machine-readable",
    "catalog:product_zip": "file",
    "charity:annual_report_csv": "file",
    "insights:export_download": "file",
    "insights:impact_pdf": "file",
    "insights:impact_table": "file",
    "orders:order_label": "file",
    "orders:recipient_parse": "POST action",
    "orders:order_submit": "POST action",
    "orders:order_cancel": "POST action",
    "orders:order_pack": "POST action",
    "orders:order_ship": "POST action",
    "orders:order_tracking": "POST action",
    "orders:order_complete": "POST action",
    "settlements:settlement_cancel": "POST action",
    "settlements:proof_image": "file",
    "settlements:reconciliation_line_match": "POST action",
    "settlements:reconciliation_line_ignore": "POST action",
    "settlements:reconciliation_confirm": "POST action",
    "settlements:reconciliation_reject": "POST action",
    "returns:photo": "file",
    "returns:return_approve": "POST action",
    "returns:return_reject": "POST action",
    "training:item_tick": "POST action",
    "training:item_untick": "POST action",
    "training:evidence": "file",
    "training:promo_delete": "POST action",
    "community:notifications_read": "POST action",
    "imports:import_sku": "POST action",
    "imports:import_confirm": "POST action",
    "imports:stockout_tick": "POST action",
    "community:service_worker": "machine-readable",
    "community:low_data": "POST action",
    "orders:share_attach": "POST action",
    # staff pages (leader/treasurer), not member or mentor pages
    "catalog:manage": "staff",
    "catalog:bulk_edit": "staff",
    "catalog:low_stock": "staff",
    "catalog:csv_export": "staff",
    "catalog:csv_import": "staff",
    "catalog:photo_upload": "staff",
    "orders:fulfilment": "staff",
    "orders:fulfilment_bulk": "staff",
    "orders:fulfilment_labels": "file",
    "orders:fulfilment_pick_list": "staff",
    "orders:scan_to_pack": "staff",
    "orders:scan_pack": "POST action",
    "orders:packing_slip": "staff",
    "settlements:reconciliation": "staff (tests/e2e/test_role_home_browser.py)",
    "returns:queue": "staff",
    "returns:credit_adjust": "staff",
    "charity:manage": "staff",
    "charity:program_list": "staff",
    "charity:program_create": "staff",
    "charity:program_detail": "staff",
    "charity:program_edit": "staff",
    "charity:beneficiary_list": "staff",
    "charity:beneficiary_create": "staff",
    "charity:beneficiary_edit": "staff",
    "charity:disbursement_create": "staff",
    "charity:disbursement_detail": "staff",
    "charity:disbursement_approve": "staff",
    "charity:disbursement_reject": "staff",
    "charity:disbursement_pay": "staff",
    "charity:disbursement_proof": "staff",
    "charity:donation_create": "staff",
    "insights:dashboard": "staff",
    "insights:impact_settings": "staff",
    "community:member_list": "staff",
    "community:member_register": "staff",
}

ENGLISH_WORDS = [
    "Save",
    "Cancel",
    "Submit",
    "Order",
    "Settlement",
    "Return",
    "Delete",
    "Edit",
    "Add",
    "Search",
    "Back",
    "Next",
    "Previous",
]


def english_phrases() -> list[str]:
    """Msgids of 2+ words whose Indonesian differs, from every ``id`` catalog."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "po_status", ROOT / "scripts" / "po_status.py"
    )
    po_status = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(po_status)
    phrases = set()
    for path in po_status.catalogs():
        for msgid, msgstrs, _fuzzy in po_status.entries(path):
            text = msgid.replace('\\"', '"').strip()
            if len(text.split()) < 2 or re.search(r"%|\{|\\n|<", text):
                continue
            # A translation that keeps the words on purpose (a marketplace
            # term explained, e.g. "Flash sale (obral kilat)") is Indonesian.
            if msgstrs and all(s and msgid not in s for s in msgstrs):
                phrases.add(text)
    return sorted(phrases, key=len, reverse=True)


def english_on(text: str, phrases: list[str]) -> list[str]:
    found = [phrase for phrase in phrases if phrase in text]
    found += [
        word for word in ENGLISH_WORDS if re.search(rf"(?<!\w){word}(?!\w)", text)
    ]
    return found


def test_every_page_is_viewed_or_excused():
    pages = {
        name for name, route in resolver_names().items() if not route.startswith("api/")
    }
    missing = sorted(pages - set(PAGES) - set(NOT_VIEWED))
    assert not missing, "no phone check for: " + ", ".join(missing)
    stale = sorted((set(PAGES) | set(NOT_VIEWED)) - pages)
    assert not stale, "gone: " + ", ".join(stale)


def test_the_english_check_catches_english():
    phrases = english_phrases()
    assert len(phrases) > 50
    assert english_on("Simpan\nSave", phrases) == ["Save"]
    assert english_on("Pesanan saya\nKembali", phrases) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_and_mentor_pages_on_a_phone(browser, live_server):
    from tests.browser import PHONE
    from tests.trust.world import build_world

    world = build_world()
    phrases = english_phrases()
    problems = []
    plan: dict[str, list] = {"a": [], "mentor_a": [], "b": [], "mentor_x": []}
    for name, (role, kwargs) in PAGES.items():
        plan[role].append((name, kwargs))
    for name, role, kwargs in EXTRA:
        plan[role].append((name, kwargs))
    for role, pages in plan.items():
        context = browser.new_context(
            viewport=PHONE, locale="id-ID", device_scale_factor=1, has_touch=True
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base_url = live_server.url
        login(page, world.users[role].username, PASSWORD)
        for name, kwargs in pages:
            path = reverse(name, kwargs={k: world.ids[v] for k, v in kwargs.items()})
            response = page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            ids = "-".join(kwargs.values())  # stable names: no database ids
            screenshot(page, f"trust-{role}-{name.replace(':', '-')}-{ids}".rstrip("-"))
            if not page.url.endswith(path):  # redirected (to the login page?)
                problems.append(f"{role} {path}: ended at {page.url}")
                continue
            if response is None or response.status != 200:
                problems.append(f"{role} {path}: status {response and response.status}")
                continue
            if has_horizontal_scroll(page):
                problems.append(f"{role} {path}: scrolls sideways")
            text = page.evaluate("() => document.body.innerText")
            english = english_on(text, phrases)
            if english:
                problems.append(f"{role} {path}: English {english}")
        context.close()
    assert not problems, "\n".join(problems)
