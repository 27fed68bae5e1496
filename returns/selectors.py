"""Read queries of the returns app used by pages, the API and reports."""

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from community.errors import NotFoundError
from community.figures import count_of, figure_of, sum_of
from community.roles import is_staff_role
from community.selectors import member_for_user
from ledger.models import CreditBalance, CreditEntry
from orders.models import Order, OrderLine
from returns.models import ReturnPhoto, ReturnRequest


def return_list() -> QuerySet[ReturnRequest]:
    """Every return with what a list row shows, in a constant number of queries."""
    return ReturnRequest.objects.select_related(
        "member",
        "decided_by",
        "order_line__order__shop",
        "order_line__variant__product",
    ).prefetch_related(Prefetch("photos", queryset=ReturnPhoto.objects.order_by("pk")))


def return_list_for(user) -> QuerySet[ReturnRequest]:
    """Returns the user may see: their own; leader and treasurer see all."""
    if is_staff_role(user):
        return return_list()
    member = member_for_user(user)
    if member is None:
        return ReturnRequest.objects.none()
    return return_list().filter(member=member)


def return_get_for(user, pk) -> ReturnRequest:
    """Return one visible return, or raise "not found" (also when not theirs)."""
    request = return_list_for(user).filter(pk=pk).first()
    if request is None:
        raise NotFoundError(_("This return was not found."))
    return request


def return_queue() -> QuerySet[ReturnRequest]:
    """Returns waiting for the leader, oldest first."""
    return (
        return_list()
        .filter(status=ReturnRequest.Status.REQUESTED)
        .order_by("created_at", "pk")
    )


def return_photo_get_for(user, pk) -> ReturnPhoto:
    """A photo of a return the user may see, else "not found"."""
    photo = (
        ReturnPhoto.objects.select_related("return_request")
        .filter(pk=pk, return_request__in=return_list_for(user))
        .first()
    )
    if photo is None:
        raise NotFoundError(_("This photo was not found."))
    return photo


def returnable_lines_for(member, order_pk) -> tuple[Order, list[OrderLine]]:
    """Return the member's order and its lines, each with ``returnable`` set.

    ``returnable`` = quantity bought − quantity already asked back (not refused).
    """
    order = (
        Order.objects.filter(pk=order_pk, member=member).select_related("shop").first()
    )
    if order is None:
        raise NotFoundError(_("This order was not found."))
    lines = list(
        OrderLine.objects.filter(order=order)
        .select_related("variant__product")
        .annotate(
            asked_back=Sum(
                "return_requests__quantity",
                filter=~Q(return_requests__status=ReturnRequest.Status.REJECTED),
                default=0,
            )
        )
        .order_by("pk")
    )
    for line in lines:
        line.returnable = max(line.quantity - line.asked_back, 0)
    return order, lines


def credit_entries_for(member, *, limit: int | None = None) -> list[CreditEntry]:
    """The member's credit history, newest first."""
    queryset = CreditEntry.objects.filter(member=member).select_related("actor")
    if limit is not None:
        queryset = queryset[:limit]
    return list(queryset)


def open_return_count(member) -> int:
    return figure_of(member, open_returns_expression)


def open_returns_expression(member_ref):
    """How many of the member's returns wait for the leader."""
    return count_of(
        ReturnRequest.objects.filter(
            member=member_ref, status=ReturnRequest.Status.REQUESTED
        )
    )


def credit_balance_expression(member_ref):
    """The member's credit balance (0 when they never had any)."""
    return sum_of(CreditBalance.objects.filter(member=member_ref), "balance")


def queue_count() -> int:
    return ReturnRequest.objects.filter(status=ReturnRequest.Status.REQUESTED).count()
