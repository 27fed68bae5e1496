"""Read queries of settlements used by pages, the API, admin and reports."""

from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)

from community.figures import count_of, figure_of, sum_of
from community.prepared import PreparedQuery
from community.roles import is_staff_role
from community.selectors import member_for_user
from orders.models import Order
from settlements.models import (
    BankAccount,
    BankStatement,
    BankStatementLine,
    Settlement,
    SettlementOrder,
    TransferProof,
)


def _with_details(queryset: QuerySet[Settlement]) -> QuerySet[Settlement]:
    return queryset.select_related(
        "member", "member__user", "confirmed_by"
    ).prefetch_related(
        Prefetch(
            "links",
            queryset=SettlementOrder.objects.select_related(
                "order", "order__shop"
            ).order_by("order_id"),
        ),
        Prefetch(
            "proofs", queryset=TransferProof.objects.order_by("-created_at", "-pk")
        ),
    )


def settlement_list_for(user) -> QuerySet[Settlement]:
    """Settlements the user may see: their own; leader and treasurer see all."""
    queryset = _with_details(Settlement.objects.all())
    if is_staff_role(user):
        return queryset
    member = member_for_user(user)
    if member is None:
        return queryset.none()
    return queryset.filter(member=member)


def settlement_rows_for(user) -> QuerySet[Settlement]:
    """The settlements list page's rows: the same settlements as
    ``settlement_list_for``, each with ``order_count`` (its order links) instead
    of every link, order and proof loaded (the list shows only the count)."""
    queryset = Settlement.objects.select_related("member").annotate(
        order_count=Count("links")
    )
    if is_staff_role(user):
        return queryset
    member = member_for_user(user)
    if member is None:
        return queryset.none()
    return queryset.filter(member=member)


def unsettled_first_submitted(member):
    """When the member's oldest unsettled order was submitted (None if none):
    what Beranda's "pay before" needs, without loading the orders."""
    return _unsettled(member).aggregate(first=Min("submitted_at"))["first"]


def unsettled_totals(member) -> dict[str, int]:
    """How many unsettled orders the member has and their Σ goods total and Σ
    charity share, in one query (the list page shows only these)."""
    sums = _unsettled(member).aggregate(
        count=Count("pk"), goods=Sum("goods_total"), charity=Sum("charity_share")
    )
    return {name: int(value or 0) for name, value in sums.items()}


def _open_settlements(member_id):
    return Settlement.objects.filter(
        member_id=member_id, status__in=Settlement.OPEN_STATUSES
    ).order_by("created_at", "pk")


# Beranda's pay panel, on every visit: compiled once (community/prepared.py).
OPEN_SETTLEMENTS = PreparedQuery(_open_settlements, member_id=int)


def settlement_open_for(member) -> list[Settlement]:
    """The member's open settlements, oldest first, without their details."""
    return OPEN_SETTLEMENTS.instances(member_id=member.pk)


def settlement_own_list(member) -> QuerySet[Settlement]:
    return _with_details(Settlement.objects.filter(member=member))


def settlement_get_for(user, pk) -> Settlement | None:
    """The settlement if the user may see it, else None (the caller answers 404)."""
    try:
        return settlement_list_for(user).get(pk=pk)
    except (Settlement.DoesNotExist, ValueError, TypeError):
        return None


def unsettled_orders_for(member) -> QuerySet[Order]:
    """Submitted orders of the member that no active settlement holds."""
    return _unsettled(member).select_related("shop").order_by("submitted_at", "pk")


def bank_accounts() -> list[BankAccount]:
    """The accounts members pay settlements to (not the charity account)."""
    return list(
        BankAccount.objects.filter(
            is_active=True, purpose=BankAccount.Purpose.SETTLEMENTS
        )
    )


def outstanding_expression(member_ref):
    """What the member still owes the leader, in rupiah, as a SQL expression.

    = Σ amount_due of their open settlements (the transfer they still have to
    make, credit and unique code included) + Σ (goods total + charity share) of
    their submitted orders that are in no settlement yet.
    """
    open_due = sum_of(
        Settlement.objects.filter(
            member=member_ref, status__in=Settlement.OPEN_STATUSES
        ),
        "amount_due",
    )
    unsettled = sum_of(_unsettled(member_ref), F("goods_total") + F("charity_share"))
    return open_due + unsettled


def unsettled_count_expression(member_ref):
    """How many submitted orders of the member no active settlement holds."""
    return count_of(_unsettled(member_ref))


def _unsettled(member_ref) -> QuerySet[Order]:
    return Order.objects.filter(
        member=member_ref, status=Order.Status.SUBMITTED
    ).exclude(settlement_links__is_active=True)


def member_outstanding(member) -> int:
    """What the member still owes the leader (see ``outstanding_expression``)."""
    return figure_of(member, outstanding_expression)


