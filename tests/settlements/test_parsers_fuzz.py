"""Hypothesis: any bytes or CSV-ish text → parsed lines or a clear error."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settlements.parsers import (
    CREDIT,
    DEBIT,
    LAYOUTS,
    StatementParseError,
    parse_statement,
)

DATA = Path(__file__).parent / "data"
FIXTURES = Path(__file__).parent / "fixtures"  # the real layouts, XLSX included
SAMPLES = [
    path.read_bytes()
    for path in [*sorted(DATA.glob("*.csv")), *sorted(FIXTURES.iterdir())]
]
FORMATS = st.sampled_from(["auto", *LAYOUTS])
FUZZ = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

TOKENS = st.sampled_from(
    [
        "2026-11-03", "03/11", "'03/11", "31/02", "PEND", "CR", "DB", "K", "D",
        "152,417.00", "152.417,00", "0.00", "-5", "1e9", "Rp 10.000", "",
        "Saldo Awal", "Periode : 01/11/2026 - 30/11/2026", "Tanggal Transaksi",
        "TGL_TRAN", "NOREK", "PostDate", "Remarks", "Credit Amount",
        "Debit Amount", "date", "description", "amount", "type",
        "03 November 2026 09:10:27", "99 Foo 2026", '"', "'", "\x00",
    ]
)  # fmt: skip
FIELD = st.one_of(TOKENS, st.text(max_size=15))
CSVISH = st.builds(
    lambda rows, delimiter, newline: newline.join(delimiter.join(r) for r in rows),
    st.lists(st.lists(FIELD, max_size=9), max_size=12),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["\n", "\r\n", "\r"]),
)


def check(data: bytes, chosen: str) -> None:
    try:
        statement = parse_statement(data, chosen)
    except StatementParseError as error:
        assert str(error.message)
        assert error.field == "file"
        return
    for line in statement.lines:
        assert isinstance(line.amount, int) and (line.amount > 0 or line.cents > 0)
        assert line.direction in (CREDIT, DEBIT)
        assert len(line.fingerprint) == 64


@FUZZ
@given(data=st.binary(max_size=2000), chosen=FORMATS)
def test_arbitrary_bytes(data, chosen):
    check(data, chosen)


@FUZZ
@given(text=CSVISH, chosen=FORMATS, encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_csvish_text(text, chosen, encoding):
    check(text.encode(encoding, errors="surrogatepass"), chosen)


@FUZZ
@given(
    index=st.integers(0, len(SAMPLES) - 1),
    position=st.integers(0, 6000),
    junk=st.one_of(st.binary(max_size=30), CSVISH.map(str.encode)),
    chosen=FORMATS,
)
def test_damaged_samples(index, position, junk, chosen):
    sample = SAMPLES[index]
    check(sample[:position] + junk + sample[position:], chosen)


@FUZZ
@given(index=st.integers(0, len(SAMPLES) - 1), cut=st.integers(0, 6000))
def test_truncated_samples(index, cut):
    check(SAMPLES[index][:cut], "auto")
