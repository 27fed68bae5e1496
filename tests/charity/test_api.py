"""The charity API, exactly as API.md."""

import io
from decimal import Decimal

import pytest
from PIL import Image

from charity import services
from charity.models import Disbursement, Program
from ledger.fund import fund_balance
from ledger.models import CharityPolicy, FundEntry
from tests.charity.factories import BeneficiaryFactory, ProgramFactory, fund_with

pytestmark = pytest.mark.django_db

BASE = "/api/v1/charity/"


def test_summary_is_public_with_exactly_the_api_fields(api, treasurer, leader, member):
    fund_with(30_000, kind="contribution", member=member, reference="settlement:1")
    fund_with(170_000)
    beneficiary = BeneficiaryFactory(name="Siti Rahasia")
    proposal = services.disbursement_propose(
        actor=treasurer,
        program=ProgramFactory(name="Santunan yatim"),
        beneficiary=beneficiary,
        cash_amount=50_000,
    )
    services.disbursement_approve(disbursement=proposal, actor=leader)
    services.disbursement_pay(disbursement=proposal, actor=leader)

    response = api.get(BASE + "summary/")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "balance",
        "collected_total",
        "disbursed_total",
        "by_month",
        "by_program",
        "beneficiaries_count",
    }
    assert data["balance"] == 150_000 == fund_balance()
    assert data["collected_total"] == 200_000
    assert data["disbursed_total"] == 50_000
    assert data["beneficiaries_count"] == 1
    assert data["by_program"] == [
        {"program": "Santunan yatim", "disbursed": 50_000, "beneficiaries": 1}
    ]
    assert len(data["by_month"]) == 1
    assert set(data["by_month"][0]) == {"month", "collected", "disbursed"}
    assert data["by_month"][0]["collected"] == 200_000
    assert data["by_month"][0]["disbursed"] == 50_000
    assert "Siti Rahasia" not in response.content.decode()


def test_policy_get_for_signed_in_put_for_leader(api, api_as, member, leader):
    assert api.get(BASE + "policy/").status_code in (401, 403)
    got = api_as(member.user).get(BASE + "policy/").json()
    assert Decimal(str(got["rate_percent"])) == Decimal("2.5")
    assert got["minimum_per_order"] == 0 and got["effective_from"] == "2020-01-01"
    body = {"rate_percent": "3.00", "minimum_per_order": 500, "effective_from": None}
    refused = api_as(member.user).put(BASE + "policy/", body, format="json")
    assert refused.status_code == 403
    assert CharityPolicy.objects.count() == 1
    body["effective_from"] = "2026-01-01"
    response = api_as(leader).put(BASE + "policy/", body, format="json")
    assert response.status_code == 200
    assert response.json()["minimum_per_order"] == 500
    assert response.json()["effective_from"] == "2026-01-01"
    assert CharityPolicy.objects.count() == 2
    bad = api_as(leader).put(
        BASE + "policy/", {"rate_percent": "150", "minimum_per_order": 0}, format="json"
    )
    assert bad.status_code == 400 and "rate_percent" in bad.json()
    assert CharityPolicy.objects.count() == 2


def test_programs_staff_only_and_planning(api_as, member, treasurer):
    body = {
        "name": "Santunan setelah Ramadan",
        "kind": "family_aid",
        "description": "sembako dan uang",
        "scheduled_for": "2027-04-05",
        "budget": 0,
        "planned_units": 50,
        "amount_per_unit": 100_000,
    }
    assert api_as(member.user).post(BASE + "programs/", body).status_code == 403
    response = api_as(treasurer).post(BASE + "programs/", body, format="json")
    assert response.status_code == 201
    assert response.json()["budget"] == 5_000_000
    assert response.json()["scheduled_for"] == "2027-04-05"
    simple = api_as(treasurer).post(
        BASE + "programs/",
        {"name": "Masjid", "kind": "place_of_worship", "budget": 2_000_000},
        format="json",
    )
    assert simple.status_code == 201 and simple.json()["budget"] == 2_000_000
    bad = api_as(treasurer).post(
        BASE + "programs/", {"name": "X", "kind": "party"}, format="json"
    )
    assert bad.status_code == 400 and "kind" in bad.json()
    listed = api_as(treasurer).get(BASE + "programs/").json()
    assert listed["count"] == 2 == Program.objects.count()
    assert api_as(member.user).get(BASE + "programs/").status_code == 403


