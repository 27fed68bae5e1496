"""Beranda cards of leader and treasurer from settlements: transfer photos to
check, the bank statement to upload, incoming transfers nobody matched yet."""

from django.db.models import Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.figures import count_of
from community.home import when_text
from settlements.models import BankStatement, Settlement
from settlements.selectors import undecided_lines


def reconciliation_expressions(user) -> dict:
    return {
        "proofs": count_of(
            Settlement.objects.filter(status=Settlement.Status.PROOF_UPLOADED)
        ),
        "awaiting": count_of(
            Settlement.objects.filter(status=Settlement.Status.AWAITING_TRANSFER)
        ),
        "undecided": count_of(undecided_lines()),
        "last_statement": Subquery(
            BankStatement.objects.order_by("-created_at").values("created_at")[:1]
        ),
    }


def proofs_card(values: dict, user) -> dict | None:
    count = values["proofs"] or 0
    if not count:
        return None
    return {
        "key": "proofs",
        "count": count,
        "title": _("Transfer photos to check"),
        "text": _("Look for the transfer in the bank, then confirm."),
        "url": reverse("settlements:reconciliation") + "#proofs",
        "urgent": True,
    }


def statement_card(values: dict, user) -> dict | None:
    waiting = (values["awaiting"] or 0) + (values["proofs"] or 0)
    if not waiting:
        return None
    last = values["last_statement"]
    text = (
        _("Last one put in %(when)s.") % {"when": when_text(last)}
        if last
        else _("No statement put in yet.")
    )
    return {
        "key": "statements",
        "count": waiting,
        "title": ngettext(
            "Upload the bank statement: %(count)s payment is waiting",
            "Upload the bank statement: %(count)s payments are waiting",
            waiting,
        )
        % {"count": waiting},
        "text": text,
        "url": reverse("settlements:reconciliation") + "#upload",
    }


def unmatched_card(values: dict, user) -> dict | None:
    count = values["undecided"] or 0
    if not count:
        return None
    return {
        "key": "unmatched",
        "count": count,
        "title": _("Incoming transfers not matched yet"),
        "text": _("Choose the payment each one belongs to, or set it aside."),
        "url": reverse("settlements:reconciliation") + "#lines",
        "urgent": True,
    }


def reconciliation_cards(values: dict, user) -> list:
    return [
        proofs_card(values, user),
        unmatched_card(values, user),
        statement_card(values, user),
    ]
