"""Each sample statement parses to the seven movements of its README."""

from datetime import date
from pathlib import Path

import pytest

from settlements.parsers import (
    CREDIT,
    DEBIT,
    StatementParseError,
    detect_format,
    parse_amount,
    parse_statement,
)

DATA = Path(__file__).parent / "data"
SAMPLES = {
    "bca": "bca-klikbca-2026-11.csv",
    "bri": "bri-2026-11.csv",
    "mandiri": "mandiri-2026-11.csv",
    "generic": "generic-2026-11.csv",
}
# data/README (../shared/data/README.md): the same seven movements in each.
EXPECTED = [
    (date(2026, 11, 3), 152417, CREDIT),
    (date(2026, 11, 3), 87233, CREDIT),
    (date(2026, 11, 4), 500000, DEBIT),
    (date(2026, 11, 5), 310089, CREDIT),
    (date(2026, 11, 6), 245000, DEBIT),
    (date(2026, 11, 8), 64512, CREDIT),
    (date(2026, 11, 9), 152417, CREDIT),
]


def sample(name: str) -> bytes:
    return (DATA / SAMPLES[name]).read_bytes()


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("chosen", ["auto", "named"])
def test_sample_parses_to_the_seven_movements(name, chosen):
    statement = parse_statement(sample(name), name if chosen == "named" else "auto")
    assert statement.format == name
    assert [(ln.date, ln.amount, ln.direction) for ln in statement.lines] == EXPECTED
    assert sum(ln.amount for ln in statement.credits) == 766668
    # the two 152 417 transfers on different days stay two different lines
    fingerprints = [ln.fingerprint for ln in statement.lines]
    assert len(set(fingerprints)) == 7


def test_bca_skips_pending_and_footer_and_reads_the_year_from_periode():
    statement = parse_statement(sample("bca"))
    assert statement.account == "0987654321"
    assert all("BIAYA ADM" not in ln.description for ln in statement.lines)
    assert statement.lines[0].description.endswith("SITI AMINAH")
    assert statement.lines[0].line_no == 8


def test_bca_period_across_the_new_year():
    text = (
        "Periode : 15/12/2026 - 14/01/2027\r\n"
        "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\r\n"
        '\'30/12,\'A,\'0000,"1,000.00",CR,"1.00"\r\n'
        '\'02/01,\'B,\'0000,"2,000.00",CR,"1.00"\r\n'
    )
    lines = parse_statement(text.encode(), "bca").lines
    assert [ln.date for ln in lines] == [date(2026, 12, 30), date(2027, 1, 2)]


def test_identical_rows_in_one_file_get_an_occurrence_index():
    text = (
        "date,description,amount,type\n"
        "2026-11-03,SITI,50000,CR\n"
        "2026-11-03,SITI,50000,CR\n"
    )
    lines = parse_statement(text.encode()).lines
    assert [ln.occurrence for ln in lines] == [0, 1]
    assert lines[0].fingerprint != lines[1].fingerprint


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("date,description,amount,type\n2026-11-03,A,12x,CR\n", "Baris 2"),
        ("date,description,amount,type\n2026-13-45,A,100,CR\n", "Baris 2"),
        ("date,description,amount,type\n2026-11-03,A,100,XX\n", "Baris 2"),
        (
            "date,description,amount,type\n2026-11-03,A,100,CR\n2026-11-04,B\n",
            "Baris 3",
        ),
        ("hello world\n", "Bank tidak bisa dikenali"),
    ],
)
def test_errors_name_the_line_in_indonesian(text, fragment):
    with pytest.raises(StatementParseError) as error:
        parse_statement(text.encode())
    assert fragment in str(error.value.message)
    assert error.value.field == "file"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("152,417.00", 152417),
        ("152.417,00", 152417),
        ("Rp 152.417", 152417),
        ("1.500.000", 1500000),
        ("152417.00", 152417),
        ("152417", 152417),
    ],
)
def test_amounts_in_bank_notations(value, expected):
    assert parse_amount(value, 1) == expected


def test_a_line_with_cents_is_read_not_refused():
    text = 'date,description,amount,type\n2026-11-30,BUNGA,"72,343.57",CR\n'
    (line,) = parse_statement(text.encode()).lines
    assert (line.amount, line.cents) == (72343, 57)


def test_detect_format_refuses_unknown_text():
    with pytest.raises(StatementParseError):
        detect_format("foo;bar\n1;2\n")
