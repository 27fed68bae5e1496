"""Hypothesis stateful test: any sequence of money operations keeps the books.

Rules: log an order, create a settlement (credit applied first), confirm,
reject, expire, ask for a return, approve it, refuse it, adjust credit. A
simple model predicts every member's credit; after every step the credit
balances must match it and every ``audit_money`` check must be clean.

Each example runs inside a savepoint that is rolled back at the end, so the
examples start from the same small world (two members, a leader, variants).
"""

import os
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from community.errors import ConflictError, KongsiError
from insights.management.commands.audit_money import run_all_checks
from ledger.credit import credit_balance
from ledger.models import CreditEntry
from orders.models import Order, OrderLine
from returns.models import ReturnRequest
from returns.services import (
    credit_adjust,
    return_approve,
    return_reject,
    return_request_create,
)
from settlements.models import Settlement
from settlements.services import (
    settlement_confirm,
    settlement_create,
    settlement_expire,
    settlement_reject,
)
from tests.factories import MemberFactory, ShopFactory, make_staff
from tests.orders.factories import make_order
from tests.returns.factories import stocked_variant

pytestmark = pytest.mark.django_db

REASONS = list(ReturnRequest.Reason.values)
RETURNABLE = ["paid", "packed", "shipped", "completed"]


class MoneyMachine(RuleBasedStateMachine):
    world: dict = {}

    @initialize()
    def open_savepoint(self):
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.members = self.world["members"]
        self.leader = self.world["leader"]
        self.variants = self.world["variants"]
        self.expected = {member.pk: 0 for member in self.members}
        # A rule that found nothing to act on leaves the books as they were;
        # the (slow) full audit then need not run again.
        self.changed = True

    def teardown(self):
        atomic = getattr(self, "atomic", None)
        if atomic is not None:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    # -- helpers ---------------------------------------------------------------

    @staticmethod
    def _pick(items, index):
        return items[index % len(items)] if items else None

    def _member(self, index):
        return self.members[index % len(self.members)]

    def _open_settlements(self):
        return list(
            Settlement.objects.filter(status__in=Settlement.OPEN_STATUSES).order_by(
                "pk"
            )
        )

    # -- rules -----------------------------------------------------------------

    @rule(
        who=st.integers(0, 1),
        variant=st.integers(0, 2),
        quantity=st.integers(1, 3),
        markup=st.sampled_from([0, 5_000, 12_500]),
    )
    def log_order(self, who, variant, quantity, markup):
        member = self._member(who)
        chosen = self.variants[variant]
        self.changed = True
        order = make_order(
            member=member,
            shop=self.world["shops"][member.pk],
            lines=[(chosen, quantity, chosen.base_price + markup)],
        )
        assert order.status == Order.Status.SUBMITTED

    @rule(who=st.integers(0, 1), take=st.integers(1, 3))
    def create_settlement(self, who, take):
        member = self._member(who)
        unsettled = list(
            Order.objects.filter(member=member, status=Order.Status.SUBMITTED)
            .exclude(settlement_links__is_active=True)
            .order_by("pk")[:take]
        )
        if not unsettled:
            return
        self.changed = True
        owed = sum(order.goods_total + order.charity_share for order in unsettled)
        settlement = settlement_create(
            member=member, orders=unsettled, actor=member.user
        )
        credit = min(self.expected[member.pk], owed)
        assert settlement.credit_applied == credit
        self.expected[member.pk] -= credit
        if credit == owed:
            assert settlement.status == Settlement.Status.CONFIRMED
            assert settlement.amount_due == 0
        else:
            assert settlement.amount_due == owed - credit + settlement.unique_code

    @rule(index=st.integers(0, 20))
    def confirm(self, index):
        settlement = self._pick(self._open_settlements(), index)
        if settlement is None:
            return
        self.changed = True
        settlement_confirm(settlement=settlement, actor=self.leader)
        statuses = set(
            Order.objects.filter(settlement_links__settlement=settlement).values_list(
                "status", flat=True
            )
        )
        assert statuses == {"paid"}

    @rule(index=st.integers(0, 20))
    def reject_settlement(self, index):
        settlement = self._pick(self._open_settlements(), index)
        if settlement is None:
            return
        settlement_reject(
            settlement=settlement, actor=self.leader, reason="Tidak masuk"
        )
        self.expected[settlement.member_id] += settlement.credit_applied

    @rule(index=st.integers(0, 20))
    def expire(self, index):
        waiting = [
            s
            for s in self._open_settlements()
            if s.status == Settlement.Status.AWAITING_TRANSFER
        ]
        settlement = self._pick(waiting, index)
        if settlement is None:
            return
        self.changed = True
        later = timezone.now() + timedelta(days=30)
        assert settlement_expire(settlement=settlement, now=later) is True
        self.expected[settlement.member_id] += settlement.credit_applied

    @rule(
        index=st.integers(0, 20),
        quantity=st.integers(1, 4),
        reason=st.sampled_from(REASONS),
    )
    def request_return(self, index, quantity, reason):
        lines = list(
            OrderLine.objects.filter(order__status__in=RETURNABLE)
            .select_related("order__member")
            .order_by("pk")
        )
        line = self._pick(lines, index)
        if line is None:
            return
        asked = sum(
            request.quantity
            for request in ReturnRequest.objects.filter(order_line=line).exclude(
                status="rejected"
            )
        )
        self.changed = True
        before = ReturnRequest.objects.count()
        member = line.order.member
        try:
            return_request_create(
                member=member,
                actor=member.user,
                order_line_id=line.pk,
                quantity=quantity,
                reason=reason,
            )
        except KongsiError as error:
            assert quantity > line.quantity - asked, error
            assert error.field == "quantity"
            assert ReturnRequest.objects.count() == before
        else:
            assert quantity <= line.quantity - asked

    def _waiting_returns(self):
        return list(
            ReturnRequest.objects.filter(status="requested")
            .select_related("order_line")
            .order_by("pk")
        )

    @rule(index=st.integers(0, 20), restock=st.booleans())
    def approve_return(self, index, restock):
        request = self._pick(self._waiting_returns(), index)
        if request is None:
            return
        self.changed = True
        decided = return_approve(
            return_request=request, actor=self.leader, restock=restock
        )
        if request.is_leader_responsibility:
            value = request.order_line.unit_base_price * request.quantity
            assert decided.status == "credited" and decided.credit_amount == value
            self.expected[request.member_id] += value
        else:
            assert decided.status == "approved" and decided.credit_amount == 0
        with pytest.raises(ConflictError):
            return_approve(return_request=request, actor=self.leader)

    @rule(index=st.integers(0, 20))
    def reject_return(self, index):
        request = self._pick(self._waiting_returns(), index)
        if request is None:
            return
        self.changed = True
        decided = return_reject(return_request=request, actor=self.leader, reason="x")
        assert decided.status == "rejected"

    @rule(who=st.integers(0, 1), amount=st.integers(-60_000, 60_000).filter(bool))
    def adjust(self, who, amount):
        member = self._member(who)
        self.changed = True
        try:
            credit_adjust(
                member=member, amount=amount, reason="koreksi", actor=self.leader
            )
        except ConflictError:
            assert self.expected[member.pk] + amount < 0
        else:
            self.expected[member.pk] += amount
            assert self.expected[member.pk] >= 0

    # -- invariants ------------------------------------------------------------

    @invariant()
    def credit_matches_the_model(self):
        if not hasattr(self, "expected"):
            return
        for member in self.members:
            assert credit_balance(member) == self.expected[member.pk]

    @invariant()
    def audit_money_is_clean(self):
        if not getattr(self, "changed", False):
            return
        self.changed = False
        problems = [(name, found) for name, found in run_all_checks() if found]
        assert problems == []

    @invariant()
    def one_credit_per_credited_return(self):
        if not hasattr(self, "expected"):
            return
        credited = ReturnRequest.objects.filter(status="credited").count()
        assert CreditEntry.objects.filter(kind="return_credit").count() == credited


def test_any_sequence_of_money_operations_keeps_the_books():
    members = [MemberFactory(), MemberFactory()]
    MoneyMachine.world = {
        "members": members,
        "shops": {member.pk: ShopFactory(member=member) for member in members},
        "leader": make_staff("leader"),
        "variants": [
            stocked_variant(base_price=price, stock=10_000)
            for price in (15_000, 42_000, 99_500)
        ],
    }
    run_state_machine_as_test(
        MoneyMachine,
        settings=settings(
            max_examples=int(os.environ.get("KONGSI_STATEFUL_EXAMPLES", "200")),
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            derandomize=False,
        ),
    )
