"""Statement upload through the API and the admin: the account chosen, the
"nothing new" result of a re-upload (i20's page reads these), the QRIS form."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from settlements.models import BankAccount, BankStatementLine
from tests.settlements.factories import bank_account
from tests.settlements.test_qris import STATIC

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def post_statement(client, name, **extra):
    with open(FIXTURES / name, "rb") as handle:
        return client.post(
            "/api/v1/bank-statements/", {"file": handle, **extra}, format="multipart"
        )


def test_api_upload_for_an_account_and_a_reupload_reports_nothing_new(
    treasurer, api_as
):
    account = bank_account(account_number="111222333")
    bank_account(account_number="444555666")
    client = api_as(treasurer)
    refused = post_statement(client, "generic-excel-semicolon.csv")
    assert refused.status_code == 400  # two accounts, the file names none
    assert "bank_account" in refused.json()  # {field: [message]}
    first = post_statement(
        client, "generic-excel-semicolon.csv", bank_account=account.pk
    )
    assert first.status_code == 201, first.content
    body = first.json()
    assert (body["new_lines"], body["already_imported"]) == (7, False)
    assert body["bank_account"] == account.pk and body["progress_percent"] == 100
    again = post_statement(
        client, "generic-excel-semicolon.csv", bank_account=account.pk
    ).json()
    assert (again["new_lines"], again["already_imported"]) == (0, True)
    assert again["progress_percent"] == 100 and again["status"] == "done"
    assert BankStatementLine.objects.count() == 7


def test_api_lines_show_sen_and_the_reason(treasurer, api_as):
    client = api_as(treasurer)
    body = post_statement(client, "bca-klikbca-month-end.csv").json()
    assert body["unmatchable"] == 1
    lines = client.get(
        f"/api/v1/bank-statements/{body['id']}/lines/?match_status=unmatchable"
    ).json()["results"]
    assert [(ln["amount"], ln["cents"]) for ln in lines] == [(72343, 57)]
    assert "sen" in lines[0]["note"]


def test_api_refuses_a_pdf_with_400_and_saves_nothing(treasurer, api_as):
    upload = SimpleUploadedFile("mutasi.pdf", b"%PDF-1.7\nBANK CENTRAL ASIA\n")
    response = api_as(treasurer).post(
        "/api/v1/bank-statements/", {"file": upload}, format="multipart"
    )
    assert response.status_code == 400
    assert "PDF" in response.content.decode()
    assert not BankStatementLine.objects.exists()


def _admin(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_admin_import_says_nothing_new_on_a_reupload(treasurer):
    client = _admin(treasurer)
    url = "/admin/settlements/bankstatement/import/"
    for _attempt in range(2):
        content = (FIXTURES / "mandiri-cms.txt").read_bytes()
        # The import answers with a redirect to its result (a reload posts nothing).
        response = client.post(
            url,
            {"file": SimpleUploadedFile("m.txt", content), "format": "auto"},
            follow=True,
        )
    page = response.content.decode()
    assert 'id="statement-nothing-new"' in page
    assert "(100%)" in page
    assert 'id="summary-new">0<' in page


def test_admin_bank_account_form_checks_the_qris(leader):
    account = bank_account()
    client = _admin(leader)
    url = f"/admin/settlements/bankaccount/{account.pk}/change/"
    form = {
        "bank": "BCA",
        "account_number": "0987654321",
        "holder_name": "Ketua",
        "purpose": BankAccount.Purpose.SETTLEMENTS,
        "is_active": "on",
        "position": "0",
    }
    broken = client.post(url, {**form, "qris_payload": STATIC[:-4] + "0000"})
    assert broken.status_code == 200 and "CRC" in broken.content.decode()
    account.refresh_from_db()
    assert account.qris_payload == ""
    saved = client.post(url, {**form, "qris_payload": STATIC})
    assert saved.status_code == 302
    account.refresh_from_db()
    assert account.qris_payload == STATIC


def _account_form(**changes) -> dict:
    return {
        "bank": "BCA",
        "account_number": "0987654321",
        "holder_name": "Ketua",
        "purpose": BankAccount.Purpose.SETTLEMENTS,
        "is_active": "on",
        "position": "0",
        **changes,
    }


def test_admin_refuses_a_qris_with_a_non_ascii_tag_and_saves_nothing(leader):
    from tests.settlements.test_qris import SUPERSCRIPT_TAG

    account = bank_account(holder_name="Ketua Lama")
    client = _admin(leader)
    url = f"/admin/settlements/bankaccount/{account.pk}/change/"
    page = client.post(
        url, _account_form(holder_name="Ketua Baru", qris_payload=SUPERSCRIPT_TAG)
    )
    assert page.status_code == 200
    assert "Ini bukan kode QRIS: isinya tidak bisa dibaca." in page.content.decode()
    account.refresh_from_db()
    assert (account.holder_name, account.qris_payload) == ("Ketua Lama", "")


def test_admin_a_treasurer_changing_the_qris_saves_nothing_of_the_form(
    treasurer,
):
    account = bank_account(holder_name="Ketua Lama")
    client = _admin(treasurer)
    url = f"/admin/settlements/bankaccount/{account.pk}/change/"
    page = client.post(
        url, _account_form(holder_name="Ketua Baru", qris_payload=STATIC)
    )
    assert page.status_code == 200
    assert "Hanya ketua" in page.content.decode()
    account.refresh_from_db()
    assert (account.holder_name, account.qris_payload) == ("Ketua Lama", "")
    # The rest of the form alone is the treasurer's to change.
    saved = client.post(url, _account_form(holder_name="Ketua Baru"))
    assert saved.status_code == 302
    account.refresh_from_db()
    assert (account.holder_name, account.qris_payload) == ("Ketua Baru", "")
