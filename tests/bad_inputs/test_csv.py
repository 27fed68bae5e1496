"""Huge and malformed CSVs: bank statements (API) and the catalog import page.

Each is refused with a clear message and writes nothing."""

import pytest
from django.urls import reverse

from catalog.models import Product, Variant
from settlements.models import BankStatement, BankStatementLine
from tests.bad_inputs import corpus

pytestmark = pytest.mark.django_db


def _statement_rows() -> tuple[int, int]:
    return BankStatement.objects.count(), BankStatementLine.objects.count()


def _post_statement(api_as, user, data: bytes, name: str = "mutasi.csv"):
    return api_as(user).post(
        "/api/v1/bank-statements/",
        {"file": corpus.upload(name, data, "text/csv"), "format": "auto"},
        format="multipart",
    )


# Bank exports are often Windows-1252: the parser falls back to it, so invalid
# UTF-8 is read (see test_statement_in_a_legacy_encoding_is_read_once).
STATEMENT_CSVS = {k: v for k, v in corpus.BAD_CSVS.items() if k != "invalid-utf8"}


@pytest.mark.parametrize("case", sorted(STATEMENT_CSVS))
def test_bad_bank_statement_is_400_and_nothing_saved(case, treasurer, api_as):
    before = _statement_rows()
    response = _post_statement(api_as, treasurer, STATEMENT_CSVS[case]())
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert body and any(str(v).strip() for v in body.values()), body
    assert _statement_rows() == before


def test_statement_in_a_legacy_encoding_is_read_once(treasurer, api_as):
    response = _post_statement(api_as, treasurer, corpus.csv_invalid_utf8())
    assert response.status_code == 201, response.content[:300]
    line = BankStatementLine.objects.get()
    assert line.amount == 152417 and "ROHIM" in line.description
    again = _post_statement(api_as, treasurer, corpus.csv_invalid_utf8())
    assert again.status_code in (201, 400, 409)
    assert BankStatementLine.objects.count() == 1, "the same line is never doubled"


def test_bank_statement_over_10_mb_is_413_and_nothing_saved(treasurer, api_as):
    before = _statement_rows()
    response = _post_statement(api_as, treasurer, corpus.csv_huge(11))
    assert response.status_code == 413, response.content[:300]
    assert response.json()
    assert _statement_rows() == before


def test_bank_statement_refused_for_a_member(member, api_as):
    response = _post_statement(api_as, member.user, corpus.csv_invalid_utf8())
    assert response.status_code == 403
    assert not BankStatement.objects.exists()


CATALOG_CSVS = dict(corpus.BAD_CSVS) | {"huge": lambda: corpus.csv_huge(11)}


@pytest.mark.parametrize("case", sorted(CATALOG_CSVS))
def test_bad_catalog_csv_is_refused_with_a_message(case, leader, client):
    client.force_login(leader)
    before = (Product.objects.count(), Variant.objects.count())
    response = client.post(
        reverse("catalog:csv_import"),
        {"file": corpus.upload("katalog.csv", CATALOG_CSVS[case](), "text/csv")},
    )
    page = response.content.decode()
    # The page shows the form again with the reason (or a 4xx); never saves.
    assert response.status_code in (200, 400, 413), response.status_code
    assert 'class="errorlist' in page or "error" in page.lower()
    assert "Traceback" not in page
    assert (Product.objects.count(), Variant.objects.count()) == before
    session = client.session
    keys = list(session.keys())  # noqa: SIM118 - a session is not iterable
    assert not any("import" in key and session[key] for key in keys)
