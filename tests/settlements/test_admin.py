"""Django admin reconciliation: list, bulk confirm/reject, statement import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from settlements.models import BankStatementLine, Settlement
from tests.factories import MemberFactory
from tests.helpers import assert_constant_queries
from tests.settlements.factories import open_settlement, settlement_due
from tests.settlements.test_api import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_as():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


def test_open_settlements_list_with_proof_constant_queries(
    member, treasurer, admin_client_as
):
    from django.utils import timezone

    from settlements.services import settlement_upload_proof

    settlement = open_settlement(member)
    settlement_upload_proof(
        settlement=settlement, actor=member.user, image=photo(), bank="BRI",
        sender_name="R", amount=settlement.amount_due, transferred_at=timezone.now(),
    )  # fmt: skip
    client = admin_client_as(treasurer)
    url = "/admin/settlements/settlement/?open=yes"
    response = client.get(url)
    assert response.status_code == 200
    assert "/rekonsiliasi/bukti/" in response.content.decode()

    def grow():
        for _ in range(4):
            open_settlement(MemberFactory())

    assert_constant_queries(lambda: client.get(url), grow)


def test_bulk_confirm_and_reject_with_reason(member, leader, admin_client_as):
    first, second = open_settlement(member), open_settlement(MemberFactory())
    client = admin_client_as(leader)
    url = "/admin/settlements/settlement/"
    client.post(url, {"action": "confirm_selected", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.status == Settlement.Status.CONFIRMED
    form = client.post(
        url, {"action": "reject_selected", "_selected_action": [second.pk]}
    )
    assert form.status_code == 200  # the reason form
    second.refresh_from_db()
    assert second.status == Settlement.Status.AWAITING_TRANSFER
    client.post(
        url,
        {
            "action": "reject_selected",
            "_selected_action": [second.pk],
            "apply": "1",
            "reason": "Transfer tidak ditemukan",
        },
    )
    second.refresh_from_db()
    assert second.status == Settlement.Status.REJECTED
    assert second.reject_reason == "Transfer tidak ditemukan"


def test_statement_import_summary_and_manual_match(treasurer, admin_client_as):
    settlement = settlement_due(MemberFactory(), 64512, code=512)
    other = settlement_due(MemberFactory(), 90417)
    client = admin_client_as(treasurer)
    content = (
        b"date,description,amount,type\n"
        b"2026-11-08,NUR HASANAH,64512,CR\n"
        b"2026-11-09,ANON,90000,CR\n"
    )
    response = client.post(
        "/admin/settlements/bankstatement/import/",
        {"file": SimpleUploadedFile("m.csv", content), "format": "auto"},
        follow=True,
    )
    assert response.status_code == 200
    assert 'id="summary-matched">1<' in response.content.decode()
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CONFIRMED
    line = BankStatementLine.objects.get(amount=90000)
    assert line.match_status == "unmatched"
    url = "/admin/settlements/bankstatementline/"
    data = {"action": "match_line", "_selected_action": [line.pk], "apply": "1"}
    client.post(url, {**data, "settlement": other.pk})
    line.refresh_from_db()
    other.refresh_from_db()
    assert line.settlement == other and other.status == Settlement.Status.CONFIRMED


def test_member_cannot_open_admin(member, admin_client_as):
    response = admin_client_as(member.user).get("/admin/settlements/settlement/")
    assert response.status_code == 302
