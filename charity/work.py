"""Beranda card of leader and treasurer from charity: payouts to approve."""

from django.urls import reverse
from django.utils.translation import gettext as _

from charity.models import Disbursement
from community.figures import count_of


def payouts_expressions(user) -> dict:
    # The proposer may not approve their own payout: it is someone else's task.
    return {
        "to_approve": count_of(
            Disbursement.objects.filter(status=Disbursement.Status.PROPOSED).exclude(
                proposed_by=user.pk
            )
        ),
        "to_pay": count_of(
            Disbursement.objects.filter(status=Disbursement.Status.APPROVED)
        ),
    }


def payouts_card(values: dict, user) -> dict | None:
    to_approve, to_pay = values["to_approve"] or 0, values["to_pay"] or 0
    if not to_approve and not to_pay:
        return None
    text = _("%(approve)s to approve · %(pay)s approved, to pay out") % {
        "approve": to_approve,
        "pay": to_pay,
    }
    return {
        "count": to_approve + to_pay,
        "title": _("Charity payouts"),
        "text": text,
        "url": reverse("charity:manage"),
    }
