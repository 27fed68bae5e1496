"""Statement import: de-duplication, automatic matching, double payments."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.errors import ConflictError, KongsiError
from ledger.models import FundEntry
from orders.models import Order
from settlements import reconciliation, services
from settlements.models import BankStatement, BankStatementLine, Settlement
from tests.factories import MemberFactory
from tests.settlements.factories import settlement_due

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
Match = BankStatementLine.Match


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    if content is None:
        content = (DATA / name).read_bytes()
    return SimpleUploadedFile(name, content, content_type="text/csv")


def import_file(name, treasurer, content=None, fmt="auto") -> BankStatement:
    return reconciliation.statement_import(
        file=upload(name, content), format=fmt, actor=treasurer
    )


@pytest.mark.parametrize(
    "name",
    [
        "bca-klikbca-2026-11.csv",
        "bri-2026-11.csv",
        "mandiri-2026-11.csv",
        "generic-2026-11.csv",
    ],
)
def test_each_sample_imports_seven_lines_and_reimport_adds_none(name, treasurer):
    first = import_file(name, treasurer)
    assert first.status == BankStatement.Status.DONE
    assert (first.total_lines, first.new_lines, first.duplicate_lines) == (7, 7, 0)
    assert first.credit_lines == 5
    assert first.unmatched_lines == 5  # nothing is open
    assert BankStatementLine.objects.filter(direction="debit").count() == 2
    assert set(
        BankStatementLine.objects.filter(direction="debit").values_list(
            "match_status", flat=True
        )
    ) == {Match.IGNORED}
    again = import_file(name, treasurer)
    assert (again.total_lines, again.new_lines, again.duplicate_lines) == (7, 0, 7)
    assert BankStatementLine.objects.count() == 7


def test_an_overlapping_statement_adds_only_new_lines(treasurer):
    lines = (DATA / "generic-2026-11.csv").read_text().splitlines()
    header = lines[0]
    first_half = "\n".join([header, *lines[1:5]]).encode()
    second_half = "\n".join([header, *lines[3:]]).encode()
    assert import_file("a.csv", treasurer, first_half).new_lines == 4
    later = import_file("b.csv", treasurer, second_half)
    assert (later.new_lines, later.duplicate_lines) == (3, 2)
    assert BankStatementLine.objects.count() == 7


def test_matching_confirms_and_flags_the_repeated_transfer(treasurer):
    siti = settlement_due(MemberFactory(full_name="Siti Aminah"), 152417)
    fauzi = settlement_due(MemberFactory(full_name="Moh Fauzi"), 87233, code=233)
    statement = import_file("bca-klikbca-2026-11.csv", treasurer)
    assert statement.matched_lines == 2
    assert statement.possible_double_lines == 1
    assert statement.unmatched_lines == 2
    for settlement in (siti, fauzi):
        settlement.refresh_from_db()
        assert settlement.status == Settlement.Status.CONFIRMED
        assert settlement.confirmed_via == "statement"
        assert settlement.links.get().order.status == Order.Status.PAID
    first, second = BankStatementLine.objects.filter(amount=152417).order_by("date")
    assert (first.match_status, first.settlement) == (Match.MATCHED, siti)
    assert second.match_status == Match.POSSIBLE_DOUBLE
    assert second.settlement is None
    assert second.similar_settlement == siti
    assert FundEntry.objects.filter(reference=f"settlement:{siti.pk}").count() == 1
    # importing the other formats of the same month matches nothing twice
    import_file("generic-2026-11.csv", treasurer)
    import_file("bri-2026-11.csv", treasurer)
    assert BankStatementLine.objects.filter(settlement=siti).count() == 1


def test_a_settlement_confirmed_by_hand_gets_its_bank_line(treasurer):
    settlement = settlement_due(MemberFactory(), 310089, code=89)
    services.settlement_confirm(settlement=settlement, actor=treasurer)
    import_file("generic-2026-11.csv", treasurer)
    line = BankStatementLine.objects.get(amount=310089)
    assert (line.match_status, line.settlement_id) == (Match.MATCHED, settlement.pk)
    assert (
        FundEntry.objects.filter(reference=f"settlement:{settlement.pk}").count() == 1
    )


def test_two_candidates_are_ambiguous_and_a_person_matches(treasurer):
    earlier = settlement_due(MemberFactory(), 64512, code=512)
    services.settlement_confirm(settlement=earlier, actor=treasurer)  # by hand
    later = settlement_due(MemberFactory(), 64512, code=512)
    import_file("generic-2026-11.csv", treasurer)
    line = BankStatementLine.objects.get(amount=64512)
    assert line.match_status == Match.AMBIGUOUS
    later.refresh_from_db()
    assert later.status == Settlement.Status.AWAITING_TRANSFER
    reconciliation.statement_line_match(line=line, settlement=later, actor=treasurer)
    line.refresh_from_db()
    later.refresh_from_db()
    assert line.settlement == later and line.match_status == Match.MATCHED
    assert later.status == Settlement.Status.CONFIRMED
    statement = BankStatement.objects.get()
    assert (statement.matched_lines, statement.ambiguous_lines) == (1, 0)
    # the line cannot pay a second settlement
    with pytest.raises(ConflictError):
        reconciliation.statement_line_match(
            line=line, settlement=earlier, actor=treasurer
        )


def test_a_debit_cannot_be_matched(treasurer):
    settlement = settlement_due(MemberFactory(), 500417)
    import_file("generic-2026-11.csv", treasurer)
    debit = BankStatementLine.objects.get(amount=500000)
    with pytest.raises(KongsiError):
        reconciliation.statement_line_match(
            line=debit, settlement=settlement, actor=treasurer
        )


def test_a_parse_error_saves_nothing(treasurer):
    bad = b"date,description,amount,type\n2026-11-03,A,100,CR\n2026-11-04,B,x,CR\n"
    with pytest.raises(KongsiError) as error:
        import_file("bad.csv", treasurer, bad)
    assert "3" in str(error.value.message)
    assert not BankStatement.objects.exists()
    assert not BankStatementLine.objects.exists()


def test_a_large_file_is_matched_by_the_task_with_progress(
    treasurer, django_capture_on_commit_callbacks
):
    settlement = settlement_due(MemberFactory(), 1_000_417)
    rows = ["date,description,amount,type"]
    rows += [
        f"2026-11-{1 + i % 28:02d},TRANSFER {i},{10_000 + i},CR" for i in range(2500)
    ]
    rows.append("2026-11-20,TRANSFER PAID,1000417,CR")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        statement = import_file("big.csv", treasurer, "\n".join(rows).encode())
    assert statement.status == BankStatement.Status.PENDING
    assert statement.progress_percent == 0
    assert len(callbacks) == 1
    callbacks[0]()  # the task, eagerly
    statement.refresh_from_db()
    assert statement.status == BankStatement.Status.DONE
    assert statement.progress_percent == 100
    assert (statement.matched_lines, statement.unmatched_lines) == (1, 2500)
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.CONFIRMED
