"""The member's numbered next steps: pay → send the photo → wait.

One builder for every page where the member must act (Beranda, Setor, the
settlement page, the proof form), so the words, the order and the deadline are
the same everywhere. The step the member is at is ``current``; earlier steps
are ``done``. A deadline is shown where one exists: a settlement waiting for
its transfer expires after ``SETTLEMENT_EXPIRY_HOURS``; submitted orders in no
settlement are cancelled after ``ORDER_PAYMENT_HOURS``.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from community.home import when_text
from community.money import format_rupiah
from settlements.models import Settlement

DONE, CURRENT, LATER = "done", "current", "later"


def settlement_deadline(settlement: Settlement) -> datetime | None:
    """When an unpaid settlement expires; None once a photo is sent or closed."""
    if settlement.status != Settlement.Status.AWAITING_TRANSFER:
        return None
    return settlement.created_at + timedelta(hours=settings.SETTLEMENT_EXPIRY_HOURS)


def orders_deadline(orders) -> datetime | None:
    """When the first of these unsettled orders is cancelled if not paid."""
    times = [order.submitted_at for order in orders if order.submitted_at]
    return deadline_after(min(times) if times else None)


def deadline_after(first_submitted_at: datetime | None) -> datetime | None:
    """When unsettled orders, the first submitted then, are cancelled if unpaid."""
    if first_submitted_at is None:
        return None
    return first_submitted_at + timedelta(hours=settings.ORDER_PAYMENT_HOURS)


def _bank_fee_note(amount_text: str) -> str:
    return _("A fee from another bank is yours to pay: %(amount)s must arrive.") % {
        "amount": amount_text
    }


def _photo_and_wait(*, photo_state, wait_state, photo_url=None) -> list[dict]:
    return [
        {
            "number": 2,
            "title": _("Send a photo of the transfer"),
            "text": _("A photo or screenshot of the receipt from your bank."),
            "state": photo_state,
            "button_url": photo_url,
            "button_label": _("Send transfer photo"),
            "button_id": "send-proof",
        },
        {
            "number": 3,
            "title": _("Wait for the leader to confirm"),
            "text": _("The leader checks the transfer; then your orders are packed."),
            "state": wait_state,
        },
    ]


def settlement_steps(settlement: Settlement, *, is_owner: bool) -> list[dict]:
    """Steps of one settlement, for its member (others see none)."""
    if not is_owner or settlement.status not in (
        *Settlement.OPEN_STATUSES,
        Settlement.Status.CONFIRMED,
    ):
        return []
    amount = format_rupiah(settlement.amount_due)
    awaiting = settlement.status == Settlement.Status.AWAITING_TRANSFER
    deadline = settlement_deadline(settlement)
    text = _("To one of the leader's bank accounts.")
    if deadline is not None:
        text = _("Before %(when)s; after that this payment closes.") % {
            "when": when_text(deadline)
        }
    pay = {
        "number": 1,
        "title": _("Transfer %(amount)s") % {"amount": amount},
        "text": f"{text} {_bank_fee_note(amount)}",
        "state": CURRENT if awaiting else DONE,
    }
    if settlement.status == Settlement.Status.CONFIRMED:
        return [pay, *_photo_and_wait(photo_state=DONE, wait_state=DONE)]
    photo_url = reverse("settlements:settlement_proof", args=[settlement.pk])
    return [
        pay,
        *_photo_and_wait(
            photo_state=LATER if awaiting else DONE,
            wait_state=LATER if awaiting else CURRENT,
            photo_url=photo_url if awaiting else None,
        ),
    ]


def unsettled_steps(
    orders, *, total: int, on_create_page: bool, deadline=None
) -> list[dict]:
    """Steps for orders not in a settlement yet: make one, then as above.

    ``deadline`` when the caller has it already (Beranda reads it with one
    aggregate); else it is worked out from ``orders``.
    """
    if deadline is None:
        deadline = orders_deadline(orders)
    text = _("You see the exact amount, with its unique code, on the next page.")
    if deadline is not None:
        text = _(
            "Before %(when)s, or the orders are cancelled. You see the exact "
            "amount, with its unique code, on the next page."
        ) % {"when": when_text(deadline)}
    first = {
        "number": 1,
        "title": _("Pay %(amount)s + a unique code") % {"amount": format_rupiah(total)},
        "text": text,
        "state": CURRENT,
    }
    if on_create_page:
        # The page's own form (the ticked orders) is sent from the step.
        first["button_form"] = "settlement-form"
        first["button_label"] = _("Make the payment")
        first["button_id"] = "create-settlement-step"
    else:
        first["button_url"] = reverse("settlements:settlement_create")
        first["button_label"] = _("Pay now")
        first["button_id"] = "start-settlement-step"
    return [first, *_photo_and_wait(photo_state=LATER, wait_state=LATER)]


def current_step(steps: list[dict]) -> dict | None:
    """The step the member is at (Beranda shows only this one)."""
    return next((step for step in steps if step["state"] == CURRENT), None)
