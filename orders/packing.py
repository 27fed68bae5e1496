"""The leader's packing day: batch packing and shipping, scan-to-pack, resi.

Writes only, each through the transitions of ``orders.services`` (which write
the ``OrderEvent`` rows). A batch locks every order it touches up front, by
ascending pk, as the lock order in ``orders.services`` asks; each order is
then moved in its own savepoint, so one refusal does not undo the others and
the leader is told, order by order, what was done and what was refused.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from community.errors import ConflictError, KongsiError, PermissionDeniedError
from community.roles import is_leader
from orders import services
from orders.couriers import Courier
from orders.models import Order, OrderEvent
from orders.resi import resi_courier_hint, resi_normalise

S = Order.Status


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch did with one order: done, or refused and why."""

    order_id: int
    number: str
    done: bool
    message: str


def _require_leader(actor) -> None:
    if not is_leader(services._user_of(actor)):
        raise PermissionDeniedError(_("Only the leader may do this."))


def _lock_many(order_ids: Iterable[int]) -> list[Order]:
    """Lock the orders by ascending pk and return them in that order."""
    return list(
        Order.objects.select_for_update(of=("self",))
        .select_related("member", "shop")
        .filter(pk__in=sorted(set(order_ids)))
        .order_by("pk")
    )


def _run_each(orders: list[Order], run, done_message: str) -> list[BatchOutcome]:
    outcomes = []
    for order in orders:
        try:
            with transaction.atomic():
                run(order)
        except KongsiError as error:
            outcomes.append(
                BatchOutcome(
                    order.pk, order.marketplace_order_no, False, str(error.message)
                )
            )
        else:
            outcomes.append(
                BatchOutcome(order.pk, order.marketplace_order_no, True, done_message)
            )
    return outcomes


@transaction.atomic
def orders_pack_batch(*, order_ids: Iterable[int], actor) -> list[BatchOutcome]:
    """Mark each paid order packed; report each order (done or refused)."""
    _require_leader(actor)
    orders = _lock_many(order_ids)
    if not orders:
        raise KongsiError(_("Tick at least one order."))
    return _run_each(
        orders,
        lambda order: services.order_pack(order=order, actor=actor),
        _("Marked as packed."),
    )


@transaction.atomic
def orders_ship_batch(*, shipments: dict[int, str], actor) -> list[BatchOutcome]:
    """Ship each packed order with its own resi; report each order."""
    _require_leader(actor)
    orders = _lock_many(shipments)
    if not orders:
        raise KongsiError(_("Write at least one tracking number (resi)."))
    seen: dict[str, int] = {}
    for order in orders:
        cleaned = resi_normalise(shipments[order.pk])
        seen[cleaned] = seen.get(cleaned, 0) + 1

    def ship(order: Order) -> None:
        if seen.get(resi_normalise(shipments[order.pk]), 0) > 1:
            raise KongsiError(
                _("Tracking number %(resi)s is written twice.")
                % {"resi": resi_normalise(shipments[order.pk])},
                field="tracking_no",
            )
        services.order_ship(order=order, actor=actor, tracking_no=shipments[order.pk])

    return _run_each(orders, ship, _("Marked as shipped."))


@transaction.atomic
def order_set_tracking_no(*, order: Order, tracking_no: str, actor) -> Order:
    """Write the resi before shipping (from the label or the import).

    The leader or the order's member; not once the order is shipped (the resi
    is then part of its history) or cancelled. A resi already on another
    order of the same courier is refused.
    """
    locked = services._lock(order)
    user = services._user_of(actor)
    if not (services._is_owner(locked, actor) or is_leader(user)):
        raise PermissionDeniedError(_("Only the owner or the leader may do this."))
    if locked.status in (S.SHIPPED, S.COMPLETED, S.CANCELLED):
        raise ConflictError(_("This order is already finished; the resi stays."))
    resi = services._clean_tracking_no(tracking_no)
    if resi == locked.tracking_no:
        return locked
    services.check_resi_free(resi=resi, courier=locked.courier, order_pk=locked.pk)
    locked.tracking_no = resi
    services._save_with_resi(
        locked, resi, lambda: locked.save(update_fields=["tracking_no"])
    )
    OrderEvent.objects.create(
        order=locked,
        actor=user,
        from_status=locked.status,
        to_status=locked.status,
        params={"tracking_no": resi, "courier": locked.courier},
    )
    services._refresh_caller_copy(order, locked)
    return locked


@transaction.atomic
def ship_by_within_reach(value) -> bool:
    """Return whether a ship-by deadline falls this year, last year or next.

    A deadline years away is a typing slip (and year 1 or 9999 cannot be
    stored in UTC): the page and the API refuse it with the same plain
    message as a date that is not a date.
    """
    this_year = timezone.localdate().year
    return this_year - 1 <= value.year <= this_year + 1


def order_set_ship_by(*, order: Order, ship_by, actor) -> Order:
    """Write (or clear, with None) the marketplace's ship-by deadline.

    The leader or the order's member, until the order is shipped.
    """
    locked = services._lock(order)
    user = services._user_of(actor)
    if not (services._is_owner(locked, actor) or is_leader(user)):
        raise PermissionDeniedError(_("Only the owner or the leader may do this."))
    if locked.status in (S.SHIPPED, S.COMPLETED, S.CANCELLED):
        raise ConflictError(_("This order is already finished."))
    if ship_by is not None and timezone.is_naive(ship_by):
        ship_by = timezone.make_aware(ship_by)
    if ship_by == locked.ship_by:
        return locked
    locked.ship_by = ship_by
    locked.save(update_fields=["ship_by"])
    OrderEvent.objects.create(
        order=locked,
        actor=user,
        from_status=locked.status,
        to_status=locked.status,
        params={"ship_by": ship_by.isoformat() if ship_by else None},
    )
    services._refresh_caller_copy(order, locked)
    return locked


