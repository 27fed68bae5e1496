"""Read queries of the orders app used by pages, the API and reports."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from catalog.models import variant_display_name
from community.errors import NotFoundError
from community.prepared import PreparedQuery
from community.roles import is_staff_role
from community.selectors import member_for_user
from orders.models import Order, OrderEvent, OrderLine


def _base() -> QuerySet[Order]:
    return Order.objects.select_related("member", "member__user", "shop")


def _with_lines(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.prefetch_related(
        Prefetch(
            "lines",
            queryset=OrderLine.objects.select_related(
                "variant", "variant__product"
            ).order_by("pk"),
        )
    )


def _visible(queryset: QuerySet[Order], user, status: str | None) -> QuerySet[Order]:
    """The orders of ``queryset`` the user may see (a member their own, leader
    and treasurer everyone's), of one status if given, newest first."""
    if not is_staff_role(user):
        member = member_for_user(user)
        if member is None:
            return queryset.none()
        queryset = queryset.filter(member=member)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-created_at", "-pk")


def order_list_for(user, *, status: str | None = None) -> QuerySet[Order]:
    """Orders the user may see, newest first, lines prefetched."""
    return _visible(_with_lines(_base()), user, status)


def order_api_list_for(user, *, status: str | None = None) -> QuerySet[Order]:
    """``order_list_for`` for the API list: the serializer shows the member as
    an id, so the member and user rows are not loaded with each order."""
    return _visible(_with_lines(Order.objects.select_related("shop")), user, status)


def order_get_for(user, pk) -> Order:
    """Return one visible order with lines and events; NotFoundError otherwise."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFoundError(_("Order not found.")) from None
    queryset = order_list_for(user).prefetch_related(
        Prefetch(
            "events",
            queryset=OrderEvent.objects.select_related("actor").order_by(
                "created_at", "pk"
            ),
        )
    )
    order = queryset.filter(pk=pk).first()
    if order is None:
        raise NotFoundError(_("Order not found."))
    return order


def fulfilment_queue() -> dict[str, list[Order]]:
    """The leader's work: paid orders to pack, packed ones to ship, shipped ones."""
    queryset = _with_lines(_base()).filter(status__in=Order.IN_FULFILMENT)
    groups: dict[str, list[Order]] = {"paid": [], "packed": [], "shipped": []}
    for order in queryset.order_by("paid_at", "pk"):
        groups[order.status].append(order)
    return groups


def orders_for_ids(user, ids) -> list[Order]:
    """Visible orders among ``ids`` (bulk actions), by pk."""
    return list(order_list_for(user).filter(pk__in=list(ids)).order_by("pk"))


def _status_counts(member_id=None):
    orders = Order.objects.all()
    if member_id is not None:
        orders = orders.filter(member_id=member_id)
    return orders.order_by().values("status").annotate(count=Count("pk"))


# Built and compiled once per process (community/prepared.py): the order list
# and Beranda ask for these counts on every request.
STATUS_COUNTS = PreparedQuery(_status_counts)
MEMBER_STATUS_COUNTS = PreparedQuery(_status_counts, member_id=int)


def order_status_counts(user) -> dict[str, int]:
    """How many of the user's visible orders are in each status."""
    if is_staff_role(user):
        rows = STATUS_COUNTS.rows()
    else:
        member = member_for_user(user)
        if member is None:
            return {}
        rows = MEMBER_STATUS_COUNTS.rows(member_id=member.pk)
    return {row["status"]: row["count"] for row in rows}


def order_rows_for(user, *, status: str | None = None) -> QuerySet[Order]:
    """The order list page's rows: ``order_list_for`` without the lines and
    the member (a member's own list shows neither); ``order_line_texts`` gives
    the lines of the page's orders in one light query."""
    queryset = Order.objects.select_related("shop")
    if is_staff_role(user):
        queryset = queryset.select_related("member")
    return _visible(queryset, user, status)


def order_line_texts(orders) -> dict[int, str]:
    """``{order id: "Hijab — Merah × 2; Keripik × 1"}`` for these orders, read
    as plain values (no model rows), lines in the order they were written."""
    ids = [order.pk for order in orders]
    if not ids:
        return {}
    texts: dict[int, list[str]] = {}
    rows = (
        OrderLine.objects.filter(order_id__in=ids)
        .order_by("order_id", "pk")
        .values_list("order_id", "quantity", "variant__label", "variant__product__name")
    )
    for order_id, quantity, label, product in rows:
        name = variant_display_name(product, label)
        texts.setdefault(order_id, []).append(f"{name} × {quantity}")
    return {order_id: "; ".join(lines) for order_id, lines in texts.items()}


def sold_lines() -> QuerySet[OrderLine]:
    """Order lines of orders logged and not cancelled (``Order.SOLD``)."""
    return OrderLine.objects.filter(order__status__in=Order.SOLD)


def completed_order_count(member_id: int) -> int:
    """How many of the member's orders reached completed."""
    return Order.objects.filter(
        member_id=member_id, status=Order.Status.COMPLETED
    ).count()