def community_outstanding(*, open_due: int | None = None) -> int:
    """What all members together still owe the leader: ``outstanding`` summed.

    ``open_due`` is the open settlements' Σ amount due when the caller has it
    already (the dashboard lists them). The "no active settlement" test of
    ``_unsettled`` is a FILTER on the sum here, not a NOT EXISTS in WHERE:
    over every member PostgreSQL turned the latter into an anti-join that
    hashed every settlement link ever made (~100 ms at 200 000 orders); as a
    filter it looks each submitted order up in the one-active-link index
    (~40 ms).
    """
    if open_due is None:
        open_due = open_settlements().aggregate(
            total=Sum("amount_due", output_field=BigIntegerField())
        )["total"]
    active_link = SettlementOrder.objects.filter(order=OuterRef("pk"), is_active=True)
    unsettled = Order.objects.filter(status=Order.Status.SUBMITTED).aggregate(
        total=Sum(
            F("goods_total") + F("charity_share"),
            filter=~Exists(active_link),
            output_field=BigIntegerField(),
        )
    )["total"]
    return int(open_due or 0) + int(unsettled or 0)


def statement_lines_for(statement_id: int) -> QuerySet[BankStatementLine]:
    return (
        BankStatementLine.objects.filter(statement_id=statement_id)
        .select_related("settlement", "settlement__member", "similar_settlement")
        .order_by("date", "line_no", "pk")
    )


def open_settlements() -> QuerySet[Settlement]:
    return Settlement.objects.filter(status__in=Settlement.OPEN_STATUSES)


# -- the treasurer's reconciliation page ------------------------------------------

# A transfer may differ from the amount due by a bank fee or a rounded amount:
# settlements this close are shown as candidates too (exact ones first).
CANDIDATE_TOLERANCE = 5_000
RECONCILIATION_LINES = 50


def _name_words(full_name: str) -> set[str]:
    """Words of a member's name worth finding in a bank description."""
    return {
        word for word in full_name.upper().replace(".", " ").split() if len(word) >= 4
    }


# Lines a person still has to decide (the reconciliation page lists them).
UNDECIDED = (
    BankStatementLine.Match.UNMATCHED,
    BankStatementLine.Match.AMBIGUOUS,
    BankStatementLine.Match.POSSIBLE_DOUBLE,
)


def undecided_lines() -> QuerySet[BankStatementLine]:
    """Incoming lines no settlement holds that wait for a person."""
    return BankStatementLine.objects.filter(
        direction=BankStatementLine.Direction.CREDIT,
        match_status__in=UNDECIDED,
        settlement__isnull=True,
    )


def reconciliation_lines(*, limit: int = RECONCILIATION_LINES) -> list:
    """Incoming lines nobody decided yet, oldest first, each with ``candidates``:
    settlements it could pay — an amount within CANDIDATE_TOLERANCE, or an open
    one whose member's name is in the description — best first, at most 3.

    Three queries, whatever the number of lines: the lines, the settlements
    near their amounts, the open settlements (for the names).
    """
    from settlements.reconciliation import candidate_filter

    lines = list(
        undecided_lines()
        .select_related("statement", "similar_settlement__member")
        .order_by("date", "line_no", "pk")[:limit]
    )
    if not lines:
        return []
    near = Q()
    for line in lines:
        near |= Q(
            amount_due__gte=line.amount - CANDIDATE_TOLERANCE,
            amount_due__lte=line.amount + CANDIDATE_TOLERANCE,
        )
    found = {
        settlement.pk: settlement
        for settlement in Settlement.objects.filter(candidate_filter())
        .filter(near)
        .select_related("member")
    }
    open_ones = list(
        Settlement.objects.filter(status__in=Settlement.OPEN_STATUSES).select_related(
            "member"
        )
    )
    for settlement in open_ones:
        found.setdefault(settlement.pk, settlement)
    for line in lines:
        description = line.description.upper()
        scored = []
        for settlement in found.values():
            difference = abs(settlement.amount_due - line.amount)
            by_name = bool(
                _name_words(settlement.member.full_name)
                & set(description.replace(".", " ").split())
            )
            if difference > CANDIDATE_TOLERANCE and not by_name:
                continue
            settlement_view = {
                "settlement": settlement,
                "difference": difference,
                "exact": difference == 0,
                "by_name": by_name,
            }
            scored.append(((difference != 0, not by_name, difference), settlement_view))
        scored.sort(key=lambda pair: (pair[0], pair[1]["settlement"].pk))
        line.candidates = [view for _key, view in scored[:3]]
    return lines


def proofs_to_check(*, limit: int = 50) -> list[Settlement]:
    """Settlements whose member sent a transfer photo, oldest first."""
    return list(
        _with_details(
            Settlement.objects.filter(status=Settlement.Status.PROOF_UPLOADED)
        ).order_by("created_at", "pk")[:limit]
    )


def statement_recent(*, limit: int = 5) -> list[BankStatement]:
    return list(
        BankStatement.objects.select_related("uploaded_by").order_by(
            "-created_at", "-pk"
        )[:limit]
    )
