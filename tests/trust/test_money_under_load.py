"""Money under load: 16 real threads on PostgreSQL run a seeded random mix of
money operations through the services, on a small shared community so they
really race for the same members, settlements, returns and the fund.

Losers of a race must get a ``KongsiError`` (409/400/404/403 in the API),
never another exception. Afterwards ``audit_money`` is clean and the
conservation law holds over confirmed settlements:
Σ amount_due = Σ goods_total + Σ charity_share + Σ unique_code − Σ credit_applied,
and the fund balance equals the sum of its entries.
"""

import random
import traceback
import uuid
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Sum

from community.errors import KongsiError
from tests.factories import MemberFactory, ShopFactory, make_staff
from tests.helpers import run_in_threads
from tests.trust.world import ensure_reference_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

THREADS = 16
OPS_PER_THREAD = 130  # 16 × 130 = 2 080 operations
SEED = 20261128


def _setup():
    from charity.models import Program
    from charity.services import beneficiary_create, program_create
    from tests.charity.factories import fund_with
    from tests.returns.factories import stocked_variant

    ensure_reference_data()
    leader = make_staff("leader")
    treasurer = make_staff("treasurer")
    members = [MemberFactory() for _ in range(8)]
    shops = {m.pk: ShopFactory(member=m) for m in members}
    variants = [
        stocked_variant(base_price=10_000 + i * 1_500, stock=3_000) for i in range(3)
    ]
    fund_with(500_000)
    program = program_create(
        actor=leader, name="Beban uji", kind=Program.Kind.FAMILY_AID, budget=10**9
    )
    beneficiary = beneficiary_create(
        actor=leader, name="Ibu Uji", category="poor_family", household_size=3
    )
    return {
        "leader": leader,
        "treasurer": treasurer,
        "members": members,
        "shops": shops,
        "variants": variants,
        "program": program,
        "beneficiary": beneficiary,
    }


def _open_settlement(rng):
    from settlements.models import Settlement

    ids = list(
        Settlement.objects.filter(status__in=Settlement.OPEN_STATUSES).values_list(
            "pk", flat=True
        )
    )
    return Settlement.objects.get(pk=rng.choice(ids)) if ids else None


def _operations(world):
    from charity.models import Disbursement
    from charity.services import (
        disbursement_approve,
        disbursement_pay,
        disbursement_propose,
        donation_record,
    )
    from orders.models import Order, OrderLine
    from orders.services import order_cancel
    from returns.models import ReturnRequest
    from returns.services import return_approve, return_reject, return_request_create
    from settlements.reconciliation import statement_import
    from settlements.services import (
        settlement_cancel,
        settlement_confirm,
        settlement_create,
        settlement_reject,
    )
    from tests.orders.factories import make_order

    leader, treasurer = world["leader"], world["treasurer"]

    def log_order(rng):
        member = rng.choice(world["members"])
        variant = rng.choice(world["variants"])
        make_order(
            member=member,
            shop=world["shops"][member.pk],
            lines=[
                (variant, rng.randint(1, 3), variant.base_price + rng.randint(0, 9_000))
            ],
        )

    def cancel_order(rng):
        ids = list(
            Order.objects.filter(
                status=Order.Status.SUBMITTED, settlement_links__isnull=True
            ).values_list("pk", flat=True)[:20]
        )
        if ids:
            order = Order.objects.get(pk=rng.choice(ids))
            order_cancel(order=order, actor=order.member.user, reason="uji")

    def create_settlement(rng):
        member = rng.choice(world["members"])
        orders = list(
            Order.objects.filter(member=member, status=Order.Status.SUBMITTED)
            .exclude(settlement_links__is_active=True)
            .order_by("pk")[:5]
        )
        if orders:
            settlement_create(member=member, orders=orders, actor=member.user)

    def confirm_manual(rng):
        settlement = _open_settlement(rng)
        if settlement:
            settlement_confirm(settlement=settlement, actor=treasurer, source="manual")

    def confirm_statement(rng):
        settlement = _open_settlement(rng)
        if settlement:
            csv = (
                "date,description,amount,type\n"
                f'2026-11-20,"TRSF CR {uuid.uuid4().hex}",{settlement.amount_due},CR\n'
            ).encode()
            statement_import(
                file=SimpleUploadedFile("mutasi.csv", csv),
                format="generic",
                actor=treasurer,
            )

    def reject_or_cancel(rng):
        settlement = _open_settlement(rng)
        if settlement is None:
            return
        if rng.random() < 0.5:
            settlement_reject(settlement=settlement, actor=treasurer, reason="uji")
        else:
            settlement_cancel(settlement=settlement, actor=settlement.member.user)

    def ask_return(rng):
        ids = list(
            OrderLine.objects.filter(order__status=Order.Status.PAID).values_list(
                "pk", flat=True
            )[:50]
        )
        if ids:
            line = OrderLine.objects.select_related("order__member").get(
                pk=rng.choice(ids)
            )
            return_request_create(
                member=line.order.member,
                actor=line.order.member.user,
                order_line_id=line.pk,
                quantity=1,
                reason=rng.choice(["defective", "wrong_item", "changed_mind"]),
            )

    def decide_return(rng):
        ids = list(
            ReturnRequest.objects.filter(status="requested").values_list(
                "pk", flat=True
            )[:20]
        )
        if ids:
            request = ReturnRequest.objects.get(pk=rng.choice(ids))
            if rng.random() < 0.8:
                return_approve(
                    return_request=request, actor=leader, restock=rng.random() < 0.5
                )
            else:
                return_reject(return_request=request, actor=leader, reason="uji")

    def disburse(rng):
        disbursement = disbursement_propose(
            actor=treasurer,
            program=world["program"],
            beneficiary=world["beneficiary"],
            cash_amount=rng.choice([5_000, 20_000, 150_000]),
        )
        disbursement_approve(disbursement=disbursement, actor=leader)
        disbursement_pay(
            disbursement=Disbursement.objects.get(pk=disbursement.pk), actor=treasurer
        )

    def donate(rng):
        donation_record(
            actor=treasurer, amount=rng.choice([10_000, 50_000]), donor="Uji"
        )

    return [
        (log_order, 30),
        (cancel_order, 3),
        (create_settlement, 18),
        (confirm_manual, 10),
        (confirm_statement, 8),
        (reject_or_cancel, 4),
        (ask_return, 8),
        (decide_return, 8),
        (disburse, 5),
        (donate, 2),
    ]


