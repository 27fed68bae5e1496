"""Backup and restore: one archive holds the database and the media; restoring it
into an empty database gives identical money totals and a clean audit."""

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.db.models import Sum

from community.backup import backup_restore
from community.errors import ConflictError
from community.models import Member, Shop
from ledger.credit import credit_post
from ledger.fund import fund_post
from ledger.models import CreditEntry, FundEntry, FundMonth
from tests.factories import MemberFactory, ShopFactory

pytestmark = pytest.mark.django_db(transaction=True)


def money_totals() -> dict:
    return {
        "members": Member.objects.count(),
        "shops": Shop.objects.count(),
        "credit": CreditEntry.objects.aggregate(s=Sum("amount"))["s"],
        "fund": FundEntry.objects.aggregate(s=Sum("amount"))["s"],
        "fund_entries": FundEntry.objects.count(),
        # Rebuilt by the restored entries' trigger, not loaded from the backup.
        "fund_months": sorted(
            FundMonth.objects.values_list("month", "kind", "amount", "entries")
        ),
    }


def test_backup_then_restore_into_an_empty_database(tmp_path, settings):
    members = [MemberFactory() for _ in range(3)]
    ShopFactory(member=members[0])
    credit_post(
        member=members[0],
        amount=75_000,
        kind="adjustment",
        reference="adjustment:1",
        idempotency_key="backup-test-credit",
    )
    fund_post(
        amount=150_000,
        kind="donation",
        reference="donation:1",
        idempotency_key="backup-test-donation",
        member=members[1],
    )
    fund_post(
        amount=-40_000,
        kind="adjustment",
        reference="adjustment:2",
        idempotency_key="backup-test-disbursement",
    )
    storages["private"].save("proofs/bukti.txt", _content(b"bukti transfer"))
    before = money_totals()
    archive = tmp_path / "kongsi.tar.gz"
    call_command("backup", "--output", str(archive))
    assert archive.stat().st_size > 0

    call_command("flush", interactive=False, verbosity=0)
    storages["private"].delete("proofs/bukti.txt")
    assert Member.objects.count() == 0

    call_command("restore", str(archive), verbosity=0)
    assert money_totals() == before
    assert storages["private"].open("proofs/bukti.txt").read() == b"bukti transfer"
    call_command("audit_money")  # raises CommandError on any violation


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    MemberFactory()
    archive = tmp_path / "kongsi.tar.gz"
    call_command("backup", "--output", str(archive))
    count = Member.objects.count()
    with pytest.raises(ConflictError):
        backup_restore(archive_path=archive)
    assert Member.objects.count() == count


def _content(data: bytes):
    from django.core.files.base import ContentFile

    return ContentFile(data)
