"""The role is checked before the body.

A role that may never do an action gets 403 even with an empty (invalid)
body — never a 400 that would tell it how to shape the request — and the role
that may gets 400 for the same empty body. Also: staff cancelling a member's
settlement is a 403 on the page as in the API (they see it; only its member
may cancel).
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from settlements.models import Settlement
from tests.trust.world import build_world

pytestmark = pytest.mark.django_db

# name: (path from the world's ids, method, roles that get 403, role that gets
# 400 with the same empty body, or None when the action needs no body)
CASES = {
    "member-create": (lambda i: "/api/v1/members/", "POST", ("a",), "leader"),
    "category-create": (lambda i: "/api/v1/categories/", "POST", ("a",), "leader"),
    "product-create": (lambda i: "/api/v1/products/", "POST", ("a",), "leader"),
    "product-patch": (
        lambda i: f"/api/v1/products/{i['product']}/",
        "PATCH",
        ("a", "treasurer"),
        None,
    ),
    "variant-patch": (
        lambda i: f"/api/v1/variants/{i['variant']}/",
        "PATCH",
        ("a", "treasurer"),
        None,
    ),
    "order-pack": (
        lambda i: f"/api/v1/orders/{i['order_paid']}/pack/",
        "POST",
        ("a", "treasurer"),
        None,
    ),
    "order-ship": (
        lambda i: f"/api/v1/orders/{i['order_packed']}/ship/",
        "POST",
        ("a", "treasurer"),
        "leader",
    ),
    "settlement-proof": (
        lambda i: f"/api/v1/settlements/{i['settlement_open']}/proof/",
        "POST",
        ("treasurer", "leader"),
        "a",
    ),
    "settlement-confirm": (
        lambda i: f"/api/v1/settlements/{i['settlement']}/confirm/",
        "POST",
        ("a", "mentor_a"),
        None,
    ),
    "settlement-reject": (
        lambda i: f"/api/v1/settlements/{i['settlement']}/reject/",
        "POST",
        ("a", "mentor_a"),
        "treasurer",
    ),
    "settlement-cancel": (
        lambda i: f"/api/v1/settlements/{i['settlement_open']}/cancel/",
        "POST",
        ("treasurer", "leader"),
        None,
    ),
    "bank-statement-create": (
        lambda i: "/api/v1/bank-statements/",
        "POST",
        ("a",),
        "treasurer",
    ),
    "bank-statement-line-match": (
        lambda i: f"/api/v1/bank-statements/lines/{i['statement_line']}/match/",
        "POST",
        ("a",),
        "treasurer",
    ),
    "return-approve": (
        lambda i: f"/api/v1/returns/{i['return']}/approve/",
        "POST",
        ("a", "treasurer"),
        None,
    ),
    "return-reject": (
        lambda i: f"/api/v1/returns/{i['return']}/reject/",
        "POST",
        ("a", "treasurer"),
        "leader",
    ),
    "credit-adjust": (
        lambda i: "/api/v1/credit/adjustments/",
        "POST",
        ("a", "treasurer"),
        "leader",
    ),
    "charity-policy": (
        lambda i: "/api/v1/charity/policy/",
        "PUT",
        ("a", "treasurer"),
        "leader",
    ),
    "charity-program-create": (
        lambda i: "/api/v1/charity/programs/",
        "POST",
        ("a",),
        "treasurer",
    ),
    "charity-beneficiary-create": (
        lambda i: "/api/v1/charity/beneficiaries/",
        "POST",
        ("a",),
        "treasurer",
    ),
    "charity-disbursement-create": (
        lambda i: "/api/v1/charity/disbursements/",
        "POST",
        ("a",),
        "treasurer",
    ),
    "charity-disbursement-approve": (
        lambda i: f"/api/v1/charity/disbursements/{i['disbursement']}/approve/",
        "POST",
        ("a", "treasurer"),  # the treasurer proposed it
        None,
    ),
    "charity-disbursement-pay": (
        lambda i: f"/api/v1/charity/disbursements/{i['disbursement']}/pay/",
        "POST",
        ("a",),
        None,
    ),
    "training-check": (
        lambda i: f"/api/v1/training/enrollments/{i['enrollment']}/checks/",
        "POST",
        ("a",),  # the trainee never ticks their own checklist
        "mentor_a",
    ),
    "training-uncheck": (
        lambda i: (
            f"/api/v1/training/enrollments/{i['enrollment']}/checks/{i['item_ticked']}/"
        ),
        "DELETE",
        ("a",),
        "mentor_a",
    ),
}


def _empty(world, role: str, method: str, path: str):
    client = Client()
    client.force_login(world.users[role])
    return client.generic(method, path, data="{}", content_type="application/json")


@pytest.mark.parametrize("name", sorted(CASES))
def test_wrong_role_with_an_empty_body_is_403_and_right_role_is_400(name):
    path_of, method, wrong_roles, right_role = CASES[name]
    world = build_world()
    path = path_of(world.ids)
    for role in wrong_roles:
        response = _empty(world, role, method, path)
        assert response.status_code == 403, (role, response.status_code)
        assert response.json()["detail"], response.json()
    if right_role is not None:
        response = _empty(world, right_role, method, path)
        assert response.status_code == 400, (right_role, response.status_code)
        assert response.json(), "a 400 names what is missing"


@pytest.mark.parametrize(
    ("role", "path", "message"),
    [
        (
            "a",
            lambda i: f"/api/v1/training/enrollments/{i['enrollment']}/checks/",
            "Hanya pendampingmu yang boleh mencentang langkah-langkahmu.",
        ),
        (
            "a",
            lambda i: f"/api/v1/orders/{i['order_packed']}/ship/",
            "Hanya ketua yang boleh melakukan ini.",
        ),
        (
            "treasurer",
            lambda i: f"/api/v1/settlements/{i['settlement_open']}/proof/",
            "Hanya anggota yang membayar yang bisa mengirim bukti.",
        ),
    ],
    ids=["trainee-ticks", "member-ships", "treasurer-sends-proof"],
)
def test_the_403_gives_the_indonesian_reason(role, path, message):
    world = build_world()
    response = _empty(world, role, "POST", path(world.ids))
    assert response.status_code == 403
    assert json.loads(response.content)["detail"] == message


@pytest.mark.parametrize("role", ["treasurer", "leader"])
def test_staff_cancelling_a_members_settlement_on_the_page_is_403(role):
    world = build_world()
    pk = world.ids["settlement_open"]
    client = Client()
    client.force_login(world.users[role])
    detail = client.get(reverse("settlements:settlement_detail", args=[pk]))
    assert detail.status_code == 200  # staff may see it, not cancel it
    response = client.post(reverse("settlements:settlement_cancel", args=[pk]))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Hanya anggota yang membayar yang bisa membatalkannya." in page
    assert "Tidak diizinkan" in page
    settlement = Settlement.objects.get(pk=pk)
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER
    assert settlement.closed_at is None


@pytest.mark.parametrize("role", ["treasurer", "leader"])
def test_staff_on_a_members_proof_page_get_403_with_the_reason(role):
    world = build_world()
    pk = world.ids["settlement_open"]
    client = Client()
    client.force_login(world.users[role])
    url = reverse("settlements:settlement_proof", args=[pk])
    for response in (client.get(url), client.post(url, {"amount": "1"})):
        assert response.status_code == 403
        page = response.content.decode()
        assert "Hanya anggota yang membayar yang bisa mengirim bukti." in page
    settlement = Settlement.objects.get(pk=pk)
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER
    assert not settlement.proofs.exists()


def test_the_member_still_cancels_their_own_settlement_on_the_page():
    world = build_world()
    pk = world.ids["settlement_open"]
    client = Client()
    client.force_login(world.users["a"])
    response = client.post(reverse("settlements:settlement_cancel", args=[pk]))
    assert response.status_code == 302
    assert Settlement.objects.get(pk=pk).status == Settlement.Status.CANCELLED


def test_another_member_still_gets_404_for_the_settlement_cancel_page():
    world = build_world()
    pk = world.ids["settlement_open"]
    client = Client()
    client.force_login(world.users["b"])
    response = client.post(reverse("settlements:settlement_cancel", args=[pk]))
    assert response.status_code == 404
    assert Settlement.objects.get(pk=pk).status == Settlement.Status.AWAITING_TRANSFER
