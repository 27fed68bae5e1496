"""The leader's Beranda cards of the orders app: orders to pack and to ship."""

from datetime import timedelta

from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from community.figures import count_of
from community.home import when_text
from orders.models import Order

# A ship-by deadline closer than this makes the card urgent.
URGENT_WITHIN = timedelta(hours=24)


def _earliest_ship_by(statuses):
    return Subquery(
        Order.objects.filter(status__in=statuses, ship_by__isnull=False)
        .order_by("ship_by")
        .values("ship_by")[:1]
    )


def pack_expressions(user) -> dict:
    return {
        "paid": count_of(Order.objects.filter(status=Order.Status.PAID)),
        "packed": count_of(Order.objects.filter(status=Order.Status.PACKED)),
        "ship_by": _earliest_ship_by([Order.Status.PAID, Order.Status.PACKED]),
    }


def pack_card(values: dict, user) -> dict | None:
    paid, packed = values["paid"] or 0, values["packed"] or 0
    if not paid and not packed:
        return None
    parts = []
    if paid:
        parts.append(
            ngettext("%(count)s to pack", "%(count)s to pack", paid) % {"count": paid}
        )
    if packed:
        parts.append(
            ngettext(
                "%(count)s packed, waiting for its resi",
                "%(count)s packed, waiting for their resi",
                packed,
            )
            % {"count": packed}
        )
    ship_by = values["ship_by"]
    urgent = False
    if ship_by is not None:
        parts.append(_("first one to ship by %(when)s") % {"when": when_text(ship_by)})
        urgent = ship_by - timezone.now() < URGENT_WITHIN
    return {
        "count": paid + packed,
        "title": _("Orders to pack and ship"),
        "text": " · ".join(parts),
        "url": reverse("orders:fulfilment"),
        "urgent": urgent,
    }
