"""Which community account a statement belongs to, and how its lines start.

Called by ``reconciliation.statement_import``; kept apart from the matching
code. The account is part of every line's fingerprint (``parsers.base.
with_account``): two accounts' identical lines are both kept, and the same
file uploaded again for the same account adds nothing.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from community.errors import KongsiError
from settlements.models import BankAccount, BankAccountEvent, BankStatementLine
from settlements.parsers import CREDIT, ParsedLine, ParsedStatement, account_key

Match = BankStatementLine.Match


def statement_bank_account(
    parsed: ParsedStatement, chosen: BankAccount | int | None
) -> tuple[BankAccount | None, str]:
    """Return (account, fingerprint key) for an uploaded statement.

    - chosen: that account; a file that states another account number is
      refused (the wrong file for this account);
    - else the account whose number the file states;
    - else the only account of the community;
    - several accounts and the file names none of them: refused, choose one;
    - no account at all (a new community): none, keyed by the file's number.
    """
    stated = account_key(parsed.account)
    if chosen is not None:
        if not isinstance(chosen, BankAccount):
            chosen = BankAccount.objects.filter(pk=chosen).first()
            if chosen is None:
                raise KongsiError(_("Bank account not found."), field="bank_account")
        own = account_key(chosen.account_number)
        if stated and own and stated != own:
            raise KongsiError(
                _(
                    "This file is the statement of account %(file)s, not of "
                    "%(chosen)s. Choose the right account or the right file."
                )
                % {"file": parsed.account, "chosen": chosen.account_number},
                field="bank_account",
            )
        return chosen, own or stated
    accounts = list(BankAccount.objects.order_by("position", "pk"))
    if stated:
        for account in accounts:
            if account_key(account.account_number) == stated:
                return account, stated
    if len(accounts) == 1:
        own = account_key(accounts[0].account_number)
        if stated and own and stated != own:
            return None, stated  # another account's file: kept apart by number
        return accounts[0], own or stated
    if len(accounts) > 1:
        raise KongsiError(
            _("Choose the bank account this statement was downloaded from."),
            field="bank_account",
        )
    return None, stated


def line_start(line: ParsedLine) -> tuple[str, str]:
    """(match status, note) a parsed line is stored with.

    A credit with sen can never be a settlement's transfer (settlements are
    whole rupiah): it is stored decided, with the reason, and the matching
    never sees it. Everything else waits for the matching.
    """
    if line.cents and line.direction == CREDIT:
        shown = f"{line.amount:,}".replace(",", ".") + f",{line.cents:02d}"
        return Match.UNMATCHABLE, _(
            "Rp %(amount)s has sen (interest, tax or a fee): a settlement is "
            "whole rupiah, so this line cannot pay one."
        ) % {"amount": shown}
    return Match.PENDING, ""


def bank_account_set_qris(
    *, account: BankAccount, actor, payload: str = "", image=None
) -> BankAccount:
    """Store (or with both empty, remove) the account's static QRIS.

    The payload is pasted text or read from a photo of the printed QR; it is
    checked (``qris.qris_parse``: TLV, CRC, Indonesian QRIS) before it is
    saved, so a broken code never reaches a member. Leader only. A change is
    recorded (``BankAccountEvent``: who, when, the code before and after).
    """
    from community.errors import PermissionDeniedError
    from community.roles import is_leader
    from settlements.qris import qris_from_image, qris_parse

    if not is_leader(actor):
        raise PermissionDeniedError(_("Only the leader may change the QRIS code."))
    text = str(payload or "").strip()
    if not text and image is not None:
        text = qris_from_image(image)
    checked = qris_parse(text).payload if text else ""
    with transaction.atomic():
        # Locked, so two changes at once each record the code they replaced.
        stored = (
            BankAccount.objects.select_for_update()
            .values_list("qris_payload", flat=True)
            .get(pk=account.pk)
        )
        if stored != checked:
            BankAccount.objects.filter(pk=account.pk).update(qris_payload=checked)
            BankAccountEvent.objects.create(
                account_id=account.pk,
                actor=actor,
                old_qris_payload=stored,
                new_qris_payload=checked,
            )
    account.qris_payload = checked
    return account


def qris_codes(*, purpose: str, amount: int | None) -> list[dict]:
    """The QR codes to show: one per active account of ``purpose`` that has a
    QRIS; dynamic with ``amount`` (exact whole rupiah), static when None."""
    from settlements.qris import qris_dynamic, qris_parse, qris_svg

    codes = []
    accounts = BankAccount.objects.filter(is_active=True, purpose=purpose).exclude(
        qris_payload=""
    )
    for account in accounts.order_by("position", "pk"):
        try:
            code = (
                qris_dynamic(account.qris_payload, amount)
                if amount
                else qris_parse(account.qris_payload)
            )
        except KongsiError:
            continue  # stored before a check existed: never show a broken QR
        codes.append(
            {
                "account": account,
                "payload": code.payload,
                "merchant_name": code.merchant_name,
                "merchant_city": code.merchant_city,
                "amount": int(code.amount) if code.amount else None,
                "svg": qris_svg(code.payload),
            }
        )
    return codes


def settlement_share_text(settlement, accounts, codes, url: str) -> str:
    """The WhatsApp message for a settlement: the amount and how to pay."""
    from community.money import format_rupiah

    parts = [
        _("Payment #%(number)s: pay exactly %(amount)s.")
        % {"number": settlement.pk, "amount": format_rupiah(settlement.amount_due)}
    ]
    if codes:
        parts.append(
            _("Scan the QRIS code (%(name)s) on the payment page: the amount is "
              "already filled in.") % {"name": codes[0]["merchant_name"]}
        )  # fmt: skip
    for account in accounts:
        parts.append(
            _("Or transfer to %(bank)s %(number)s in the name of %(holder)s.")
            % {
                "bank": account.bank,
                "number": account.account_number,
                "holder": account.holder_name,
            }
        )
    parts.append(url)
    return "\n".join(parts)