def courier_mismatch(order: Order) -> str:
    """Return a warning when the resi looks like another courier's, else ""."""
    hint = resi_courier_hint(order.tracking_no)
    if not hint or not order.courier or hint == order.courier:
        return ""
    return _(
        "Resi %(resi)s looks like %(hint)s, but the order says %(courier)s. "
        "Check the courier."
    ) % {
        "resi": order.tracking_no,
        "hint": Courier(hint).label,
        "courier": order.get_courier_display(),
    }


# -- scan-to-pack ---------------------------------------------------------


def orders_matching_code(code: str) -> list[Order]:
    """Orders whose resi or marketplace order number is this scanned code."""
    raw = " ".join(str(code or "").split())[:64]
    normalised = resi_normalise(raw)[:64]
    if not normalised:
        return []
    query = Q(tracking_no=normalised) | Q(marketplace_order_no__iexact=raw)
    if normalised != raw:
        query |= Q(marketplace_order_no__iexact=normalised)
    return list(
        Order.objects.select_related("member", "shop")
        .filter(query)
        .exclude(status__in=[S.CANCELLED, S.DRAFT])
        .order_by("pk")[:5]
    )


@dataclass(frozen=True)
class ScanResult:
    """What a scanned code means for packing: ``tone`` ok / warn / bad."""

    code: str
    tone: str
    message: str
    order: Order | None = None
    can_pack: bool = False


def scan_lookup(*, code: str, actor) -> ScanResult:
    """Find the order of a scanned (or typed) code and say what can be done."""
    _require_leader(actor)
    shown = resi_normalise(code)[:64] or "-"
    found = orders_matching_code(code)
    if not found:
        return ScanResult(
            shown,
            "bad",
            _("%(code)s is not a resi or order number of any order to pack.")
            % {"code": shown},
        )
    if len(found) > 1:
        return ScanResult(
            shown,
            "warn",
            _("%(code)s fits %(count)s orders. Open the right one from the list.")
            % {"code": shown, "count": len(found)},
        )
    order = found[0]
    if order.status == S.PAID:
        return ScanResult(
            shown,
            "ok",
            _("Order %(number)s (%(shop)s): check the items, then mark it packed.")
            % {"number": order.marketplace_order_no, "shop": order.shop.name},
            order,
            can_pack=True,
        )
    if order.status == S.PACKED:
        packed_at = timezone.localtime(order.packed_at) if order.packed_at else None
        return ScanResult(
            shown,
            "warn",
            _("Order %(number)s is ALREADY PACKED (%(time)s). Do not pack it twice.")
            % {
                "number": order.marketplace_order_no,
                "time": f"{packed_at:%d-%m %H:%M}" if packed_at else "-",
            },
            order,
        )
    if order.status == S.SUBMITTED:
        message = _("Order %(number)s is NOT PAID yet. Do not pack it.")
    else:
        message = _("Order %(number)s is already shipped. Do not pack it again.")
    return ScanResult(
        shown, "bad", message % {"number": order.marketplace_order_no}, order
    )


@transaction.atomic
def order_pack_scanned(*, order: Order, code: str, actor) -> Order:
    """Mark the scanned order packed; the event remembers the scanned code."""
    _require_leader(actor)
    return services.order_pack(
        order=order, actor=actor, params={"scanned": resi_normalise(code)[:64]}
    )


# -- labels ---------------------------------------------------------------


def orders_labels_printed(*, orders: list[Order], sources: dict[int, str], actor):
    """Write one event per order saying its label was printed (and from what)."""
    _require_leader(actor)
    now = timezone.now()
    user = services._user_of(actor)
    OrderEvent.objects.bulk_create(
        [
            OrderEvent(
                order=order,
                actor=user,
                from_status=order.status,
                to_status=order.status,
                params={"label_printed": sources.get(order.pk, "kongsi")},
                created_at=now,
            )
            for order in orders
        ],
        batch_size=500,
    )


# -- the morning reminder ---------------------------------------------------


def ship_by_morning_notify(*, now=None) -> int:
    """Put today's ship-by figures on each leader's Beranda, once a day.

    Nothing is sent on a day with nothing late, due or waiting to be packed.
    Return how many leaders were told.
    """
    from django.urls import reverse
    from django.utils import translation

    from community.models import Member
    from community.roles import Role
    from community.services import notification_send
    from orders.packing_selectors import ship_by_figures

    now = now or timezone.now()
    figures = ship_by_figures(now=now)
    if not any(figures.values()):
        return 0
    today = timezone.localdate(now)
    leaders = Member.objects.filter(
        Q(user__groups__name=Role.LEADER) | Q(user__is_superuser=True),
        user__is_active=True,
    ).distinct()
    with translation.override("id"):
        message = (
            _(
                "Packing today: %(overdue)s late to ship, %(due_today)s to ship "
                "today, %(to_pack)s paid orders to pack."
            )
            % figures
        )
    sent = 0
    for member in leaders:
        notification_send(
            member=member,
            kind="ship_by",
            message=message,
            key=f"ship-by:{today.isoformat()}",
            link=reverse("orders:fulfilment"),
        )
        sent += 1
    return sent
