"""The leader's Beranda card of returns: requests waiting for a decision."""

from django.urls import reverse
from django.utils.translation import gettext as _

from community.figures import count_of
from returns.models import ReturnRequest


def returns_expressions(user) -> dict:
    return {
        "waiting": count_of(
            ReturnRequest.objects.filter(status=ReturnRequest.Status.REQUESTED)
        )
    }


def returns_card(values: dict, user) -> dict | None:
    count = values["waiting"] or 0
    if not count:
        return None
    return {
        "count": count,
        "title": _("Returns to decide"),
        "text": _("Look at the photos, then accept or refuse."),
        "url": reverse("returns:queue"),
    }