def test_money_survives_sixteen_threads_of_mixed_operations():
    from ledger.fund import fund_balance, fund_entries_sum
    from settlements.models import Settlement

    world = _setup()
    operations = _operations(world)
    functions = [f for f, _w in operations]
    weights = [w for _f, w in operations]

    def worker(index: int):
        rng = random.Random(SEED + index)
        done: Counter = Counter()
        refused: Counter = Counter()
        unexpected: list[str] = []
        for _ in range(OPS_PER_THREAD):
            operation = rng.choices(functions, weights)[0]
            try:
                operation(rng)
                done[operation.__name__] += 1
            except KongsiError as error:
                assert str(error), "a refusal must say why"
                refused[operation.__name__] += 1
            except Exception:  # noqa: BLE001 - the test reports it
                unexpected.append(f"{operation.__name__}: {traceback.format_exc()}")
        return done, refused, unexpected

    results = run_in_threads(worker, THREADS)
    crashed = [r for r in results if not isinstance(r, tuple)]
    assert not crashed, crashed[:3]
    done = sum((r[0] for r in results), Counter())
    refused = sum((r[1] for r in results), Counter())
    unexpected = [text for r in results for text in r[2]]
    assert not unexpected, f"{len(unexpected)} unexpected errors:\n" + "\n".join(
        unexpected[:3]
    )
    print(f"done {dict(done)}\nrefused {dict(refused)}")  # noqa: T201
    assert sum(done.values()) + sum(refused.values()) >= 2_000
    for name in (
        "log_order",
        "create_settlement",
        "confirm_manual",
        "ask_return",
        "decide_return",
        "disburse",
    ):
        assert done[name] > 0, (name, done, refused)

    confirmed = Settlement.objects.filter(status=Settlement.Status.CONFIRMED)
    assert confirmed.exists()
    assert confirmed.filter(confirmed_via="statement").exists(), (done, refused)
    totals = confirmed.aggregate(
        due=Sum("amount_due"),
        goods=Sum("goods_total"),
        charity=Sum("charity_share"),
        code=Sum("unique_code"),
        credit=Sum("credit_applied"),
    )
    assert totals["due"] == (
        totals["goods"] + totals["charity"] + totals["code"] - totals["credit"]
    ), totals
    assert fund_balance() == fund_entries_sum()
    assert fund_balance() >= 0
    call_command("audit_money")  # CommandError on any violated invariant
