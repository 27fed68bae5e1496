"""(c) Statement matching: a generic CSV of N credit lines against N open
settlements (created in bulk), timed against merely parsing the file."""

import time
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

BASE = 50_000_000  # far above any seeded settlement, so no amount collides


def _open_settlements(n: int, actor) -> list[int]:
    from community.models import Member
    from settlements.models import Settlement

    members = list(
        Member.objects.filter(full_name__startswith="Anggota Skala")
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    now = timezone.now() - timedelta(hours=1)
    rows = []
    for i in range(n):
        goods, code = BASE + i * 1_000, 1 + i % 999
        rows.append(
            Settlement(
                member_id=members[i % len(members)],
                goods_total=goods,
                charity_share=0,
                credit_applied=0,
                unique_code=code,
                amount_due=goods + code,
                status=Settlement.Status.AWAITING_TRANSFER,
                created_by=actor,
                created_at=now,
            )
        )
    Settlement.objects.bulk_create(rows, batch_size=5000)
    return [row.amount_due for row in rows]


def _csv(amounts: list[int]) -> bytes:
    today = timezone.localdate()
    lines = ["date,description,amount,type"]
    lines += [
        f"{today:%Y-%m-%d},TRSF E-BANKING CR BENCH {i:05d},{amount},CR"
        for i, amount in enumerate(amounts)
    ]
    return ("\n".join(lines) + "\n").encode()


def run(*, lines: int, actor) -> dict:
    from settlements.models import Settlement
    from settlements.parsers import parse_statement
    from settlements.reconciliation import statement_import

    amounts = _open_settlements(lines, actor)
    data = _csv(amounts)
    started = time.perf_counter()
    parsed = parse_statement(data, "generic")
    parse_s = time.perf_counter() - started
    if len(parsed.lines) != lines:
        raise RuntimeError(f"parsed {len(parsed.lines)} lines, expected {lines}")

    from settlements.models import BankAccount

    # The demo community has a settlements account and a charity account: a
    # generic file names neither, so the treasurer picks one, as here.
    account = (
        BankAccount.objects.filter(purpose=BankAccount.Purpose.SETTLEMENTS)
        .order_by("pk")
        .first()
    )
    upload = SimpleUploadedFile("bench.csv", data, content_type="text/csv")
    started = time.perf_counter()
    statement = statement_import(
        file=upload, format="generic", actor=actor, bank_account=account
    )
    import_s = time.perf_counter() - started
    statement.refresh_from_db()
    confirmed = Settlement.objects.filter(
        amount_due__in=amounts, status=Settlement.Status.CONFIRMED
    ).count()
    return {
        "lines": lines,
        "bytes": len(data),
        "parse_s": round(parse_s, 3),
        "import_s": round(import_s, 2),
        "lines_per_s": round(lines / import_s, 1),
        "ratio_to_parse": round(import_s / parse_s, 1) if parse_s else None,
        "matched": statement.matched_lines,
        "confirmed": confirmed,
        "status": statement.status,
    }
