"""The layouts BCA, BRI and Mandiri really export (fixtures/): read, matched,
idempotent; sen lines kept but never matched; the account in the fingerprint."""

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.errors import KongsiError
from settlements import reconciliation
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.parsers import CREDIT, DEBIT, StatementParseError, parse_statement
from tests.factories import MemberFactory
from tests.settlements.factories import bank_account, settlement_due

FIXTURES = Path(__file__).parent / "fixtures"
Match = BankStatementLine.Match
SEVEN = [
    (date(2026, 11, 3), 152417, CREDIT),
    (date(2026, 11, 3), 87233, CREDIT),
    (date(2026, 11, 4), 500000, DEBIT),
    (date(2026, 11, 5), 310089, CREDIT),
    (date(2026, 11, 6), 245000, DEBIT),
    (date(2026, 11, 8), 64512, CREDIT),
    (date(2026, 11, 9), 152417, CREDIT),
]
# fixture → (layout recognised, extra lines after the seven, account stated)
LAYOUTS = {
    "bca-klikbca-month-end.csv": ("bca", 2, "0987654321"),
    "bca-klikbca-excel-semicolon.csv": ("bca", 0, "0987654321"),
    "mybca-id.csv": ("mybca", 0, "0987654321"),
    "mybca-en.csv": ("mybca", 0, "0987654321"),
    "bca-bisnis.csv": ("bca_bisnis", 0, "0987654321"),
    "bca-bisnis.txt": ("bca_bisnis_txt", 0, "0987654321"),
    "bri-cms.csv": ("bri_cms", 2, "001201000456301"),
    "bri-excel-tab.csv": ("bri", 0, "001201000456301"),
    "mandiri-mcm.csv": ("mandiri_mcm", 0, "1430012345678"),
    "mandiri-mcm-old.csv": ("mandiri_mcm", 0, "1430012345678"),
    "mandiri-cms.txt": ("mandiri_cms", 0, "1430012345678"),
    "mandiri-e-statement.xlsx": ("mandiri_xlsx", 0, "1430012345678"),
    "generic-excel-semicolon.csv": ("generic", 0, ""),
}


def data(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data(name) if content is None else content)


def moves(lines):
    return [(line.date, line.amount, line.direction) for line in lines]


@pytest.mark.parametrize("name", LAYOUTS)
@pytest.mark.parametrize("chosen", ["auto", "named"])
def test_each_layout_reads_its_movements(name, chosen):
    layout, extra, account = LAYOUTS[name]
    statement = parse_statement(data(name), layout if chosen == "named" else "auto")
    assert statement.format == layout
    assert statement.account == account
    got = moves(statement.lines)
    if name == "bca-bisnis.txt":
        # The 08/11 credit is in this file on 06/11; the NEXT row (after the
        # cut-off on Friday 06/11) is booked on Monday 09/11.
        expected = [*SEVEN[:5], (date(2026, 11, 6), 64512, CREDIT), SEVEN[6]]
        assert got == expected
    else:
        assert got[:7] == SEVEN
    assert len(got) == 7 + extra
    assert len({line.fingerprint for line in statement.lines}) == len(got)


def test_every_layout_is_a_statement_format_and_has_a_fixture():
    from settlements.parsers import LAYOUTS as READERS

    assert set(BankStatement.Format.values) == set(READERS)
    assert set(READERS) - {"mandiri"} <= {layout for layout, *_ in LAYOUTS.values()}


def test_a_signed_debit_column_is_still_a_debit():
    text = (
        "AccountNo;Ccy;PostDate;Remarks;AdditionalDesc;Credit Amount;Debit Amount\n"
        "1430012345678;IDR;04 November 2026 11:12:27;ATM;-;0,00;-500.000,00\n"
    )
    (line,) = parse_statement(text.encode()).lines
    assert (line.amount, line.direction) == (500000, DEBIT)


def test_mandiri_two_descriptions_and_two_rows_are_joined():
    mcm = parse_statement(data("mandiri-mcm.csv")).lines[0]
    assert mcm.description == "TRSF E-BANKING CR 0311/FTSCY/W S95031 SITI AMINAH"
    xlsx = parse_statement(data("mandiri-e-statement.xlsx")).lines[0]
    assert "SITI AMINAH" in xlsx.description and "BANK BCA" in xlsx.description


