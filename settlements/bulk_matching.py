"""Bulk statement matching: a chunk of lines decided in one transaction.

The outcome equals, row for row, deciding the same lines one by one in order
(date, line_no, pk) with ``reconciliation.statement_line_match_auto`` — that
path is the reference (``statement_match_lines(bulk=False)``) and
tests/settlements/test_bulk_matching.py compares the two. Only the speed
differs: a fixed number of queries per chunk instead of ~25 per line.

Why the classification can be done in memory: lines only interact through
settlements of their own amount. For the credit lines of one amount A in
order, with the candidates C of A (``candidate_filter``):
- |C| > 1: every line is ambiguous (deciding one changes nothing);
- |C| = 1: the first line pays it; afterwards C is confirmed and has a line,
  so it is no candidate any more and every later line of A is a possible
  double of the latest confirmed settlement of A;
- |C| = 0: every line is a possible double (a confirmed settlement of A
  exists) or unmatched.
The "latest confirmed settlement" is looked up after the chunk's writes, with
the per-line query's own ordering, so it is the one the per-line path sees.

Locks are taken in the single path's order: the chosen settlements (one
SELECT ... FOR UPDATE by pk), their orders (one, by pk), the fund balance,
then the chunk's lines. Whatever changed since the candidates were read (a
settlement confirmed or closed meanwhile, an order no longer submitted, a fund
key already recorded, a line decided by someone else) sends every line of that
amount to the per-line path, after the chunk's commit (so it takes its locks
in its own order) — it then does exactly what it would have done. A fund key recorded
already (which should never be) is found by the unique index during the bulk
insert: the chunk's writes are rolled back to a savepoint and the whole chunk
goes the per-line way.
"""

from collections import defaultdict
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from community.errors import ConflictError
from ledger.fund import DuplicatePost, fund_balance_lock, fund_post_many
from orders.models import Order
from orders.services import orders_mark_paid_many
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.parsers import CREDIT
from settlements.reconciliation import (
    candidate_filter,
    possible_doubles,
    statement_line_match_auto,
)
from settlements.services import _user_of, confirmation_fund_posts
from settlements.signals import settlements_confirmed

Match = BankStatementLine.Match
S = Settlement.Status
# Lines per transaction: big enough that the fixed queries of a chunk cost
# little per line, small enough that a chunk holds its locks briefly and the
# statement's progress moves.
MATCH_CHUNK_LINES = 500
# What the bulk path reads of a locked settlement (the rest stays deferred).
LOCKED_FIELDS = (
    "pk",
    "member_id",
    "status",
    "confirmed_via",
    "charity_share",
    "unique_code",
    "amount_due",
)
# Rows per UPDATE ... WHERE pk IN (...) (SQLite limits the parameters).
IN_BATCH = 900


def statement_match_chunk(
    *, statement_id: int, line_ids: list[int], actor, processed_lines: int
) -> None:
    """Decide the pending lines ``line_ids`` (given in matching order) and save
    the statement's progress in one transaction; then send the lines the bulk
    path left to the per-line path."""
    user = _user_of(actor)
    with transaction.atomic():
        redo = _match_chunk(line_ids, user=user)
        BankStatement.objects.filter(pk=statement_id).update(
            processed_lines=processed_lines
        )
    # After the commit, so the per-line path takes its locks (settlement, then
    # fund balance) in its own order and never waits on a settlement while
    # holding the fund balance, which a single confirm could hold the other
    # way round. If the worker dies here the lines are still pending and a
    # re-run decides them.
    if redo:
        instances = BankStatementLine.objects.in_bulk(redo)
        for pk in redo:
            statement_line_match_auto(line=instances[pk], actor=user)


