"""Moving the ledgers into the ledger app keeps every row of an existing DB."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("returns", "0002_return_requests"),
    ("charity", "0003_beneficiary_program_disbursement"),
    ("ledger", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return executor.loader.project_state(nodes).apps


def test_migrating_an_existing_database_keeps_the_ledger_rows():
    old = _migrate(BEFORE)
    member = old.get_model("community", "Member").objects.first()
    if member is None:
        user = old.get_model("auth", "User").objects.create(username="lama")
        member = old.get_model("community", "Member").objects.create(
            user=user, full_name="Anggota Lama", phone="+6281200000001"
        )
    old_credit = old.get_model("returns", "CreditEntry")
    old_credit.objects.create(
        member_id=member.pk,
        amount=25_000,
        kind="return_credit",
        reference="return:1",
        idempotency_key="migration-test:credit",
        balance_after=25_000,
    )
    old.get_model("returns", "CreditBalance").objects.update_or_create(
        member_id=member.pk, defaults={"balance": 25_000}
    )
    old.get_model("charity", "FundEntry").objects.create(
        amount=7_000,
        kind="donation",
        reference="donation:1",
        idempotency_key="migration-test:fund",
    )
    policies = old.get_model("charity", "CharityPolicy").objects.count()

    leaf = MigrationExecutor(connection).loader.graph.leaf_nodes()
    new = _migrate(leaf)
    entry = new.get_model("ledger", "CreditEntry").objects.get(
        idempotency_key="migration-test:credit"
    )
    assert (entry.member_id, entry.amount) == (member.pk, 25_000)
    assert (
        new.get_model("ledger", "CreditBalance").objects.get(member_id=member.pk)
    ).balance == 25_000
    fund = new.get_model("ledger", "FundEntry").objects.get(
        idempotency_key="migration-test:fund"
    )
    assert fund.amount == 7_000
    assert new.get_model("ledger", "CharityPolicy").objects.count() == policies
    assert "returns_creditentry" in connection.introspection.table_names()
    assert "charity_fundentry" in connection.introspection.table_names()
