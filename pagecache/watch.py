"""Which writes change a cached page, and the triggers that bump its version.

Every row written to a watched table bumps a version **in the database, in the
same transaction**, so no Python path (a service, a bulk UPDATE, a COPY, raw SQL
in a migration) can change what a member page shows without the page's cache
key changing with it.

PostgreSQL: a row trigger records the touched scopes in a temporary table, and a
deferred constraint trigger bumps them at commit, in scope order. So the bump's
row locks are taken last and always in the same order: two transactions that
touch the same members cannot deadlock on them, and no lock on a version row is
held while the rest of a transaction runs. SQLite has one writer at a time, so
its triggers bump at once.
"""

import logging

from django.db import connection as default_connection

logger = logging.getLogger(__name__)

VERSION_TABLE = "pagecache_pageversion"

# table → how a row names its scope:
#   ("member", column)                      the member id is on the row
#   ("via", column, parent table, column)   the row's parent holds the member id
#   ("user", column)                        the row names the member's user
#   ("scope", name)                         a shared scope (catalog, fund)
WATCHED: dict[str, tuple] = {
    "community_member": ("member", "id"),
    "community_shop": ("member", "member_id"),
    "community_notification": ("member", "member_id"),
    # A page form's one-time token is used up when its write commits; the
    # pages that carried it (cached with it) must not be served again.
    "community_requestonce": ("user", "user_id"),
    "orders_order": ("member", "member_id"),
    "orders_orderline": ("via", "order_id", "orders_order", "member_id"),
    "orders_orderevent": ("via", "order_id", "orders_order", "member_id"),
    "settlements_settlement": ("member", "member_id"),
    "settlements_settlementorder": (
        "via",
        "settlement_id",
        "settlements_settlement",
        "member_id",
    ),
    "settlements_transferproof": (
        "via",
        "settlement_id",
        "settlements_settlement",
        "member_id",
    ),
    "returns_creditentry": ("member", "member_id"),
    "returns_creditbalance": ("member", "member_id"),
    "returns_returnrequest": ("member", "member_id"),
    "returns_returnphoto": (
        "via",
        "return_request_id",
        "returns_returnrequest",
        "member_id",
    ),
    "training_enrollment": ("member", "trainee_id"),
    "training_itemcheck": ("via", "enrollment_id", "training_enrollment", "trainee_id"),
    "training_promoslot": ("member", "member_id"),
    "training_competitorprice": ("member", "member_id"),
    "imports_importbatch": ("member", "member_id"),
    "imports_skumapping": ("member", "member_id"),
    "imports_stockoutnotice": ("member", "member_id"),
    "imports_stockoutshopcheck": (
        "via",
        "notice_id",
        "imports_stockoutnotice",
        "member_id",
    ),
    "catalog_category": ("scope", "catalog"),
    "catalog_product": ("scope", "catalog"),
    "catalog_variant": ("scope", "catalog"),
    "catalog_productimage": ("scope", "catalog"),
    "orders_trackinglink": ("scope", "catalog"),
    # The public charity page shows the charity account's QRIS.
    "settlements_bankaccount": ("scope", "fund"),
    "charity_charitypolicy": ("scope", "fund"),
    "charity_fundentry": ("scope", "fund"),
    "charity_fundbalance": ("scope", "fund"),
    "ledger_fundmonth": ("scope", "fund"),
    "charity_program": ("scope", "fund"),
    "charity_disbursement": ("scope", "fund"),
}
# A fund entry also belongs to the member who gave it ("my contributions").
ALSO_MEMBER = {"charity_fundentry": "member_id"}


def _scope_sql(rule: tuple, row: str) -> str:
    """SQL for the scope text of ``row`` (NEW or OLD); NULL when there is none."""
    kind = rule[0]
    if kind == "member":
        return f"'m:' || CAST({row}.{rule[1]} AS TEXT)"
    if kind == "user":
        return (
            "'m:' || CAST((SELECT id FROM community_member "  # noqa: S608
            f"WHERE user_id = {row}.{rule[1]}) AS TEXT)"
        )
    if kind == "via":
        _kind, column, parent, parent_column = rule
        return (
            f"'m:' || CAST((SELECT {parent_column} FROM {parent} "  # noqa: S608
            f"WHERE id = {row}.{column}) AS TEXT)"
        )
    return f"'{rule[1]}'"


