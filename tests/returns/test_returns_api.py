"""The returns and credit API, exactly as API.md says."""

import pytest

from ledger.credit import credit_balance
from ledger.models import CreditEntry
from returns.models import ReturnPhoto, ReturnRequest
from returns.services import credit_adjust
from tests.helpers import assert_constant_queries
from tests.returns.factories import (
    cancelled_line,
    make_return,
    paid_line,
    photo_file,
    submitted_line,
)

pytestmark = pytest.mark.django_db


def body(line, **extra):
    return {
        "order_line": line.pk,
        "quantity": 1,
        "reason": "defective",
        "note": "Retak",
        **extra,
    }


def test_member_asks_for_a_return_and_gets_201_requested(api_as, member):
    line = paid_line(member, quantity=2)
    response = api_as(member.user).post("/api/v1/returns/", body(line), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "requested" and data["quantity"] == 1
    assert data["order_line"] == line.pk and data["reason"] == "defective"
    assert data["id"] == ReturnRequest.objects.get().pk
    assert data["photos"] == [] and data["credit_amount"] == 0


def test_photos_ride_along_as_multipart(api_as, member):
    line = paid_line(member)
    response = api_as(member.user).post(
        "/api/v1/returns/",
        body(line, photos=[photo_file("a.jpg"), photo_file("b.png", fmt="PNG")]),
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["photos"]) == 2
    assert ReturnPhoto.objects.count() == 2


def test_not_a_photo_is_400_and_nothing_written(api_as, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    line = paid_line(member)
    fake = SimpleUploadedFile("a.jpg", b"MZ\x90\x00", content_type="image/jpeg")
    response = api_as(member.user).post(
        "/api/v1/returns/", body(line, photos=[fake]), format="multipart"
    )
    assert response.status_code == 400 and "photos" in response.json()
    assert ReturnRequest.objects.count() == 0 and ReturnPhoto.objects.count() == 0


def test_over_return_is_400_on_quantity_and_nothing_written(api_as, member):
    line = paid_line(member, quantity=2)
    client = api_as(member.user)
    assert client.post("/api/v1/returns/", body(line, quantity=2)).status_code == 201
    response = client.post("/api/v1/returns/", body(line, quantity=1), format="json")
    assert response.status_code == 400
    assert "quantity" in response.json()
    assert ReturnRequest.objects.count() == 1


@pytest.mark.parametrize("make_line", [submitted_line, cancelled_line])
def test_unpaid_or_cancelled_line_is_400(api_as, member, make_line):
    line = make_line(member)
    response = api_as(member.user).post("/api/v1/returns/", body(line), format="json")
    assert response.status_code == 400 and "order_line" in response.json()
    assert ReturnRequest.objects.count() == 0


def test_another_members_line_is_404(api_as, member, other_member):
    line = paid_line(other_member)
    response = api_as(member.user).post("/api/v1/returns/", body(line), format="json")
    assert response.status_code == 404
    assert ReturnRequest.objects.count() == 0


def test_bad_input_is_400_not_500(api_as, member):
    client = api_as(member.user)
    line = paid_line(member)
    for bad in (
        {"order_line": "x", "quantity": 1, "reason": "defective"},
        body(line, quantity=0),
        body(line, quantity=-2),
        body(line, reason="bosan"),
        {"quantity": 1},
    ):
        response = client.post("/api/v1/returns/", bad, format="json")
        assert response.status_code == 400, (bad, response.content)
    assert (
        client.post(
            "/api/v1/returns/", body(line, order_line=999999), format="json"
        ).status_code
        == 404
    )
    assert ReturnRequest.objects.count() == 0


def test_list_shows_own_returns_and_the_leader_sees_all(
    api_as, member, other_member, leader
):
    mine = make_return(paid_line(member))
    theirs = make_return(paid_line(other_member))
    own = api_as(member.user).get("/api/v1/returns/").json()
    assert own["count"] == 1 and own["results"][0]["id"] == mine.pk
    everyone = api_as(leader).get("/api/v1/returns/").json()
    assert {row["id"] for row in everyone["results"]} == {mine.pk, theirs.pk}
    assert api_as(member.user).get(f"/api/v1/returns/{theirs.pk}/").status_code == 404
    waiting = api_as(leader).get("/api/v1/returns/?status=requested").json()
    assert waiting["count"] == 2


def test_list_runs_a_constant_number_of_queries(api_as, member, leader):
    client = api_as(leader)
    make_return(paid_line(member), photos=[photo_file()])

    def grow():
        for _ in range(3):
            make_return(paid_line(member), photos=[photo_file()])

    client.get("/api/v1/returns/")  # warm up: the roles are cached on the user

    def fetch():
        response = client.get("/api/v1/returns/")
        assert response.status_code == 200
        return response

    assert_constant_queries(fetch, grow)
    assert client.get("/api/v1/returns/").json()["count"] == 4


def test_leader_approves_and_the_member_is_credited(api_as, member, leader):
    line = paid_line(member, quantity=3, base_price=30_000)
    request = make_return(line, quantity=2)
    response = api_as(leader).post(
        f"/api/v1/returns/{request.pk}/approve/", {"restock": True}, format="json"
    )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == "credited" and data["credit_amount"] == 60_000
    assert data["restocked"] is True
    assert credit_balance(member) == 60_000
    again = api_as(leader).post(f"/api/v1/returns/{request.pk}/approve/", {})
    assert again.status_code == 409 and "detail" in again.json()
    assert CreditEntry.objects.count() == 1


def test_changed_mind_is_approved_without_credit(api_as, member, leader):
    request = make_return(paid_line(member), reason="changed_mind")
    response = api_as(leader).post(f"/api/v1/returns/{request.pk}/approve/", {})
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert CreditEntry.objects.count() == 0


def test_members_and_treasurer_may_not_decide(api_as, member, treasurer):
    request = make_return(paid_line(member))
    for user in (member.user, treasurer):
        client = api_as(user)
        assert client.post(f"/api/v1/returns/{request.pk}/approve/").status_code == 403
        assert (
            client.post(
                f"/api/v1/returns/{request.pk}/reject/", {"reason": "x"}
            ).status_code
            == 403
        )
    request.refresh_from_db()
    assert request.status == "requested"


def test_reject_needs_a_reason(api_as, member, leader):
    request = make_return(paid_line(member))
    client = api_as(leader)
    missing = client.post(f"/api/v1/returns/{request.pk}/reject/", {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    response = client.post(
        f"/api/v1/returns/{request.pk}/reject/", {"reason": "Sudah dipakai"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["decision_reason"] == "Sudah dipakai"
    assert client.post(f"/api/v1/returns/{request.pk}/approve/").status_code == 409


def test_unknown_return_is_404_for_the_leader(api_as, leader):
    assert api_as(leader).post("/api/v1/returns/999999/approve/").status_code == 404


def test_credit_shows_balance_and_entries(api_as, member, other_member, leader):
    credit_adjust(member=member, amount=7_500, reason="Ongkir retur", actor=leader)
    credit_adjust(member=other_member, amount=1_000, reason="x", actor=leader)
    data = api_as(member.user).get("/api/v1/credit/").json()
    assert data["balance"] == 7_500
    assert len(data["entries"]) == 1
    entry = data["entries"][0]
    assert set(entry) == {"id", "amount", "kind", "reference", "created_at", "memo"}
    assert entry["amount"] == 7_500 and entry["kind"] == "adjustment"
    assert entry["memo"] == "Ongkir retur"


def test_credit_needs_login(api):
    assert api.get("/api/v1/credit/").status_code in (401, 403)
    assert api.get("/api/v1/returns/").status_code in (401, 403)


def test_leader_posts_an_adjustment_through_the_api(api_as, member, leader):
    response = api_as(leader).post(
        "/api/v1/credit/adjustments/",
        {"member": member.pk, "amount": 4_000, "reason": "Bonus"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["amount"] == 4_000
    assert credit_balance(member) == 4_000
    refused = api_as(member.user).post(
        "/api/v1/credit/adjustments/",
        {"member": member.pk, "amount": 4_000, "reason": "x"},
        format="json",
    )
    assert refused.status_code == 403 and credit_balance(member) == 4_000
