"""Writing many bank statement lines at once (statement matching and
``settlements_confirm``): one UPDATE per batch, only lines not matched yet."""

from django.db import connection

from settlements.models import BankStatementLine

# Rows per UPDATE (SQLite limits the parameters; PostgreSQL takes arrays).
BATCH = 500
IN_BATCH = 900


def _batches(items: list, size: int = IN_BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def update_each(pairs: list[tuple[int, int]], *, each: str, **same) -> None:
    """Set the field ``each`` of every line to its own value and the ``same``
    fields to one value, for pending lines: one UPDATE … FROM (VALUES …) per
    batch.

    Written in SQL because the ORM's form (bulk_update: a CASE WHEN branch per
    row) costs the database a comparison per row and branch, and Python even
    more to compile, at 500 lines a chunk. PostgreSQL and SQLite (≥ 3.33) both
    read UPDATE … FROM; PostgreSQL gets the rows as two arrays, SQLite as a
    VALUES list (whose columns SQLite names column1, column2).
    """
    meta = BankStatementLine._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    assignments = [f"{quote(meta.get_field(each).column)} = v.column2"]
    constants = []
    for name, value in same.items():
        field = meta.get_field(name)
        assignments.append(f"{quote(field.column)} = %s")
        constants.append(field.get_db_prep_save(value, connection))
    pending = f"{table}.{quote(meta.get_field('settlement').column)} IS NULL"
    same_row = f"{table}.{quote(meta.pk.column)} = v.column1"
    with connection.cursor() as cursor:
        for batch in _batches(pairs, BATCH):
            if connection.vendor == "postgresql":
                # Two array parameters: psycopg need not scan a query of a
                # thousand placeholders.
                rows = "unnest(%s::bigint[], %s::bigint[]) AS v(column1, column2)"
                params = [[pk for pk, _v in batch], [value for _pk, value in batch]]
            else:
                rows = "(VALUES {}) AS v".format(", ".join(["(%s, %s)"] * len(batch)))
                params = [value for pair in batch for value in pair]
            # Names come from the model, every value is a parameter.
            sql = (
                f"UPDATE {table} SET {', '.join(assignments)} "  # noqa: S608
                f"FROM {rows} WHERE {same_row} AND {pending}"
            )
            cursor.execute(sql, [*constants, *params])


def set_lines(pks: list[int], **fields) -> None:
    """Set ``fields`` of many lines (only lines not matched meanwhile)."""
    for batch in _batches(pks):
        BankStatementLine.objects.filter(pk__in=batch, settlement__isnull=True).update(
            **fields
        )