def test_month_end_interest_and_tax_keep_their_sen():
    lines = parse_statement(data("bca-klikbca-month-end.csv")).lines
    interest, tax = lines[-2:]
    assert (interest.amount, interest.cents, interest.direction) == (72343, 57, CREDIT)
    assert (tax.amount, tax.cents, tax.direction) == (14468, 71, DEBIT)


def _open_for_two_credits():
    """Open settlements for two of the credits; the others belong to none."""
    return (
        settlement_due(MemberFactory(), 87233),
        settlement_due(MemberFactory(), 64512),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", LAYOUTS)
def test_each_layout_matches_and_a_reupload_adds_nothing(name, treasurer):
    first_paid, second_paid = _open_for_two_credits()
    statement = reconciliation.statement_import(file=upload(name), actor=treasurer)
    assert statement.status == BankStatement.Status.DONE
    assert statement.format == LAYOUTS[name][0]
    assert statement.matched_lines == 2
    for settlement in (first_paid, second_paid):
        settlement.refresh_from_db()
        assert settlement.status == Settlement.Status.CONFIRMED
        assert settlement.confirmed_via == Settlement.Via.STATEMENT
    lines = BankStatementLine.objects.filter(statement=statement)
    # credits of no settlement stay unmatched; debits never match
    assert set(
        lines.filter(direction=DEBIT).values_list("match_status", flat=True)
    ) == {Match.IGNORED}
    assert (
        lines.filter(direction=CREDIT, amount__in=[152417, 310089])
        .exclude(match_status=Match.MATCHED)
        .count()
        == 3
    )
    assert not lines.filter(direction=DEBIT, settlement__isnull=False).exists()
    stored = BankStatementLine.objects.count()
    again = reconciliation.statement_import(file=upload(name), actor=treasurer)
    assert (again.new_lines, again.duplicate_lines) == (0, again.total_lines)
    assert again.already_imported
    assert again.progress_percent == 100
    assert BankStatementLine.objects.count() == stored


@pytest.mark.django_db
def test_a_line_with_sen_is_stored_unmatchable_not_refused(treasurer):
    member = MemberFactory()
    settlement_due(member, 72343, code=343)  # whole-rupiah part of the interest
    paid = settlement_due(MemberFactory(), 87233)
    statement = reconciliation.statement_import(
        file=upload("bca-klikbca-month-end.csv"), actor=treasurer
    )
    interest = BankStatementLine.objects.get(statement=statement, cents=57)
    assert interest.match_status == Match.UNMATCHABLE
    assert interest.settlement is None
    assert "72.343,57" in interest.note
    tax = BankStatementLine.objects.get(statement=statement, cents=71)
    assert tax.match_status == Match.IGNORED
    paid.refresh_from_db()
    assert paid.status == Settlement.Status.CONFIRMED  # whole rupiah still match
    assert Settlement.objects.get(amount_due=72343).status == (
        Settlement.Status.AWAITING_TRANSFER
    )


@pytest.mark.django_db
def test_the_same_lines_of_two_accounts_are_all_kept(treasurer):
    leader_account = bank_account(account_number="111222333")
    charity_account = bank_account(bank="BRI", account_number="444555666")
    name = "generic-excel-semicolon.csv"  # states no account: chosen on upload
    first = reconciliation.statement_import(
        file=upload(name), actor=treasurer, bank_account=leader_account
    )
    second = reconciliation.statement_import(
        file=upload(name), actor=treasurer, bank_account=charity_account.pk
    )
    assert (first.new_lines, second.new_lines) == (7, 7)
    assert BankStatementLine.objects.count() == 14
    again = reconciliation.statement_import(
        file=upload(name), actor=treasurer, bank_account=leader_account
    )
    assert again.new_lines == 0 and again.already_imported
    assert BankStatementLine.objects.count() == 14
    assert second.bank_account == charity_account


@pytest.mark.django_db
def test_the_account_is_found_from_the_file_or_asked_for(treasurer):
    bank_account(account_number="111222333")
    bca = bank_account(account_number="0987-654-321")
    statement = reconciliation.statement_import(
        file=upload("mybca-id.csv"), actor=treasurer
    )
    assert statement.bank_account == bca
    with pytest.raises(KongsiError) as error:
        reconciliation.statement_import(
            file=upload("generic-excel-semicolon.csv"), actor=treasurer
        )
    assert error.value.field == "bank_account"
    with pytest.raises(KongsiError) as error:  # a Mandiri file for the BCA account
        reconciliation.statement_import(
            file=upload("mandiri-mcm.csv"), actor=treasurer, bank_account=bca
        )
    assert "1430012345678" in str(error.value.message)
    assert BankStatement.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"%PDF-1.4\n/Producer (PT. Bank Central Asia, Tbk)\n", "myBCA"),
        (b"%PDF-1.7\n/Creator (Jago)\n", "date,description,amount,type"),
        (b"%PDF-1.7\n/Title (BNI e-Statement)\n", "BNI"),
        (b"%PDF-1.7\n/Title (CIMB Niaga)\n", "CIMB"),
    ],
)
def test_a_pdf_is_refused_with_the_right_download(content, fragment, treasurer):
    with pytest.raises(StatementParseError) as error:
        reconciliation.statement_import(
            file=upload("e-statement.pdf", content), actor=treasurer
        )
    message = str(error.value.message)
    assert "PDF" in message and fragment in message
    assert "Tidak ada yang disimpan" in message
    assert not BankStatement.objects.exists()