def test_beneficiaries_are_private(api, api_as, member, leader, treasurer):
    body = {
        "name": "Pak Rahasia",
        "category": "poor_family",
        "address": "Dusun Laok",
        "household_size": 5,
        "notes": "janda",
    }
    assert api_as(member.user).post(BASE + "beneficiaries/", body).status_code == 403
    assert api.get(BASE + "beneficiaries/").status_code in (401, 403)
    created = api_as(treasurer).post(BASE + "beneficiaries/", body, format="json")
    assert created.status_code == 201 and created.json()["household_size"] == 5
    member_list = api_as(member.user).get(BASE + "beneficiaries/")
    assert member_list.status_code == 403
    assert "Pak Rahasia" not in member_list.content.decode()
    listed = api_as(leader).get(BASE + "beneficiaries/").json()
    assert [row["name"] for row in listed["results"]] == ["Pak Rahasia"]


def _photo_file():
    buffer = io.BytesIO()
    Image.new("RGB", (30, 30), "blue").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "bukti.png"
    return buffer


def test_disbursement_flow_via_api(api_as, treasurer, leader):
    fund_with(200_000)
    program = ProgramFactory()
    beneficiary = BeneficiaryFactory()
    created = api_as(treasurer).post(
        BASE + "disbursements/",
        {
            "program": program.pk,
            "beneficiary": beneficiary.pk,
            "cash_amount": 100_000,
            "in_kind_description": "sembako",
            "in_kind_value": 60_000,
        },
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "proposed"
    assert created.json()["total"] == 160_000
    pk = created.json()["id"]

    own = api_as(treasurer).post(f"{BASE}disbursements/{pk}/approve/")
    assert own.status_code == 403
    assert Disbursement.objects.get(pk=pk).status == "proposed"
    assert Disbursement.objects.get(pk=pk).approved_by is None

    early = api_as(leader).post(f"{BASE}disbursements/{pk}/pay/")
    assert early.status_code == 409

    approved = api_as(leader).post(f"{BASE}disbursements/{pk}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    again = api_as(leader).post(f"{BASE}disbursements/{pk}/approve/")
    assert again.status_code == 409

    paid = api_as(treasurer).post(
        f"{BASE}disbursements/{pk}/pay/", {"proof": _photo_file()}, format="multipart"
    )
    assert paid.status_code == 200, paid.content
    assert paid.json()["status"] == "paid" and paid.json()["has_proof"] is True
    assert fund_balance() == 40_000
    assert FundEntry.objects.get(kind="disbursement").amount == -160_000
    assert api_as(leader).post(f"{BASE}disbursements/{pk}/pay/").status_code == 409
    assert fund_balance() == 40_000


def test_pay_more_than_balance_409_nothing_written(api_as, treasurer, leader):
    fund_with(10_000)
    proposal = services.disbursement_propose(
        actor=treasurer, program=ProgramFactory(), cash_amount=10_001
    )
    services.disbursement_approve(disbursement=proposal, actor=leader)
    response = api_as(leader).post(f"{BASE}disbursements/{proposal.pk}/pay/")
    assert response.status_code == 409
    assert "detail" in response.json()
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.fund_entry_id is None
    assert fund_balance() == 10_000
    assert not FundEntry.objects.filter(kind="disbursement").exists()


def test_bad_disbursement_input_400(api_as, treasurer, member):
    program = ProgramFactory()
    zero = api_as(treasurer).post(
        BASE + "disbursements/", {"program": program.pk}, format="json"
    )
    assert zero.status_code == 400 and "cash_amount" in zero.json()
    missing = api_as(treasurer).post(
        BASE + "disbursements/", {"program": 999_999, "cash_amount": 5}, format="json"
    )
    assert missing.status_code == 400 and "program" in missing.json()
    member_try = api_as(member.user).post(
        BASE + "disbursements/", {"program": program.pk, "cash_amount": 5}
    )
    assert member_try.status_code == 403
    assert Disbursement.objects.count() == 0


def test_my_contributions_only_own(api_as, member, other_member):
    fund_with(2_500, kind="contribution", member=member, reference="settlement:7")
    fund_with(123, kind="unique_code", member=member, reference="settlement:7")
    fund_with(4_000, kind="contribution", member=member, reference="settlement:9")
    fund_with(9_999, kind="contribution", member=other_member, reference="settlement:8")
    data = api_as(member.user).get(BASE + "my-contributions/").json()
    assert data["total"] == 6_500
    assert data["unique_code_total"] == 123
    rows = {row["settlement"]: row for row in data["results"]}
    assert set(rows) == {7, 9}
    assert rows[7]["contribution"] == 2_500 and rows[7]["unique_code"] == 123
    other = api_as(other_member.user).get(BASE + "my-contributions/").json()
    assert other["total"] == 9_999 and other["count"] == 1


def test_member_me_shows_charity_contributed(api_as, member):
    fund_with(2_500, kind="contribution", member=member, reference="settlement:7")
    fund_with(77, kind="unique_code", member=member, reference="settlement:7")
    data = api_as(member.user).get("/api/v1/members/me/").json()
    assert data["charity_contributed"] == 2_500  # the share; codes counted apart
