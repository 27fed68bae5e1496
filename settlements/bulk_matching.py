"""Statement matching: a chunk of lines decided in one transaction.

``classify`` decides, in memory, what each line of a chunk is; the chunk then
confirms every match through ``settlements_confirm`` (one batch, the one
writer of a confirmed settlement) and writes the other lines' status with a
fixed number of queries.

Why the classification can be done in memory: lines only interact through
settlements of their own amount. For the credit lines of one amount A in
order (date, line_no, pk), with the candidates C of A (``candidate_filter``):
- |C| > 1: every line is ambiguous (deciding one changes nothing);
- |C| = 1: the first line pays it; afterwards C is confirmed and has a line,
  so it is no candidate any more and every later line of A is a possible
  double of the latest confirmed settlement of A;
- |C| = 0: every line is a possible double (a confirmed settlement of A
  exists) or unmatched.
The "latest confirmed settlement" is looked up after the chunk's
confirmations, so it is the one just confirmed.

Whatever changed since the candidates were read (a settlement confirmed or
closed meanwhile, an order no longer submitted, a line decided by someone
else) makes ``settlements_confirm`` refuse that confirmation; every line of
that amount then stays pending and is classified again with fresh candidates
(at most MAX_PASSES times, then it is left ambiguous for a person).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction

from settlements.confirm import Confirmation, settlements_confirm, user_of
from settlements.line_updates import set_lines, update_each
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.parsers import CREDIT
from settlements.reconciliation import candidate_filter, possible_doubles

Match = BankStatementLine.Match
# Lines per transaction: big enough that the fixed queries of a chunk cost
# little per line, small enough that a chunk holds its locks briefly and the
# statement's progress moves.
MATCH_CHUNK_LINES = 500
MAX_PASSES = 3


class Line(NamedTuple):
    pk: int
    amount: int
    direction: str


@dataclass
class Decisions:
    """What ``classify`` decided for one chunk (lines in matching order)."""

    ignored: list[Line] = field(default_factory=list)
    ambiguous: list[Line] = field(default_factory=list)
    # amount → (the line that pays it, the candidate settlement's pk)
    matches: dict[int, tuple[Line, int]] = field(default_factory=dict)
    # amount → lines with no candidate left (possible double or unmatched)
    rest: dict[int, list[Line]] = field(default_factory=dict)


def classify(lines: list[Line], candidates: dict[int, list[int]]) -> Decisions:
    """Decide each line from the candidates of its amount (module docstring)."""
    decided = Decisions()
    groups: dict[int, list[Line]] = {}
    for line in lines:
        if line.direction == CREDIT:
            groups.setdefault(line.amount, []).append(line)
        else:
            decided.ignored.append(line)
    for amount, group in groups.items():
        found = candidates.get(amount, [])
        if len(found) > 1:
            decided.ambiguous.extend(group)
        elif len(found) == 1:
            decided.matches[amount] = (group[0], found[0])
            decided.rest[amount] = group[1:]
        else:
            decided.rest[amount] = group
    return decided


def statement_match_chunk(
    *, statement_id: int, line_ids: list[int], actor, processed_lines: int
) -> None:
    """Decide the pending lines ``line_ids`` (given in matching order) and save
    the statement's progress, in one transaction."""
    user = user_of(actor)
    with transaction.atomic():
        remaining = list(line_ids)
        for _pass in range(MAX_PASSES):
            remaining = _match_pass(remaining, user=user)
            if not remaining:
                break
        set_lines(remaining, match_status=Match.AMBIGUOUS, similar_settlement=None)
        BankStatement.objects.filter(pk=statement_id).update(
            processed_lines=processed_lines
        )


def _pending(line_ids: list[int]) -> list[Line]:
    by_pk = {
        pk: Line(pk, amount, direction)
        for pk, amount, direction in BankStatementLine.objects.filter(
            pk__in=line_ids, match_status=Match.PENDING, settlement__isnull=True
        ).values_list("pk", "amount", "direction")
    }
    return [by_pk[pk] for pk in line_ids if pk in by_pk]


def _candidates(amounts) -> dict[int, list[int]]:
    found: dict[int, list[int]] = defaultdict(list)
    if amounts:
        for amount, pk in (
            Settlement.objects.filter(amount_due__in=list(amounts))
            .filter(candidate_filter())
            .order_by("pk")
            .values_list("amount_due", "pk")
        ):
            found[amount].append(pk)
    return found


def _match_pass(line_ids: list[int], *, user) -> list[int]:
    """One pass: classify, confirm, write; return the lines to look at again."""
    lines = _pending(line_ids)
    if not lines:
        return []
    credit_amounts = {line.amount for line in lines if line.direction == CREDIT}
    decided = classify(lines, _candidates(credit_amounts))
    result = settlements_confirm(
        confirmations=[
            Confirmation(settlement_pk, line.pk)
            for line, settlement_pk in decided.matches.values()
        ],
        via=Settlement.Via.STATEMENT,
        actor=user,
    )
    refused_lines = {refusal.line_id for refusal in result.refused}
    again = {
        amount
        for amount, (line, _s) in decided.matches.items()
        if line.pk in refused_lines
    }
    set_lines(
        [line.pk for line in decided.ignored],
        match_status=Match.IGNORED,
        similar_settlement=None,
    )
    set_lines(
        [line.pk for line in decided.ambiguous],
        match_status=Match.AMBIGUOUS,
        similar_settlement=None,
    )
    _decide_the_rest({a: g for a, g in decided.rest.items() if a not in again})
    return [line.pk for line in lines if line.amount in again]


def _decide_the_rest(rest: dict[int, list[Line]]) -> None:
    """Lines with no candidate left: a possible double of the latest confirmed
    settlement of their amount, or unmatched."""
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
    update_each(doubles, each="similar_settlement", match_status=Match.POSSIBLE_DOUBLE)
    set_lines(
        [
            line.pk
            for amount in amounts
            if amount not in similar
            for line in rest[amount]
        ],
        match_status=Match.UNMATCHED,
        similar_settlement=None,
    )
