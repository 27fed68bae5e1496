"""The fund ledger summed per Jakarta month and kind (``FundMonth``), kept by the
database itself.

The public charity page and the annual report show totals and months of every
fund entry; summing the whole ledger on each request grows with the ledger.
``ledger_fundmonth`` holds Σ amount and the number of entries per (month, kind)
and a row trigger on ``charity_fundentry`` moves it in the same transaction as
every insert, update or delete of an entry. So no path that writes entries —
``fund_post_many``, ``seed_scale``'s COPY, the demo's back-dated entries, raw
SQL — can leave it behind, and a rollback takes both back. ``audit_money``
compares it with the entries (``check_fund_months_equal_entries``).

Months are Jakarta months (UTC+7 all year, no daylight saving time), as the
pages' ``TruncMonth`` in ``Asia/Jakarta`` counts them.
"""

from zoneinfo import ZoneInfo

from django.db import connection as default_connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

ENTRY_TABLE = "charity_fundentry"
MONTH_TABLE = "ledger_fundmonth"
JAKARTA = ZoneInfo("Asia/Jakarta")

_POSTGRES_MONTH = (
    "date_trunc('month', {row}.created_at AT TIME ZONE 'Asia/Jakarta')::date"
)
# SQLite stores aware datetimes as UTC text; Jakarta is UTC+7 all year.
_SQLITE_MONTH = "strftime('%Y-%m-01', {row}.created_at, '+7 hours')"


def _add_sql(month: str, row: str, sign: str) -> str:
    return (
        f"INSERT INTO {MONTH_TABLE} (month, kind, amount, entries) "  # noqa: S608
        f"VALUES ({month}, {row}.kind, {sign}{row}.amount, {sign}1) "
        f"ON CONFLICT (month, kind) DO UPDATE SET "
        f"amount = {MONTH_TABLE}.amount + excluded.amount, "
        f"entries = {MONTH_TABLE}.entries + excluded.entries;"
    )


def _remove_sql(month: str, row: str) -> str:
    """Take a removed (or moved) entry off its month; a month row left with no
    entry goes. Only an UPDATE: a delete whose month row is already gone (a
    flush that emptied the month table first) must not leave a negative row."""
    return (
        f"UPDATE {MONTH_TABLE} SET amount = amount - {row}.amount, "  # noqa: S608
        f"entries = entries - 1 WHERE month = {month} AND kind = {row}.kind; "
        f"DELETE FROM {MONTH_TABLE} WHERE month = {month} "  # noqa: S608
        f"AND kind = {row}.kind AND entries <= 0;"
    )


def _postgres_sql() -> list[str]:
    old = _remove_sql(_POSTGRES_MONTH.format(row="OLD"), "OLD")
    new = _add_sql(_POSTGRES_MONTH.format(row="NEW"), "NEW", "")
    return [
        f"""CREATE OR REPLACE FUNCTION kongsi_fund_month() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN {old} END IF;
          IF TG_OP <> 'DELETE' THEN {new} END IF;
          RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS kongsi_fund_month ON {ENTRY_TABLE}",
        f"""CREATE TRIGGER kongsi_fund_month AFTER INSERT OR UPDATE OR DELETE
        ON {ENTRY_TABLE} FOR EACH ROW EXECUTE FUNCTION kongsi_fund_month()""",
    ]


def _sqlite_sql() -> list[str]:
    statements = []
    for event, rows in (
        ("INSERT", [("NEW", "")]),
        ("UPDATE", [("OLD", "-"), ("NEW", "")]),
        ("DELETE", [("OLD", "-")]),
    ):
        name = f"kongsi_fund_month_{event.lower()}"
        body = " ".join(
            _remove_sql(_SQLITE_MONTH.format(row=row), row)
            if sign == "-"
            else _add_sql(_SQLITE_MONTH.format(row=row), row, sign)
            for row, sign in rows
        )
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {ENTRY_TABLE} BEGIN {body} END"
        )
    return statements


def install_fund_month_triggers(connection=default_connection) -> bool:
    """(Re)create the trigger that keeps ``ledger_fundmonth``; False if it can't."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if not {ENTRY_TABLE, MONTH_TABLE} <= existing:
            return False
        build = _postgres_sql if connection.vendor == "postgresql" else _sqlite_sql
        for statement in build():
            cursor.execute(statement)
    return True


def fill_fund_months(connection=default_connection) -> None:
    """Recompute every month from the entries (the data migration's fill)."""
    month = (
        _POSTGRES_MONTH if connection.vendor == "postgresql" else _SQLITE_MONTH
    ).format(row=ENTRY_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {MONTH_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MONTH_TABLE} (month, kind, amount, entries) "  # noqa: S608
            f"SELECT {month}, kind, SUM(amount), COUNT(*) FROM {ENTRY_TABLE} "
            f"GROUP BY 1, 2"
        )


def install_after_migrate(sender, using="default", **kwargs):
    """After every migrate: a table that SQLite rebuilt has lost its triggers."""
    from django.db import connections

    install_fund_month_triggers(connections[using])


def check_fund_months_equal_entries() -> list[str]:
    """Each (month, kind) row equals Σ and the count of its entries."""
    from .models import FundEntry, FundMonth

    def key(month, kind):
        return (f"{month.year:04d}-{month.month:02d}", kind)

    expected = {
        key(row["month"], row["kind"]): (int(row["total"]), row["count"])
        for row in FundEntry.objects.annotate(
            month=TruncMonth("created_at", tzinfo=JAKARTA)
        )
        .values("month", "kind")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by()
    }
    stored = {
        key(row.month, row.kind): (row.amount, row.entries)
        for row in FundMonth.objects.all()
    }
    problems = []
    for month, kind in sorted(set(expected) | set(stored)):
        want = expected.get((month, kind), (0, 0))
        have = stored.get((month, kind), (0, 0))
        if want != have:
            problems.append(
                f"fund month {month} {kind}: row Rp {have[0]} in {have[1]} entries "
                f"≠ Σ entries Rp {want[0]} in {want[1]}"
            )
    return problems
