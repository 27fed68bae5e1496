"""Reads of the leader's packing day: label inbox, pick list, ship-by figures."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orders.couriers import Courier
from orders.labels import IMAGE_EXTENSIONS
from orders.models import Order, OrderLine
from orders.selectors import _base, _with_lines

S = Order.Status
OPEN_FOR_PACKING = [S.PAID, S.PACKED]


def ship_by_countdown(ship_by: datetime | None, now: datetime) -> tuple[str, str]:
    """Return ("in 3 hours" / "2 hours late", tone) for a ship-by time."""
    if ship_by is None:
        return "", ""
    seconds = (ship_by - now).total_seconds()
    minutes = int(abs(seconds) // 60)
    if minutes >= 48 * 60:
        amount = ngettext("%(n)d day", "%(n)d days", minutes // 1440) % {
            "n": minutes // 1440
        }
    elif minutes >= 60:
        amount = ngettext("%(n)d hour", "%(n)d hours", minutes // 60) % {
            "n": minutes // 60
        }
    else:
        amount = ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if seconds < 0:
        return _("%(time)s late") % {"time": amount}, "bad"
    tone = "warn" if seconds < 6 * 3600 else "info"
    return _("%(time)s left") % {"time": amount}, tone


def label_kind(order: Order) -> str:
    """ "pdf", "image" or "" (no label: Kongsi draws its own)."""
    if not order.label:
        return ""
    extension = order.label.name.rsplit(".", 1)[-1].lower()
    if extension == "pdf":
        return "pdf"
    return "image" if extension in IMAGE_EXTENSIONS else ""


def missing_for_label(order: Order) -> list[str]:
    """What the order lacks for a complete label, in plain words."""
    missing = []
    if not order.label:
        missing.append(_("no marketplace label: Kongsi prints its own"))
        if not order.recipient_address.strip():
            missing.append(_("no recipient address"))
    if not order.courier:
        missing.append(_("no courier chosen"))
    if not order.tracking_no:
        missing.append(_("no resi yet (the order number is used)"))
    if order.ship_by is None:
        missing.append(_("no ship-by time"))
    return missing


def _decorate(order: Order, now: datetime) -> Order:
    order.countdown, order.countdown_tone = ship_by_countdown(order.ship_by, now)
    order.label_kind = label_kind(order)
    order.missing = missing_for_label(order)
    return order


def _deadline_key(order: Order):
    far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    return (order.ship_by or far, order.paid_at or order.created_at, order.pk)


def label_inbox(*, now: datetime | None = None) -> list[dict]:
    """Paid and packed orders grouped by courier, each by ship-by deadline.

    A group is ``{"courier", "label", "orders"}``; the group with the earliest
    deadline comes first; orders carry ``countdown``, ``label_kind`` and
    ``missing``.
    """
    now = now or timezone.now()
    orders = sorted(
        (
            _decorate(order, now)
            for order in _with_lines(_base()).filter(status__in=OPEN_FOR_PACKING)
        ),
        key=_deadline_key,
    )
    groups: dict[str, dict] = {}
    for order in orders:
        group = groups.setdefault(
            order.courier,
            {
                "courier": order.courier,
                "label": Courier(order.courier).label
                if order.courier
                else _("Courier not chosen"),
                "orders": [],
            },
        )
        group["orders"].append(order)
    return list(groups.values())


def decorate_for_packing(orders: list[Order], *, now: datetime | None = None):
    """Add countdown/label fields to orders shown on the packing page."""
    now = now or timezone.now()
    return [_decorate(order, now) for order in orders]


def orders_for_labels(ids) -> list[Order]:
    """The orders to print labels for, in the order the leader ticked them."""
    wanted = [int(pk) for pk in ids]
    found = {
        order.pk: order
        for order in _with_lines(_base())
        .filter(pk__in=wanted)
        .exclude(status__in=[S.DRAFT, S.CANCELLED])
    }
    return [found[pk] for pk in dict.fromkeys(wanted) if pk in found]


@dataclass(frozen=True)
class PickRow:
    sku: str
    name: str
    bin_location: str
    quantity: int
    orders: int


def pick_list(order_ids) -> list[PickRow]:
    """Quantities per SKU across the orders, in shelf/bin order (no bin last)."""
    rows = (
        OrderLine.objects.filter(order_id__in=list(order_ids))
        .exclude(order__status__in=[S.DRAFT, S.CANCELLED])
        .values(
            "variant__sku",
            "variant__label",
            "variant__product__name",
            "variant__bin_location",
        )
        .annotate(quantity=Sum("quantity"), orders=Count("order", distinct=True))
        .order_by()
    )
    result = [
        PickRow(
            sku=row["variant__sku"],
            name=(
                f"{row['variant__product__name']} — {row['variant__label']}"
                if row["variant__label"]
                else row["variant__product__name"]
            ),
            bin_location=row["variant__bin_location"],
            quantity=row["quantity"],
            orders=row["orders"],
        )
        for row in rows
    ]
    return sorted(
        result, key=lambda row: (not row.bin_location, row.bin_location, row.sku)
    )


def ship_by_figures(*, now: datetime | None = None) -> dict[str, int]:
    """Unshipped paid/packed orders past their ship-by time and due today."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    end_of_day = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    end_of_day += timedelta(days=1)
    figures = Order.objects.filter(status__in=OPEN_FOR_PACKING).aggregate(
        overdue=Count("pk", filter=Q(ship_by__lt=now)),
        due_today=Count("pk", filter=Q(ship_by__gte=now, ship_by__lt=end_of_day)),
        to_pack=Count("pk", filter=Q(status=S.PAID)),
    )
    return {key: value or 0 for key, value in figures.items()}


def packing_panel_context(request, member) -> dict | None:
    """Beranda panel for the leader: late, due today and to pack."""
    from community.roles import is_leader

    if not is_leader(request.user):
        return None
    return ship_by_figures()
