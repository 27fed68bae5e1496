"""Bank statement import and matching: the treasurer's month in one upload.

``statement_import`` parses the whole file first (a parse error saves nothing),
stores the file and its NEW lines (a line whose fingerprint is known already is
a duplicate and skipped), then matches the new lines: small files at once,
large ones in the Celery task ``settlements.tasks.statement_match_task`` with
progress on the statement row.

Matching a credit line of amount A (``settlements.bulk_matching`` decides a
chunk of lines at once and confirms through ``settlements_confirm``):
- exactly one candidate → matched. Candidates are the open settlement whose
  amount_due is A (at most one: a unique index) — it is confirmed — and
  settlements confirmed by hand with amount_due A that no bank line has
  matched yet (the line is recorded as their transfer);
- two or more candidates → ``ambiguous``, left for a person;
- none, but a confirmed settlement with amount_due A exists → a
  ``possible_double`` payment, flagged and never matched twice;
- otherwise ``unmatched``. Money going out is ``ignored``.
"""

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from community.errors import (
    ConflictError,
    KongsiError,
    PermissionDeniedError,
    UploadTooLargeError,
)
from community.roles import is_staff_role
from settlements.bank_accounts import line_start, statement_bank_account
from settlements.confirm import Confirmation, settlements_confirm, user_of
from settlements.models import BankStatement, BankStatementLine, Settlement
from settlements.parsers import CREDIT, parse_statement

logger = logging.getLogger(__name__)

Match = BankStatementLine.Match
# Files up to this many new lines are matched inside the request; bigger ones
# go to the Celery task so the page answers at once and shows progress.
INLINE_LINE_LIMIT = 200