def _batches(items: list, size: int = IN_BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Line(NamedTuple):
    pk: int
    amount: int
    direction: str


class _Candidate(NamedTuple):
    pk: int
    is_open: bool


def _match_chunk(line_ids: list[int], *, user) -> list[int]:
    """Write what the bulk path can decide; return the lines left for the
    per-line path, in matching order."""
    # Plain tuples, not model instances: at 10 000 lines building models is
    # what the time goes to.
    by_pk = {
        pk: _Line(pk, amount, direction)
        for pk, amount, direction in BankStatementLine.objects.filter(
            pk__in=line_ids, match_status=Match.PENDING, settlement__isnull=True
        ).values_list("pk", "amount", "direction")
    }
    lines = [by_pk[pk] for pk in line_ids if pk in by_pk]
    if not lines:
        return []
    groups: dict[int, list[_Line]] = {}
    for line in lines:
        if line.direction == CREDIT:
            groups.setdefault(line.amount, []).append(line)
    candidates: dict[int, list[_Candidate]] = defaultdict(list)
    if groups:
        for amount, pk, status in (
            Settlement.objects.filter(amount_due__in=list(groups))
            .filter(candidate_filter())
            .order_by("pk")
            .values_list("amount_due", "pk", "status")
        ):
            candidates[amount].append(
                _Candidate(pk, status in Settlement.OPEN_STATUSES)
            )

    # amount → (first line, its one candidate); later lines of the amount and
    # the lines of amounts without candidates wait for the "similar" lookup.
    matches: dict[int, tuple[_Line, _Candidate | Settlement]] = {}
    ambiguous: dict[int, list[_Line]] = {}
    rest: dict[int, list[_Line]] = {}
    for amount, group in groups.items():
        found = candidates[amount]
        if len(found) > 1:
            ambiguous[amount] = group
        elif len(found) == 1:
            matches[amount] = (group[0], found[0])
            rest[amount] = group[1:]
        else:
            rest[amount] = group

    orders: list[tuple[int, int]] = []
    fallback = _lock_and_recheck(matches, lines, groups, orders)
    try:
        with transaction.atomic():
            _write(
                lines=[line for line in lines if line.direction != CREDIT],
                matches={a: m for a, m in matches.items() if a not in fallback},
                ambiguous={a: g for a, g in ambiguous.items() if a not in fallback},
                rest={a: g for a, g in rest.items() if a not in fallback},
                orders=orders,
                user=user,
            )
    except (DuplicatePost, ConflictError):
        # A fund key of one of the settlements is recorded already, or one of
        # the orders is not submitted any more (neither should happen: the
        # keys are the settlements' own, the orders are locked and checked).
        # Not worth a look-up of every key in every chunk: undo the chunk's
        # writes and decide all of it line by line, which refuses to confirm
        # that settlement as it always did.
        redo = [line.pk for line in lines]
    else:
        redo = [
            line.pk
            for amount, group in groups.items()
            if amount in fallback
            for line in group
            if line.pk not in fallback[amount]
        ]
    return redo


def _lock_and_recheck(matches, lines, groups, orders) -> dict[int, set[int]]:
    """Lock what the writes touch and check it is as it was read.

    Return {amount: pks of lines decided meanwhile} for the amounts that go
    the per-line way; fill ``orders`` with (order pk, settlement pk) of the
    settlements the bulk path confirms.
    """
    fallback: dict[int, set[int]] = {}
    chosen = {settlement.pk: amount for amount, (_l, settlement) in matches.items()}
    if chosen:
        locked = {
            row.pk: row
            for row in Settlement.objects.select_for_update(of=("self",))
            .filter(pk__in=sorted(chosen))
            .only(*LOCKED_FIELDS)
            .order_by("pk")
        }
        manual = []
        for pk, amount in chosen.items():
            current = locked.get(pk)
            if current is None or current.is_open != matches[amount][1].is_open:
                fallback[amount] = set()
            elif current.is_open:
                matches[amount] = (matches[amount][0], current)
            elif (current.status, current.confirmed_via) == (
                S.CONFIRMED,
                Settlement.Via.MANUAL,
            ):
                matches[amount] = (matches[amount][0], current)
                manual.append(pk)
            else:
                fallback[amount] = set()
        if manual:
            for pk in BankStatementLine.objects.filter(
                settlement_id__in=manual
            ).values_list("settlement_id", flat=True):
                fallback[chosen[pk]] = set()
        open_ids = sorted(
            pk
            for pk, amount in chosen.items()
            if amount not in fallback and locked[pk].is_open
        )
        if open_ids:
            rows = list(
                Order.objects.select_for_update(of=("self",))
                .filter(
                    settlement_links__settlement_id__in=open_ids,
                    settlement_links__is_active=True,
                )
                .order_by("pk")
                .values_list("pk", "status", "settlement_links__settlement_id")
            )
            for _order, status, settlement_pk in rows:
                if status != Order.Status.SUBMITTED:
                    fallback[chosen[settlement_pk]] = set()
            orders.extend(
                (order_pk, settlement_pk)
                for order_pk, _status, settlement_pk in rows
                if chosen[settlement_pk] not in fallback
            )
            fund_balance_lock()
    changed = {
        pk
        for pk, status, settlement_pk in BankStatementLine.objects.select_for_update()
        .filter(pk__in=[line.pk for line in lines])
        .values_list("pk", "match_status", "settlement_id")
        if status != Match.PENDING or settlement_pk is not None
    }
    if changed:
        for amount, group in groups.items():
            skipped = {line.pk for line in group if line.pk in changed}
            if skipped:
                fallback.setdefault(amount, set()).update(skipped)
        lines[:] = [line for line in lines if line.pk not in changed]
    return fallback


def _update_each(pairs: list[tuple[int, int]], *, each: str, **same) -> None:
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
        for batch in _batches(pairs, MATCH_CHUNK_LINES):
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


def _set_lines(pks: list[int], **fields) -> None:
    """``_set_status`` for many lines (only lines not matched meanwhile)."""
    for batch in _batches(pks):
        BankStatementLine.objects.filter(pk__in=batch, settlement__isnull=True).update(
            **fields
        )


def _write(*, lines, matches, ambiguous, rest, orders, user) -> None:
    now = timezone.now()
    confirmed = [
        settlement for _line, settlement in matches.values() if settlement.is_open
    ]
    if confirmed:
        orders_mark_paid_many(pairs=orders, actor=user, now=now)
        posts = [
            post for s in confirmed for post in confirmation_fund_posts(s, user=user)
        ]
        fund_post_many(posts)
        for batch in _batches([s.pk for s in confirmed]):
            Settlement.objects.filter(pk__in=batch).update(
                status=S.CONFIRMED,
                confirmed_at=now,
                confirmed_by=user,
                confirmed_via=Settlement.Via.STATEMENT,
            )
        for settlement in confirmed:
            settlement.status = S.CONFIRMED
            settlement.confirmed_at = now
            settlement.confirmed_by = user
            settlement.confirmed_via = Settlement.Via.STATEMENT
    pairs = [(line.pk, settlement.pk) for line, settlement in matches.values()]
    _update_each(
        pairs,
        each="settlement",
        match_status=Match.MATCHED,
        similar_settlement=None,
        matched_by=getattr(user, "pk", None),
        matched_at=now,
    )
    _set_lines(
        [line.pk for line in lines], match_status=Match.IGNORED, similar_settlement=None
    )
    _set_lines(
        [line.pk for group in ambiguous.values() for line in group],
        match_status=Match.AMBIGUOUS,
        similar_settlement=None,
    )
    _decide_the_rest(rest)
    if confirmed:
        settlements_confirmed.send(sender=Settlement, settlements=confirmed, actor=user)


def _decide_the_rest(rest: dict[int, list[_Line]]) -> None:
    """Lines with no candidate left: a possible double of the latest confirmed
    settlement of their amount (the per-line query, run once), or unmatched."""
    amounts = [amount for amount, group in rest.items() if group]
    if not amounts:
        return
    similar: dict[int, int] = {}
    for amount, pk in possible_doubles(amounts).values_list("amount_due", "pk"):
        similar.setdefault(amount, pk)
    doubles = [
        (line.pk, similar[amount])
        for amount in amounts
        if amount in similar
        for line in rest[amount]
    ]
    _update_each(doubles, each="similar_settlement", match_status=Match.POSSIBLE_DOUBLE)
    _set_lines(
        [
            line.pk
            for amount in amounts
            if amount not in similar
            for line in rest[amount]
        ],
        match_status=Match.UNMATCHED,
        similar_settlement=None,
    )