def test_an_unknown_layout_names_the_readable_ones_and_the_generic_csv():
    with pytest.raises(StatementParseError) as error:
        parse_statement(b"Kolom A;Kolom B\n1;2\n")
    message = str(error.value.message)
    for name in ("KlikBCA", "myBCA", "BRI CMS", "Mandiri MCM", "e-Statement"):
        assert name in message
    assert "date,description,amount,type" in message


@pytest.mark.django_db
def test_the_migration_binds_stored_fingerprints_to_the_account(treasurer):
    import importlib

    from django.apps import apps

    from settlements.parsers import with_account

    account = bank_account(account_number="0987654321")
    statement = reconciliation.statement_import(
        file=upload("mybca-id.csv"), actor=treasurer, bank_account=account
    )
    line = statement.lines.first()
    parsed = parse_statement(data("mybca-id.csv")).lines
    file_level = {p.fingerprint for p in parsed}
    assert line.fingerprint not in file_level  # bound to the account already
    # An old row: unbound fingerprint, no account link yet.
    old = next(p for p in parsed if p.line_no == line.line_no)
    BankStatementLine.objects.filter(pk=line.pk).update(fingerprint=old.fingerprint)
    BankStatement.objects.filter(pk=statement.pk).update(bank_account=None)
    migration = importlib.import_module(
        "settlements.migrations.0004_statement_fingerprint_per_account"
    )
    migration.forwards(apps, None)
    line.refresh_from_db()
    statement.refresh_from_db()
    assert line.fingerprint == with_account(old.fingerprint, "0987654321")
    assert statement.bank_account == account


def _resave(content: bytes, delimiter: str, quoting: int) -> bytes:
    """The file as Excel saves it again: BOM, CRLF, another separator/quoting."""
    import csv
    import io

    text = content.decode("utf-8-sig")
    sep = next((c for c in ("\t", ";") if c in text), ",")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))
    out = io.StringIO()
    csv.writer(
        out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n"
    ).writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode()


RESAVED = [
    name
    for name in LAYOUTS
    if name.endswith(".csv") and name != "mandiri-mcm-old.csv"  # ';' by design
]


@pytest.mark.parametrize("name", RESAVED)
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("quoted", [False, True])
def test_excel_resaves_read_the_same(name, delimiter, quoted):
    import csv

    original = parse_statement(data(name))
    quoting = csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL
    again = parse_statement(_resave(data(name), delimiter, quoting))
    # KlikBCA Bisnis saved with tabs is exactly its own text download.
    tab_bisnis = original.format == "bca_bisnis" and delimiter == "\t"
    assert again.format == ("bca_bisnis_txt" if tab_bisnis else original.format)
    assert moves(again.lines) == moves(original.lines)
    assert [line.cents for line in again.lines] == [
        line.cents for line in original.lines
    ]