def _read_upload(file) -> bytes:
    if file is None:
        raise KongsiError(_("Choose the statement file."), field="file")
    limit = settings.KONGSI_MAX_STATEMENT_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise UploadTooLargeError(
            _("The file is too large. At most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            field="file",
        )
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise UploadTooLargeError(
            _("The file is too large. At most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            field="file",
        )
    return data


def check_may_reconcile(actor) -> None:
    """Only the leader or the treasurer imports statements and matches lines."""
    if not is_staff_role(user_of(actor)):
        raise PermissionDeniedError(
            _("Only the leader or the treasurer can reconcile bank statements.")
        )


def statement_import(
    *,
    file,
    format: str = "auto",  # noqa: A002
    actor,
    bank_account=None,
) -> BankStatement:
    """Parse, store the new lines and match them (or start the task).

    ``bank_account`` (a ``BankAccount`` or its id) is the account the file was
    downloaded from; without it, the one the file names, or the only one
    (``settlements.bank_accounts.statement_bank_account``).
    """
    check_may_reconcile(actor)
    if format not in ("auto", "", None, *BankStatement.Format.values):
        raise KongsiError(_("Unknown statement format."), field="format")
    data = _read_upload(file)
    parsed = parse_statement(data, format or "auto")
    if not parsed.lines:
        raise KongsiError(
            _("No money movements were found in this file."), field="file"
        )
    account, account_key = statement_bank_account(parsed, bank_account)
    name = getattr(file, "name", "") or "statement.csv"
    with transaction.atomic():
        statement = BankStatement(
            original_name=name.rsplit("/", 1)[-1][:255],
            format=parsed.format,
            bank_account=account,
            account=parsed.account[:60],
            sha256=hashlib.sha256(data).hexdigest(),
            status=BankStatement.Status.PENDING,
            total_lines=len(parsed.lines),
            uploaded_by=actor,
        )
        extension = "xlsx" if parsed.format == "mandiri_xlsx" else "csv"
        statement.file.save(
            f"mutasi-{parsed.format}.{extension}", ContentFile(data), save=False
        )
        statement.save()
        fingerprints = [line.fingerprint_for(account_key) for line in parsed.lines]
        known: set[str] = set()
        for start in range(0, len(fingerprints), 1000):
            known.update(
                BankStatementLine.objects.filter(
                    fingerprint__in=fingerprints[start : start + 1000]
                ).values_list("fingerprint", flat=True)
            )
        BankStatementLine.objects.bulk_create(
            [
                BankStatementLine(
                    statement=statement,
                    line_no=line.line_no,
                    date=line.date,
                    description=line.description,
                    amount=line.amount,
                    cents=line.cents,
                    direction=line.direction,
                    raw=line.raw,
                    fingerprint=fingerprint,
                    match_status=line_start(line)[0],
                    note=line_start(line)[1],
                )
                for line, fingerprint in zip(parsed.lines, fingerprints, strict=True)
                if fingerprint not in known
            ],
            batch_size=1000,
            # A concurrent import of the same file: the other one keeps the line.
            ignore_conflicts=True,
        )
        new_lines = statement.lines.count()
        statement.new_lines = new_lines
        statement.duplicate_lines = len(parsed.lines) - new_lines
        statement.save(update_fields=["new_lines", "duplicate_lines"])
        if new_lines > INLINE_LINE_LIMIT:
            from settlements.tasks import statement_match_task

            statement_match_task.delay_on_commit(statement.pk)
    if new_lines <= INLINE_LINE_LIMIT:
        statement_match_lines(statement_id=statement.pk)
        statement.refresh_from_db()
    return statement


def candidate_filter() -> Q:
    """Settlements a credit line of their amount_due may pay (module docstring)."""
    return Q(status__in=Settlement.OPEN_STATUSES) | Q(
        status=Settlement.Status.CONFIRMED,
        confirmed_via=Settlement.Via.MANUAL,
        statement_lines__isnull=True,
    )


def possible_doubles(amounts) -> QuerySet[Settlement]:
    """Confirmed settlements of these amounts, latest first: a credit line
    with no candidate left is a possible second transfer for the first one of
    its amount (the per-line and the bulk path both ask this)."""
    return Settlement.objects.filter(
        amount_due__in=list(amounts), status=Settlement.Status.CONFIRMED
    ).order_by("-confirmed_at", "-pk")


def statement_line_match(
    *, line: BankStatementLine, settlement: Settlement, actor
) -> BankStatementLine:
    """A person matches a line the system could not decide: confirms the open
    settlement with it, or records it as the transfer of one confirmed by
    hand (``settlements_confirm`` with a list of one)."""
    check_may_reconcile(actor)
    line = BankStatementLine.objects.select_related("statement").get(pk=line.pk)
    if line.direction != CREDIT:
        raise KongsiError(_("Only money coming in can pay a settlement."))
    if line.settlement_id is not None:
        raise ConflictError(_("This bank line is already matched to a settlement."))
    settlements_confirm(
        confirmations=[Confirmation(settlement.pk, line.pk)],
        via=Settlement.Via.STATEMENT,
        actor=actor,
    ).raise_first_refusal()
    line.refresh_from_db()
    statement_refresh_counts(statement_id=line.statement_id)
    return line


def statement_line_ignore(*, line: BankStatementLine, actor) -> BankStatementLine:
    """Mark a checked line as needing nothing (e.g. a double payment refunded)."""
    check_may_reconcile(actor)
    updated = BankStatementLine.objects.filter(
        pk=line.pk, settlement__isnull=True
    ).update(match_status=Match.IGNORED, matched_by=actor, matched_at=timezone.now())
    if not updated:
        raise ConflictError(_("This bank line is already matched to a settlement."))
    line.refresh_from_db()
    statement_refresh_counts(statement_id=line.statement_id)
    return line


def statement_refresh_counts(*, statement_id: int) -> BankStatement:
    counts = dict(
        BankStatementLine.objects.filter(statement_id=statement_id)
        .values_list("match_status")
        .annotate(n=Count("pk"))
    )
    credits = BankStatementLine.objects.filter(
        statement_id=statement_id, direction=CREDIT
    ).count()
    BankStatement.objects.filter(pk=statement_id).update(
        credit_lines=credits,
        matched_lines=counts.get(Match.MATCHED, 0),
        ambiguous_lines=counts.get(Match.AMBIGUOUS, 0),
        unmatched_lines=counts.get(Match.UNMATCHED, 0),
        possible_double_lines=counts.get(Match.POSSIBLE_DOUBLE, 0),
    )
    return BankStatement.objects.get(pk=statement_id)


def statement_match_lines(*, statement_id: int) -> BankStatement:
    """Match every pending line of the statement (idempotent: re-running skips
    decided lines), a chunk of MATCH_CHUNK_LINES lines per transaction
    (``settlements.bulk_matching``). Progress is saved after every chunk for
    the admin page."""
    from settlements.bulk_matching import MATCH_CHUNK_LINES, statement_match_chunk

    statement = BankStatement.objects.get(pk=statement_id)
    BankStatement.objects.filter(pk=statement_id).update(
        status=BankStatement.Status.PROCESSING
    )
    pending = BankStatementLine.objects.filter(
        statement_id=statement_id, match_status=Match.PENDING
    ).order_by("date", "line_no", "pk")
    pending_ids = list(pending.values_list("pk", flat=True))
    processed = statement.new_lines - len(pending_ids)
    try:
        for start in range(0, len(pending_ids), MATCH_CHUNK_LINES):
            chunk = pending_ids[start : start + MATCH_CHUNK_LINES]
            statement_match_chunk(
                statement_id=statement_id,
                line_ids=chunk,
                actor=statement.uploaded_by,
                processed_lines=processed + start + len(chunk),
            )
    except Exception as error:
        logger.exception("matching statement %s failed", statement_id)
        BankStatement.objects.filter(pk=statement_id).update(
            status=BankStatement.Status.FAILED, error=str(error)[:2000]
        )
        raise
    statement_refresh_counts(statement_id=statement_id)
    BankStatement.objects.filter(pk=statement_id).update(
        status=BankStatement.Status.DONE,
        processed_lines=statement.new_lines,
        finished_at=timezone.now(),
    )
    return BankStatement.objects.get(pk=statement_id)
