"""The access matrix: every page and API operation × every role × objects owned
by member A.

The expectations below are the security policy in one table. The URL names
come from the resolver and the (name, method) pairs of the API from the
OpenAPI schema, so a new page or endpoint without an expectation fails
``test_every_url_and_operation_has_an_expectation``.

Each role gets a fresh world (``build_world``) and its own signed-in client;
GETs run first, then writes, so a write of one row does not change what the
next GET sees. Letters are explained in ``matrix_core``; roles, in order:
anonymous, member A (owner), member B, mentor of A, another mentor,
treasurer, leader.

Set ``KONGSI_MATRIX_PROBE=1`` to print the observed table instead of failing.
"""

import json
import os

import pytest
from django.test import Client

from tests.trust.matrix_core import (
    WRITE_METHODS,
    letter,
    resolver_names,
    schema_operations,
)
from tests.trust.world import ROLES, build_world

pytestmark = pytest.mark.django_db

PROBE = os.environ.get("KONGSI_MATRIX_PROBE") == "1"

# Run last: they sign out or switch the language of the client.
LAST = {"logout", "set_language"}

# name: (kwargs, {METHOD: letters for anon, A, B, mentor_a, mentor_x, treasurer,
# leader})
EXPECT: dict[str, tuple[dict, dict[str, str]]] = {
    "media": ({"path": "label_path"}, {"GET": "NNNNNNN"}),
    "login": ({}, {"GET": "OOOOOOO", "POST": "OOOOOOO"}),
    "logout": ({}, {"GET": "MMMMMMM", "POST": "LLLLLLL"}),
    "password_change": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "password_change_done": ({}, {"GET": "LOOOOOO", "POST": "LMMMMMM"}),
    "set_language": ({}, {"GET": "OOOOOOO", "POST": "OOOOOOO"}),
    "auth-token": ({}, {"POST": "VVVVVVV"}),
    "member-me": ({}, {"GET": "LOOOOOO"}),
    "member-list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFFV"}),
    "member-detail": ({"pk": "member"}, {"GET": "LFFFFOO"}),
    "shop-list": ({}, {"GET": "LOOOOOO", "POST": "LVVVVVV"}),
    "shop-detail": (
        {"pk": "shop"},
        {"GET": "LONNNOO", "PATCH": "LONNNNN", "PUT": "LONNNNN"},
    ),
    "category-list": ({}, {"GET": "LOOOOOO", "POST": "LFFFFFV"}),
    "category-detail": ({"pk": "category"}, {"GET": "LOOOOOO"}),
    "product-list": ({}, {"GET": "LOOOOOO", "POST": "LFFFFFV"}),
    "product-detail": ({"pk": "product"}, {"GET": "LOOOOOO", "PATCH": "LFFFFFO"}),
    "product-images": ({"pk": "product"}, {"POST": "LFFFFFM"}),
    "product-listing-kit": ({"pk": "product"}, {"GET": "LOOOOOO"}),
    "variant-list": ({}, {"GET": "LOOOOOO"}),
    "variant-detail": ({"pk": "variant"}, {"GET": "LOOOOOO", "PATCH": "LFFFFFO"}),
    "order-list": ({}, {"GET": "LOOOOOO", "POST": "LVVVVVV"}),
    "order-detail": ({"pk": "order"}, {"GET": "LONNNOO"}),
    "order-cancel": ({"pk": "order_submitted"}, {"POST": "LONNNFO"}),
    "order-complete": ({"pk": "order_shipped"}, {"POST": "LONNNFO"}),
    "order-pack": ({"pk": "order_paid"}, {"POST": "LFNNNFO"}),
    "order-ship": ({"pk": "order_packed"}, {"POST": "LFNNNFO"}),
    "order-submit": ({"pk": "order_draft"}, {"POST": "LONNNFF"}),
    "order-tracking": ({"pk": "order_paid"}, {"POST": "LONNNFO"}),
    "order-labels": ({}, {"POST": "LFFFFFO"}),
    "order-pick-list": ({}, {"GET": "LFFFFFO"}),
    "order-scan": ({}, {"POST": "LFFFFFO"}),
    "bank-statement-line-match": ({"pk": "statement_line"}, {"POST": "LFFFFOO"}),
    "settlement-list": ({}, {"GET": "LOOOOOO", "POST": "LVVVVVV"}),
    "settlement-detail": ({"pk": "settlement"}, {"GET": "LONNNOO"}),
    # The world has no QRIS on its bank account: 404 for those who may see it.
    "settlement-qris": ({"pk": "settlement_open"}, {"GET": "LNNNNNN"}),
    "settlement-cancel": ({"pk": "settlement_open"}, {"POST": "LONNNFF"}),
    "settlement-confirm": ({"pk": "settlement"}, {"POST": "LFFFFCC"}),
    "settlement-proof": ({"pk": "settlement_open"}, {"POST": "LCNNNFF"}),
    "settlement-reject": ({"pk": "settlement"}, {"POST": "LFFFFCC"}),
    "bank-statement-list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFVV"}),
    "bank-statement-detail": ({"pk": "statement"}, {"GET": "LFFFFOO"}),
    "bank-statement-lines": ({"pk": "statement"}, {"GET": "LFFFFOO"}),
    "credit": ({}, {"GET": "LOOOOOO"}),
    "credit-adjustments": ({}, {"POST": "LFFFFFO"}),
    "return-list": ({}, {"GET": "LOOOOOO", "POST": "LONNNNN"}),
    "return-detail": ({"pk": "return"}, {"GET": "LONNNOO"}),
    "return-approve": ({"pk": "return"}, {"POST": "LFFFFFO"}),
    "return-reject": ({"pk": "return"}, {"POST": "LFFFFFC"}),
    "charity-summary": ({}, {"GET": "OOOOOOO"}),
    "charity-policy": ({}, {"GET": "LOOOOOO", "PUT": "LFFFFFV"}),
    "charity-my-contributions": ({}, {"GET": "LOOOOOO"}),
    "charity-program-list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFVV"}),
    "charity-program-detail": ({"pk": "program"}, {"GET": "LFFFFOO"}),
    "charity-beneficiary-list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFVV"}),
    "charity-beneficiary-detail": ({"pk": "beneficiary"}, {"GET": "LFFFFOO"}),
    "charity-disbursement-list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFVV"}),
    "charity-disbursement-detail": ({"pk": "disbursement"}, {"GET": "LFFFFOO"}),
    "charity-disbursement-approve": ({"pk": "disbursement"}, {"POST": "LFFFFFO"}),
    "charity-disbursement-pay": ({"pk": "disbursement"}, {"POST": "LFFFFCO"}),
    "charity-disbursement-reject": ({"pk": "disbursement"}, {"POST": "LFFFFOC"}),
    "training-stage-list": ({}, {"GET": "LOOOOOO"}),
    "training-stage-detail": ({"pk": "stage"}, {"GET": "LOOOOOO"}),
    "training-enrollment-list": ({}, {"GET": "LOOOOOO"}),
    "training-enrollment-detail": ({"pk": "enrollment"}, {"GET": "LONONNO"}),
    "training-enrollment-checks": ({"pk": "enrollment"}, {"POST": "LFNONNO"}),
    "training-enrollment-uncheck": (
        {"pk": "enrollment", "item_id": "item_ticked"},
        {"DELETE": "LFNONNO"},
    ),
    "insights-summary": ({}, {"GET": "LOOOOOO"}),
    "insights-impact": ({}, {"GET": "LOOOOOO"}),
    "schema": ({}, {"GET": "O-----O"}),
    "api-docs": ({}, {"GET": "OOOOOOO"}),
    "manifest": ({}, {"GET": "OOOOOOO"}),
    "healthz": ({}, {"GET": "OOOOOOO"}),
    "catalog:product_list": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "catalog:manage": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "catalog:bulk_edit": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "catalog:low_stock": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "catalog:csv_export": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "catalog:csv_import": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "catalog:photo_upload": ({"slug": "slug"}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "catalog:product_detail": ({"slug": "slug"}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "catalog:product_zip": ({"slug": "slug"}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "orders:order_list": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "orders:order_create": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "imports:import_start": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "imports:import_review": (
        {"pk": "import_batch"},
        {"GET": "LONNNNN", "POST": "LONNNNN"},
    ),
    "imports:import_sku": (
        {"pk": "import_batch"},
        {"GET": "LMMMMMM", "POST": "LONNNNN"},
    ),
    "imports:import_confirm": (
        {"pk": "import_batch"},
        {"GET": "LMMMMMM", "POST": "LONNNNN"},
    ),
    "imports:stockout_tick": (
        {"pk": "stockout_notice"},
        {"GET": "LMMMMMM", "POST": "LONNNNN"},
    ),
    "order-import-list": ({}, {"POST": "LVVVVVV"}),
    "order-import-sku-map": ({}, {"POST": "LVVVVVV"}),
    "orders:recipient_parse": ({}, {"GET": "LMMMMMM", "POST": "LOOOOOO"}),
    "orders:fulfilment": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "orders:fulfilment_bulk": ({}, {"GET": "LMMMMMM", "POST": "LFFFFFO"}),
    "orders:fulfilment_labels": ({}, {"GET": "LMMMMMM", "POST": "LFFFFFO"}),
    "orders:fulfilment_pick_list": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "orders:scan_to_pack": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "orders:scan_pack": ({}, {"GET": "LMMMMMM", "POST": "LFFFFFN"}),
    "orders:order_tracking": (
        {"pk": "order_paid"},
        {"GET": "LMMMMMM", "POST": "LONNNFO"},
    ),
    "orders:order_edit": (
        {"pk": "order_draft"},
        {"GET": "LONNNNN", "POST": "LONNNNN"},
    ),
    "orders:order_detail": ({"pk": "order"}, {"GET": "LONNNOO", "POST": "LONNNOO"}),
    "orders:order_label": (
        {"pk": "order_submitted"},
        {"GET": "LONNNOO", "POST": "LONNNOO"},
    ),
    "orders:packing_slip": (
        {"pk": "order_paid"},
        {"GET": "LFFFFFO", "POST": "LFFFFFO"},
    ),
    "orders:order_submit": (
        {"pk": "order_draft"},
        {"GET": "LMMMMMM", "POST": "LONNNFF"},
    ),
    "orders:order_cancel": (
        {"pk": "order_submitted"},
        {"GET": "LMMMMMM", "POST": "LONNNFO"},
    ),
    "orders:order_pack": ({"pk": "order_paid"}, {"GET": "LMMMMMM", "POST": "LFNNNFO"}),
    "orders:order_ship": (
        {"pk": "order_packed"},
        {"GET": "LMMMMMM", "POST": "LFNNNFO"},
    ),
    "orders:order_complete": (
        {"pk": "order_shipped"},
        {"GET": "LMMMMMM", "POST": "LONNNFO"},
    ),
    "settlements:settlement_list": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "settlements:settlement_create": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "settlements:settlement_detail": (
        {"pk": "settlement"},
        {"GET": "LONNNOO", "POST": "LONNNOO"},
    ),
    "settlements:settlement_proof": (
        {"pk": "settlement_open"},
        {"GET": "LONNNFF", "POST": "LONNNFF"},
    ),
    "settlements:settlement_cancel": (
        {"pk": "settlement_open"},
        {"GET": "LMMMMMM", "POST": "LONNNFF"},
    ),
    "settlements:proof_image": ({"pk": "proof"}, {"GET": "LONNNOO", "POST": "LONNNOO"}),
    "settlements:reconciliation": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "settlements:reconciliation_line_match": (
        {"pk": "statement_line"},
        {"GET": "LMMMMMM", "POST": "LFFFFOO"},
    ),
    "settlements:reconciliation_line_ignore": (
        {"pk": "statement_line"},
        {"GET": "LMMMMMM", "POST": "LFFFFOO"},
    ),
    "settlements:reconciliation_confirm": (
        {"pk": "settlement"},
        {"GET": "LMMMMMM", "POST": "LFFFFOO"},
    ),
    "settlements:reconciliation_reject": (
        {"pk": "settlement"},
        {"GET": "LMMMMMM", "POST": "LFFFFOO"},
    ),
    "returns:return_list": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "returns:return_create": (
        {"order_pk": "order_paid"},
        {"GET": "LONNNNN", "POST": "LVNNNNN"},
    ),
    "returns:queue": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "returns:credit": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "returns:credit_adjust": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "returns:photo": ({"pk": "return_photo"}, {"GET": "LONNNOO", "POST": "LONNNOO"}),
    "returns:return_detail": ({"pk": "return"}, {"GET": "LONNNOO", "POST": "LONNNOO"}),
    "returns:return_approve": ({"pk": "return"}, {"GET": "LMMMMMM", "POST": "LFFFFFO"}),
    "returns:return_reject": ({"pk": "return"}, {"GET": "LMMMMMM", "POST": "LFFFFFO"}),
    "charity:public": ({}, {"GET": "OOOOOOO", "POST": "OOOOOOO"}),
    "charity:annual_report": ({}, {"GET": "OOOOOOO", "POST": "OOOOOOO"}),
    "charity:annual_report_csv": (
        {"year": "year"},
        {"GET": "OOOOOOO", "POST": "OOOOOOO"},
    ),
    "charity:my_contributions": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "charity:manage": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:policy": ({}, {"GET": "LOOOOOO", "POST": "LFFFFFO"}),
    "charity:program_list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:program_create": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:program_detail": (
        {"pk": "program"},
        {"GET": "LFFFFOO", "POST": "LFFFFOO"},
    ),
    "charity:program_edit": ({"pk": "program"}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:beneficiary_list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:beneficiary_create": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:beneficiary_edit": (
        {"pk": "beneficiary"},
        {"GET": "LFFFFOO", "POST": "LFFFFOO"},
    ),
    "charity:disbursement_create": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "charity:disbursement_detail": (
        {"pk": "disbursement"},
        {"GET": "LFFFFOO", "POST": "LFFFFOO"},
    ),
    "charity:disbursement_approve": (
        {"pk": "disbursement"},
        {"GET": "LMMMMMM", "POST": "LFFFFFC"},
    ),
    "charity:disbursement_reject": (
        {"pk": "disbursement"},
        {"GET": "LMMMMMM", "POST": "LFFFFCC"},
    ),
    "charity:disbursement_pay": (
        {"pk": "disbursement"},
        {"GET": "LMMMMMM", "POST": "LFFFFCC"},
    ),
    "charity:disbursement_proof": (
        {"pk": "disbursement"},
        {"GET": "LFFFFNN", "POST": "LFFFFNN"},
    ),
    "charity:donation_create": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "training:path": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "training:mentor": ({}, {"GET": "LFFOOFO", "POST": "LFFOOFO"}),
    "training:trainee": ({"pk": "enrollment"}, {"GET": "LNNONNO", "POST": "LNNONNO"}),
    "training:item_tick": (
        {"pk": "enrollment", "item_id": "item_open"},
        {"GET": "LMMMMMM", "POST": "LFNONNO"},
    ),
    "training:item_untick": (
        {"pk": "enrollment", "item_id": "item_ticked"},
        {"GET": "LMMMMMM", "POST": "LFNONNO"},
    ),
    "training:evidence": ({"check_id": "check"}, {"GET": "LONONNO", "POST": "LONONNO"}),
    "training:glossary": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "training:segmentation": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "training:promo": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "training:promo_delete": ({"pk": "promo"}, {"GET": "LMMMMMM", "POST": "LONNNNN"}),
    "insights:dashboard": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "insights:order_list": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "insights:exports": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "insights:export_download": ({}, {"GET": "LVVVVVV", "POST": "LVVVVVV"}),
    # Impact report: per-member figures are filtered inside the page (tests/
    # insights/test_impact_pages.py); community tables and the PDF are for
    # mentors, treasurer and leader; the UMK settings for the leader only.
    "insights:impact": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "insights:impact_pdf": ({}, {"GET": "LFFOOOO", "POST": "LFFOOOO"}),
    "insights:impact_table": (
        {"table": "impact_table"},
        {"GET": "LFFOOOO", "POST": "LFFOOOO"},
    ),
    "insights:impact_settings": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFV"}),
    "community:home": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "community:profile": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "community:shop_create": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "community:shop_edit": ({"pk": "shop"}, {"GET": "LONNNNN", "POST": "LONNNNN"}),
    "community:member_list": ({}, {"GET": "LFFFFOO", "POST": "LFFFFOO"}),
    "community:member_register": ({}, {"GET": "LFFFFFO", "POST": "LFFFFFO"}),
    "community:notifications_read": ({}, {"GET": "LMMMMMM", "POST": "LOOOOOO"}),
    "community:service_worker": ({}, {"GET": "OOOOOOO"}),
    "community:offline": ({}, {"GET": "OOOOOOO"}),
    "community:low_data": ({}, {"GET": "LMMMMMM", "POST": "LOOOOOO"}),
    "orders:share_target": ({}, {"GET": "LOOOOOO", "POST": "LOOOOOO"}),
    "orders:share_attach": ({}, {"GET": "LMMMMMM", "POST": "LOOOOOO"}),
}


def _photo():
    from tests.trust.world import photo

    return photo("bukti.jpg")


# Meaningful bodies for writes, so that a refusal is about who asks and not
# about an empty form. ``ids`` are the world's objects; a ``multipart`` body
# is sent as a form with files.
BODIES = {
    ("shop-detail", "PATCH"): lambda ids: {"name": "Toko Dicuri"},
    ("shop-detail", "PUT"): lambda ids: {
        "marketplace": "shopee",
        "name": "Toko Dicuri",
        "url": "",
    },
    ("order-cancel", "POST"): lambda ids: {"reason": "Pembeli batal"},
    ("order-ship", "POST"): lambda ids: {"tracking_no": "JNE77777777"},
    ("order-tracking", "POST"): lambda ids: {"tracking_no": "JNE66666666"},
    ("order-labels", "POST"): lambda ids: {"orders": [ids["order_paid"]]},
    ("order-scan", "POST"): lambda ids: {"code": "JNE66666666"},
    ("settlement-list", "POST"): lambda ids: {"orders": [ids["order_submitted"]]},
    ("settlement-reject", "POST"): lambda ids: {"reason": "Transfer tidak masuk"},
    ("settlement-proof", "POST"): lambda ids: (
        "multipart",
        {
            "image": _photo(),
            "bank": "BCA",
            "sender_name": "Anggota Satu",
            "amount": 30_000,
            "transferred_at": "2026-11-27T10:00:00+07:00",
        },
    ),
    ("bank-statement-line-match", "POST"): lambda ids: {
        "settlement": ids["settlement"]
    },
    ("return-list", "POST"): lambda ids: {
        "order_line": ids["line_paid"],
        "quantity": 1,
        "reason": "defective",
    },
    ("return-approve", "POST"): lambda ids: {"restock": True},
    ("return-reject", "POST"): lambda ids: {"reason": "Foto tidak jelas"},
    ("credit-adjustments", "POST"): lambda ids: {
        "member": ids["member"],
        "amount": 5_000,
        "reason": "Koreksi",
        "idempotency_key": "trust-matrix-adjust",
    },
    ("charity-disbursement-reject", "POST"): lambda ids: {"reason": "Belum perlu"},
    ("training-enrollment-checks", "POST"): lambda ids: {
        "item": ids["item_open"],
        "note": "Sudah bisa",
    },
    ("training-enrollment-uncheck", "DELETE"): lambda ids: {"reason": "Salah centang"},
    ("community:shop_edit", "POST"): lambda ids: {
        "marketplace": "shopee",
        "name": "Toko Dicuri",
        "url": "",
    },
    ("orders:order_ship", "POST"): lambda ids: {"tracking_no": "JNE77777777"},
    ("settlements:reconciliation_line_match", "POST"): lambda ids: {
        "settlement": ids["settlement"]
    },
    ("settlements:reconciliation_reject", "POST"): lambda ids: {
        "reason": "Transfer tidak masuk"
    },
    ("orders:order_cancel", "POST"): lambda ids: {"reason": "Pembeli batal"},
    ("returns:return_approve", "POST"): lambda ids: {"restock": "on"},
    ("returns:return_reject", "POST"): lambda ids: {"reason": "Foto tidak jelas"},
    ("returns:return_create", "POST"): lambda ids: {
        "order_line": ids["line_paid"],
        "quantity": 1,
        "reason": "defective",
    },
    ("charity:disbursement_reject", "POST"): lambda ids: {"reason": "Belum perlu"},
    ("training:item_tick", "POST"): lambda ids: {"note": "Sudah bisa"},
    ("training:item_untick", "POST"): lambda ids: {"reason": "Salah centang"},
    ("settlements:settlement_proof", "POST"): lambda ids: (
        "multipart",
        {
            "image": _photo(),
            "bank": "BCA",
            "sender_name": "Anggota Satu",
            "amount": 30_000,
            "transferred_at": "2026-11-27T10:00",
        },
    ),
}

# Representative admin pages: staff only; everybody else to the admin login.
ADMIN = {
    "admin:index": ({}, {"GET": "AAAAAOO"}),
    "admin:orders_order_changelist": ({}, {"GET": "AAAAAOO"}),
    "admin:orders_order_change": ({"object_id": "order"}, {"GET": "AAAAAOO"}),
    "admin:settlements_settlement_changelist": ({}, {"GET": "AAAAAOO"}),
    "admin:charity_beneficiary_changelist": ({}, {"GET": "AAAAAOO"}),
    "admin:returns_returnrequest_changelist": ({}, {"GET": "AAAAAOO"}),
}


def _url(name: str, kwargs: dict, ids: dict) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={arg: ids[key] for arg, key in kwargs.items()})


def _is_api(url: str) -> bool:
    return url.startswith("/api/")


def _client_for(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def _send(client: Client, method: str, url: str, *, is_api: bool, body=None):
    if method == "GET":
        return client.get(url)
    body = {} if body is None else body
    if isinstance(body, tuple):  # ("multipart", data)
        return client.post(url, body[1])
    if is_api:
        return client.generic(
            method, url, data=json.dumps(body), content_type="application/json"
        )
    if method == "POST":
        return client.post(url, body)
    return client.generic(
        method, url, data="", content_type="application/x-www-form-urlencoded"
    )


def _plan():
    rows = []
    for name, (kwargs, methods) in {**EXPECT, **ADMIN}.items():
        for method, letters in methods.items():
            rows.append((name, kwargs, method, letters))
    rows.sort(key=lambda row: (row[0] in LAST, row[2] in WRITE_METHODS))
    return rows


@pytest.mark.parametrize("role", ROLES)
def test_access_matrix(role):
    world = build_world()
    client = _client_for(world, role)
    index = ROLES.index(role)
    wrong = []
    seen = {}
    for name, kwargs, method, letters in _plan():
        if letters[index] == "-":
            continue
        url = _url(name, kwargs, world.ids)
        make_body = BODIES.get((name, method))
        body = make_body(world.ids) if make_body else None
        response = _send(client, method, url, is_api=_is_api(url), body=body)
        got = letter(response, is_api=_is_api(url))
        seen[(name, method)] = got
        if got != letters[index]:
            wrong.append(
                f"{role} {method} {url} ({name}): expected {letters[index]}, "
                f"got {got} ({response.status_code})"
            )
    if PROBE:
        path = f"/tmp/matrix-{role}.json"
        with open(path, "w") as handle:
            json.dump({f"{n}|{m}": v for (n, m), v in seen.items()}, handle)
        return
    assert not wrong, "\n".join(wrong)


def test_every_url_and_operation_has_an_expectation():
    names = resolver_names()
    missing = [
        f"no expectation for {name} ({route})"
        for name, route in sorted(names.items())
        if name not in EXPECT
    ]
    for name, method in sorted(schema_operations()):
        if method not in EXPECT.get(name, ({}, {}))[1]:
            missing.append(f"no expectation for {name}/{method}")
    stale = [
        f"expectation for a URL that is gone: {n}" for n in EXPECT if n not in names
    ]
    assert not missing + stale, "\n".join(missing + stale)