def _scopes(table: str, row: str) -> list[str]:
    scopes = [_scope_sql(WATCHED[table], row)]
    if table in ALSO_MEMBER:
        scopes.append(_scope_sql(("member", ALSO_MEMBER[table]), row))
    return scopes


POSTGRES_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION kongsi_pv_touch(touched text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF touched IS NULL THEN RETURN; END IF;
  IF to_regclass('pg_temp.kongsi_pv_touched') IS NULL THEN
    CREATE TEMP TABLE kongsi_pv_touched (scope text PRIMARY KEY)
      ON COMMIT DELETE ROWS;
  END IF;
  INSERT INTO pg_temp.kongsi_pv_touched VALUES (touched) ON CONFLICT DO NOTHING;
  PERFORM set_config('kongsi.pv_touched', '1', true);
END $$;

CREATE OR REPLACE FUNCTION kongsi_pv_flush() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('kongsi.pv_touched', true), '') <> '1' THEN
    RETURN NULL;
  END IF;
  INSERT INTO {VERSION_TABLE} (scope, version)
    SELECT scope, 1 FROM pg_temp.kongsi_pv_touched ORDER BY scope
    ON CONFLICT (scope) DO UPDATE SET version = {VERSION_TABLE}.version + 1;
  DELETE FROM pg_temp.kongsi_pv_touched;
  PERFORM set_config('kongsi.pv_touched', '', true);
  RETURN NULL;
END $$;
"""  # noqa: S608 - the table name is this module's constant


def _postgres_table_sql(table: str) -> list[str]:
    old = "; ".join(f"PERFORM kongsi_pv_touch({s})" for s in _scopes(table, "OLD"))
    new = "; ".join(f"PERFORM kongsi_pv_touch({s})" for s in _scopes(table, "NEW"))
    function = f"kongsi_pv_{table}"
    return [
        f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP <> 'INSERT' THEN {old}; END IF;
          IF TG_OP <> 'DELETE' THEN {new}; END IF;
          RETURN NULL;
        END $$""",
        f"DROP TRIGGER IF EXISTS kongsi_pv_touch ON {table}",
        f"""CREATE TRIGGER kongsi_pv_touch AFTER INSERT OR UPDATE OR DELETE
        ON {table} FOR EACH ROW EXECUTE FUNCTION {function}()""",
        f"DROP TRIGGER IF EXISTS kongsi_pv_flush ON {table}",
        f"""CREATE CONSTRAINT TRIGGER kongsi_pv_flush
        AFTER INSERT OR UPDATE OR DELETE ON {table}
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION kongsi_pv_flush()""",
    ]


def _sqlite_table_sql(table: str) -> list[str]:
    statements = []
    for event, rows in (
        ("INSERT", ["NEW"]),
        ("UPDATE", ["OLD", "NEW"]),
        ("DELETE", ["OLD"]),
    ):
        name = f"kongsi_pv_{table}_{event.lower()}"
        bumps = " ".join(
            f"INSERT INTO {VERSION_TABLE} (scope, version) "  # noqa: S608
            f"SELECT s, 1 FROM (SELECT {scope} AS s) WHERE s IS NOT NULL "
            f"ON CONFLICT(scope) DO UPDATE SET version = version + 1;"
            for row in rows
            for scope in _scopes(table, row)
        )
        statements.append(f"DROP TRIGGER IF EXISTS {name}")
        statements.append(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {bumps} END"
        )
    return statements


def install_triggers(connection=default_connection) -> list[str]:
    """(Re)create the triggers on every watched table that exists; return them."""
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        logger.warning("pagecache: no triggers for %s; page cache stays off", vendor)
        return []
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if VERSION_TABLE not in existing:
            return []
        tables = [table for table in WATCHED if table in existing]
        if vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTIONS)
        for table in tables:
            build = _postgres_table_sql if vendor == "postgresql" else _sqlite_table_sql
            for statement in build(table):
                cursor.execute(statement)
    return tables


def install_triggers_after_migrate(sender, using="default", **kwargs):
    from django.db import connections

    install_triggers(connections[using])
