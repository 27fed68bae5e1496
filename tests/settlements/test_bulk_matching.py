"""Bulk statement matching ends exactly as deciding the lines one by one.

One world, one pending statement; the per-line path (``bulk=False``) runs
inside a savepoint that is rolled back, then the bulk path runs on the very
same rows, and everything matching writes is compared: line, settlement and
order statuses, order events, fund entries and balance, training ticks and the
statement's counters. Rows the runs create (events, entries, ticks) are
compared by their content, not their pk (a PostgreSQL sequence does not roll
back).
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

from charity import audit as charity_audit
from ledger.credit import credit_post
from ledger.fund import fund_balance, fund_post
from ledger.models import FundEntry
from orders import audit as orders_audit
from orders.models import Order, OrderEvent
from settlements import audit as settlements_audit
from settlements import bulk_matching, reconciliation, services
from settlements.models import BankStatement, BankStatementLine, Settlement
from tests.factories import MemberFactory
from tests.helpers import count_queries
from tests.settlements.factories import open_settlement, settlement_due
from tests.training.factories import make_trainee
from tests.trust.world import ensure_reference_data
from training.models import Enrollment, ItemCheck

pytestmark = pytest.mark.django_db
Match = BankStatementLine.Match
DAY = date(2026, 11, 1)


class Rollback(Exception):
    pass


def _csv(rows: list[tuple[int, int, str]]) -> bytes:
    """rows of (day offset, amount, CR/DB) → a generic statement."""
    text = ["date,description,amount,type"]
    for index, (day, amount, kind) in enumerate(rows):
        text.append(
            f'{DAY + timedelta(days=day)},"TRSF {kind} {index:04d}",{amount},{kind}'
        )
    return ("\n".join(text) + "\n").encode()


def _import_pending(rows, treasurer, monkeypatch) -> BankStatement:
    """Import the statement but leave every line pending (no matching yet)."""
    monkeypatch.setattr(reconciliation, "INLINE_LINE_LIMIT", -1)
    queued = []
    from settlements import tasks

    monkeypatch.setattr(
        tasks.statement_match_task, "delay_on_commit", lambda pk: queued.append(pk)
    )
    statement = reconciliation.statement_import(
        file=SimpleUploadedFile("mutasi.csv", _csv(rows)),
        format="generic",
        actor=treasurer,
    )
    assert queued == [statement.pk]
    assert statement.lines.exclude(match_status=Match.PENDING).count() == 0
    monkeypatch.undo()
    return statement


def _confirmed_by_statement(member, amount, treasurer) -> Settlement:
    """A settlement paid by a line of an earlier statement (a possible double
    target that is no candidate any more)."""
    settlement = settlement_due(member, amount)
    reconciliation.statement_import(
        file=SimpleUploadedFile("lama.csv", _csv([(-20, amount, "CR")])),
        format="generic",
        actor=treasurer,
    )
    settlement.refresh_from_db()
    assert settlement.confirmed_via == Settlement.Via.STATEMENT
    return settlement


def build_world(treasurer, monkeypatch):
    """Every case the matcher knows, in one statement. Return it and names."""
    ensure_reference_data()
    names = {}
    # a plain open settlement with a charity share and two orders
    plain_member = MemberFactory()
    plain = open_settlement(plain_member, base_price=20_000, sale_price=31_000)
    names["plain"] = plain
    # paid twice in the same statement: the first line (by date) wins
    twice = open_settlement(MemberFactory(), base_price=40_000, sale_price=52_000)
    names["twice"] = twice
    # two candidates: one confirmed by hand without a line, one open
    by_hand_earlier = settlement_due(MemberFactory(), 64_512, code=512)
    services.settlement_confirm(settlement=by_hand_earlier, actor=treasurer)
    names["ambiguous_open"] = settlement_due(MemberFactory(), 64_512, code=512)
    # confirmed by hand: the line is recorded as its transfer (and a second
    # line of that amount is a possible double)
    manual = settlement_due(MemberFactory(), 310_089, code=89)
    services.settlement_confirm(settlement=manual, actor=treasurer)
    names["manual"] = manual
    # paid by an earlier statement: a possible double only
    names["earlier"] = _confirmed_by_statement(MemberFactory(), 555_417, treasurer)
    # a cancelled settlement is no candidate
    cancelled_member = MemberFactory()
    cancelled = settlement_due(cancelled_member, 432_100, code=100)
    services.settlement_cancel(settlement=cancelled, actor=cancelled_member.user)
    # credit covers part of one settlement and all of another
    credit_member = MemberFactory()
    credit_post(
        member=credit_member,
        amount=5_000,
        kind="return_credit",
        reference="test",
        idempotency_key=f"test-credit-{credit_member.pk}",
    )
    partly = open_settlement(credit_member, base_price=20_000, sale_price=24_000)
    assert partly.credit_applied == 5_000
    names["partly_credit"] = partly
    covered_member = MemberFactory()
    credit_post(
        member=covered_member,
        amount=100_000,
        kind="return_credit",
        reference="test",
        idempotency_key=f"test-credit-{covered_member.pk}",
    )
    covered = open_settlement(covered_member, base_price=20_000, sale_price=24_000)
    assert covered.status == Settlement.Status.CONFIRMED
    names["covered"] = covered
    # a trainee pays two settlements: the line first by date ticks the item
    trainee = make_trainee().trainee
    first_paid = open_settlement(trainee, base_price=15_000, sale_price=18_000)
    second_paid = open_settlement(trainee, base_price=16_000, sale_price=18_000)
    names["trainee_first"], names["trainee_second"] = first_paid, second_paid
    # a trainee whose item is already ticked ticks nothing again
    ticked = make_trainee()
    reconciliation_ticked = open_settlement(ticked.trainee)
    from training.services import item_auto_check

    item_auto_check(
        member_id=ticked.trainee_id,
        auto_code="first_settlement",
        reference="settlement:earlier",
    )
    names["ticked"] = reconciliation_ticked
    # an open settlement only paid by a debit line of its amount: stays open
    names["debit_only"] = open_settlement(MemberFactory(), base_price=9_000)

    rows = [
        (3, twice.amount_due, "CR"),  # first of the two: matched
        (1, plain.amount_due, "CR"),
        (2, 500_000, "DB"),
        (5, twice.amount_due, "CR"),  # the second: possible double
        (3, twice.amount_due, "CR"),  # same day, later line: possible double
        (4, 64_512, "CR"),  # ambiguous
        (6, 310_089, "CR"),  # attaches to the one confirmed by hand
        (7, 310_089, "CR"),  # then a possible double of it
        (6, 555_417, "CR"),  # possible double of the earlier statement's
        (8, 999_999, "CR"),  # unmatched
        (8, 432_100, "CR"),  # cancelled: unmatched
        (9, partly.amount_due, "CR"),
        (10, second_paid.amount_due, "CR"),
        (2, first_paid.amount_due, "CR"),  # earlier by date: this one ticks
        (11, reconciliation_ticked.amount_due, "CR"),
        (12, names["debit_only"].amount_due, "DB"),
        (12, 245_000, "DB"),
    ]
    statement = _import_pending(rows, treasurer, monkeypatch)
    return statement, names


def snapshot(statement: BankStatement) -> dict:
    """Everything the matcher writes, comparable across the two runs."""
    statement = BankStatement.objects.get(pk=statement.pk)
    return {
        "statement": (
            statement.status,
            statement.processed_lines,
            statement.credit_lines,
            statement.matched_lines,
            statement.ambiguous_lines,
            statement.unmatched_lines,
            statement.possible_double_lines,
        ),
        "lines": {
            row.pk: (
                row.match_status,
                row.settlement_id,
                row.similar_settlement_id,
                row.matched_by_id,
                row.matched_at is not None,
            )
            for row in BankStatementLine.objects.all()
        },
        "settlements": {
            row.pk: (
                row.status,
                row.confirmed_via,
                row.confirmed_by_id,
                row.confirmed_at is not None,
            )
            for row in Settlement.objects.all()
        },
        "orders": {
            row.pk: (row.status, row.paid_at is not None) for row in Order.objects.all()
        },
        "events": sorted(
            (e.order_id, e.from_status, e.to_status, str(e.params), e.actor_id)
            for e in OrderEvent.objects.all()
        ),
        "fund": sorted(
            (e.kind, e.amount, e.reference, e.idempotency_key, e.member_id, e.actor_id)
            for e in FundEntry.objects.all()
        ),
        "fund_balance": fund_balance(),
        "ticks": sorted(
            (c.enrollment_id, c.item.auto_code, c.reference, c.source)
            for c in ItemCheck.objects.select_related("item")
        ),
        "enrollments": sorted(
            (e.pk, e.completed_at is not None) for e in Enrollment.objects.all()
        ),
    }


def run_both(statement, treasurer) -> tuple[dict, dict]:
    """The per-line result (rolled back), then the bulk result."""
    before = snapshot(statement)
    per_line = None
    try:
        with transaction.atomic():
            reconciliation.statement_match_lines(statement_id=statement.pk, bulk=False)
            per_line = snapshot(statement)
            raise Rollback
    except Rollback:
        pass
    assert snapshot(statement) == before, "the per-line run was not rolled back"
    reconciliation.statement_match_lines(statement_id=statement.pk)
    return per_line, snapshot(statement)


@pytest.mark.parametrize("chunk", [500, 3, 1])
def test_bulk_matching_ends_row_for_row_as_the_per_line_path(
    chunk, treasurer, monkeypatch
):
    statement, names = build_world(treasurer, monkeypatch)
    monkeypatch.setattr(bulk_matching, "MATCH_CHUNK_LINES", chunk)
    per_line, bulk = run_both(statement, treasurer)
    for part in per_line:
        assert bulk[part] == per_line[part], part

    # and the shared result is the one the rules ask for
    lines = {
        int(line.description.split()[-1]): line
        for line in BankStatementLine.objects.filter(statement=statement)
    }

    def status_of(row: int):
        line = lines[row]
        return line.match_status, line.settlement_id, line.similar_settlement_id

    twice, manual = names["twice"], names["manual"]
    assert status_of(0) == (Match.MATCHED, twice.pk, None)
    assert status_of(4) == (
        Match.POSSIBLE_DOUBLE,
        None,
        twice.pk,
    )
    assert status_of(3)[0] == Match.POSSIBLE_DOUBLE
    assert status_of(5)[0] == Match.AMBIGUOUS
    assert status_of(6) == (Match.MATCHED, manual.pk, None)
    assert status_of(7) == (Match.POSSIBLE_DOUBLE, None, manual.pk)
    assert status_of(8) == (
        Match.POSSIBLE_DOUBLE,
        None,
        names["earlier"].pk,
    )
    assert status_of(9)[0] == Match.UNMATCHED
    assert status_of(10)[0] == Match.UNMATCHED
    assert status_of(2)[0] == Match.IGNORED
    statement.refresh_from_db()
    assert (
        statement.status,
        statement.processed_lines,
        statement.matched_lines,
        statement.possible_double_lines,
        statement.ambiguous_lines,
        statement.unmatched_lines,
    ) == (BankStatement.Status.DONE, 17, 7, 4, 1, 2)

    for key in ("plain", "twice", "partly_credit", "trainee_first", "ticked"):
        settlement = Settlement.objects.get(pk=names[key].pk)
        assert settlement.status == Settlement.Status.CONFIRMED, key
        assert settlement.confirmed_via == Settlement.Via.STATEMENT, key
        assert settlement.confirmed_by_id == treasurer.pk, key
        assert set(settlement.links.values_list("order__status", flat=True)) == {
            Order.Status.PAID
        }
        events = OrderEvent.objects.filter(
            order__settlement_links__settlement=settlement, to_status="paid"
        )
        assert [e.params for e in events] == [{"settlement": settlement.pk}]
        reference = f"settlement:{settlement.pk}"
        expected = {("unique_code", settlement.unique_code)}
        if settlement.charity_share:
            expected.add(("contribution", settlement.charity_share))
        assert (
            set(
                FundEntry.objects.filter(reference=reference).values_list(
                    "kind", "amount"
                )
            )
            == expected
        )
    assert Settlement.objects.get(pk=names["plain"].pk).charity_share > 0
    manual.refresh_from_db()
    assert manual.confirmed_via == Settlement.Via.MANUAL
    debit_only = Settlement.objects.get(pk=names["debit_only"].pk)
    assert debit_only.status == Settlement.Status.AWAITING_TRANSFER
    first_settlement_ticks = ItemCheck.objects.filter(
        item__auto_code="first_settlement"
    )
    assert sorted(first_settlement_ticks.values_list("reference", flat=True)) == sorted(
        ["settlement:earlier", f"settlement:{names['trainee_first'].pk}"]
    )
    assert FundEntry.objects.values_list("idempotency_key").count() == len(
        set(FundEntry.objects.values_list("idempotency_key", flat=True))
    )
    # the money audits of what matching touches (the factories' stock and
    # credit set-up is not audit-clean, so not audit_money as a whole)
    problems = [
        (name, found)
        for module in (orders_audit, settlements_audit, charity_audit)
        for name, found in module.run_checks()
        if found
    ]
    assert problems == []


def test_a_settlement_that_cannot_be_confirmed_falls_back_to_the_per_line_path(
    treasurer, monkeypatch
):
    """Its contribution is (wrongly) recorded already: the per-line path fails
    to confirm it twice and calls the line ambiguous; the bulk path hands that
    amount to the per-line path, and the rest of the chunk is still bulk."""
    ensure_reference_data()
    stuck = open_settlement(MemberFactory(), base_price=20_000, sale_price=31_000)
    fund_post(
        amount=stuck.charity_share,
        kind="contribution",
        reference=f"settlement:{stuck.pk}",
        idempotency_key=f"settlement:{stuck.pk}:contribution",
    )
    fine = open_settlement(MemberFactory(), base_price=20_000, sale_price=31_000)
    rows = [
        (1, stuck.amount_due, "CR"),
        (2, fine.amount_due, "CR"),
        (3, stuck.amount_due, "CR"),
    ]
    statement = _import_pending(rows, treasurer, monkeypatch)
    per_line, bulk = run_both(statement, treasurer)
    assert bulk == per_line
    statuses = list(
        BankStatementLine.objects.filter(statement=statement)
        .order_by("date")
        .values_list("match_status", flat=True)
    )
    assert statuses == [Match.AMBIGUOUS, Match.MATCHED, Match.AMBIGUOUS]
    stuck.refresh_from_db()
    assert stuck.status == Settlement.Status.AWAITING_TRANSFER
    assert Settlement.objects.get(pk=fine.pk).status == Settlement.Status.CONFIRMED


def test_a_settlement_closed_after_the_candidates_were_read_is_not_confirmed(
    treasurer, monkeypatch
):
    """The recheck after the lock: a candidate rejected meanwhile goes the
    per-line way, which finds no candidate any more."""
    ensure_reference_data()
    rejected = settlement_due(MemberFactory(), 123_456, code=456)
    statement = _import_pending([(1, 123_456, "CR")], treasurer, monkeypatch)
    real_filter = reconciliation.candidate_filter

    def read_then_reject():
        # the candidates are read with the settlement still open; it is
        # rejected before the lock is taken
        services.settlement_reject(
            settlement=rejected, actor=treasurer, reason="transfer never came"
        )
        monkeypatch.setattr(bulk_matching, "candidate_filter", real_filter)
        return real_filter() | Q(pk=rejected.pk)

    monkeypatch.setattr(bulk_matching, "candidate_filter", read_then_reject)
    reconciliation.statement_match_lines(statement_id=statement.pk)
    line = BankStatementLine.objects.get(statement=statement)
    assert (line.match_status, line.settlement_id) == (Match.UNMATCHED, None)
    rejected.refresh_from_db()
    assert rejected.status == Settlement.Status.REJECTED
    assert not FundEntry.objects.filter(reference=f"settlement:{rejected.pk}").exists()


def _statement_of(n: int, base: int, treasurer, monkeypatch) -> BankStatement:
    """n credit lines: half pay open settlements, the rest pay nothing."""
    ensure_reference_data()
    member = MemberFactory()
    amounts = []
    for index in range(n // 2):
        settlement = settlement_due(member, base + index * 1_000, code=7)
        amounts.append(settlement.amount_due)
    amounts += [base + 900_000 + index for index in range(n - len(amounts))]
    rows = [(index % 20, amount, "CR") for index, amount in enumerate(amounts)]
    return _import_pending(rows, treasurer, monkeypatch)


def test_matching_500_lines_takes_as_many_queries_as_50(treasurer, monkeypatch):
    small = _statement_of(50, 2_000_000, treasurer, monkeypatch)
    small_queries = count_queries(
        lambda: reconciliation.statement_match_lines(statement_id=small.pk)
    )
    big = _statement_of(500, 4_000_000, treasurer, monkeypatch)
    big_queries = count_queries(
        lambda: reconciliation.statement_match_lines(statement_id=big.pk)
    )
    big.refresh_from_db()
    assert (big.matched_lines, big.unmatched_lines) == (250, 250)
    assert big_queries == small_queries, (small_queries, big_queries)
    assert big_queries <= 40
