"""Load a large, money-consistent community for the benchmarks (``make bench``).

Bulk inserts only (batches of 5 000); every row is built the way the services
would have left it, so ``manage.py audit_money`` stays clean:

* orders carry goods_total/profit/charity_share computed by ``orders.money``
  with the policy in force; live orders hold their stock through reservation
  movements and the variants' stock equals the sum of their movements;
* paid-or-later orders sit in confirmed settlements (active links) whose
  contribution and unique-code fund entries are posted once; the fund balance
  row equals the sum of all entries;
* a few lines are returned with credit; each member's credit balance equals the
  sum of their credit entries;
* half of the confirmed settlements were matched by a bank statement line;
* trainees have an enrollment with a mentor.

Run it on an empty (migrated) database or after ``seed_demo``; run twice, it adds a
second batch under a new prefix.
"""

import random
import time
from collections import defaultdict
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from catalog.models import Category, Product, StockMovement, Variant
from charity.models import FundBalance, FundEntry
from charity.policy import policy_in_force
from community.models import Marketplace, Member, Shop
from orders.models import Order, OrderLine
from orders.money import LineMoney, order_money
from returns.models import CreditBalance, CreditEntry, ReturnRequest
from settlements.models import (
    BankStatement,
    BankStatementLine,
    Settlement,
    SettlementOrder,
)
from training.models import Enrollment

BATCH = 5000
S = Order.Status
PAID_OR_LATER = [S.PAID, S.PACKED, S.SHIPPED, S.COMPLETED]
# (status, weight): most orders are done and settled.
STATUS_MIX = [
    (S.DRAFT, 3),
    (S.CANCELLED, 5),
    (S.SUBMITTED, 10),
    (S.PAID, 4),
    (S.PACKED, 3),
    (S.SHIPPED, 5),
    (S.COMPLETED, 70),
]


def _bulk(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


class Command(BaseCommand):
    help = "Bulk-load a large community for benchmarks (members, orders, money)."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=2000)
        parser.add_argument("--orders", type=int, default=200000)
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, **options):
        started = time.monotonic()
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.timings: dict[str, float] = {}
        with transaction.atomic():
            counts = self._seed(options["members"], options["orders"])
        total = time.monotonic() - started
        for step, seconds in self.timings.items():
            self.stdout.write(f"  {step:<22} {seconds:7.1f} s")
        summary = ", ".join(f"{n} {name}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"seed_scale: {summary} in {total:.1f} s"))

    def _step(self, name, started):
        self.timings[name] = time.monotonic() - started
        return time.monotonic()

    def _seed(self, n_members: int, n_orders: int) -> dict[str, int]:
        rng = self.rng
        t = time.monotonic()
        User = get_user_model()
        run = BankStatement.objects.filter(original_name__startswith="sk").count()
        prefix = f"sk{run}"
        leader = (
            User.objects.filter(groups__name="leader").order_by("pk").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )
        if leader is None:
            leader = User.objects.create_user(f"{prefix}_leader", password=None)
            leader.groups.add(Group.objects.get_or_create(name="leader")[0])

        # People -----------------------------------------------------------
        password = make_password("kongsi-bench-2026")
        users = _bulk(
            User,
            [
                User(username=f"{prefix}_m{i:05d}", password=password)
                for i in range(n_members)
            ],
        )
        n_mentors = max(1, n_members // 50)
        members = _bulk(
            Member,
            [
                Member(
                    user=user,
                    full_name=f"Anggota Skala {prefix} {i:05d}",
                    phone=f"+6280{run:03d}{i:07d}",
                    village="Desa Skala",
                    status=Member.Status.ACTIVE
                    if i < n_members * 0.7
                    else Member.Status.TRAINEE,
                    joined_on=(self.now - timedelta(days=400)).date(),
                )
                for i, user in enumerate(users)
            ],
        )
        groups = {g.name: g for g in Group.objects.all()}
        through = User.groups.through
        links = [through(user_id=u.pk, group_id=groups["member"].pk) for u in users]
        links += [
            through(user_id=u.pk, group_id=groups["mentor"].pk)
            for u in users[:n_mentors]
        ]
        _bulk(through, links)
        shops = _bulk(
            Shop,
            [
                Shop(
                    member=m,
                    marketplace=Marketplace.SHOPEE,
                    name=f"Toko {m.full_name}",
                )
                for m in members
            ],
        )
        mentors = members[:n_mentors]
        trainees = [m for m in members if m.status == Member.Status.TRAINEE]
        _bulk(
            Enrollment,
            [
                Enrollment(
                    trainee=m,
                    mentor=mentors[i % len(mentors)],
                    started_at=self.now - timedelta(days=30),
                )
                for i, m in enumerate(trainees)
            ],
        )
        t = self._step("people", t)

        # Catalog ----------------------------------------------------------
        category, _ = Category.objects.get_or_create(
            slug="skala", defaults={"name": "Barang skala"}
        )
        products = _bulk(
            Product,
            [
                Product(
                    name=f"Barang skala {prefix} {p}",
                    slug=f"{prefix}-barang-{p}",
                    description="Barang untuk uji skala.",
                    category=category,
                    weight_grams=250,
                )
                for p in range(20)
            ],
        )
        variants = _bulk(
            Variant,
            [
                Variant(
                    product=product,
                    sku=f"{prefix}-{product.pk}-{v}",
                    label=f"Ukuran {v + 1}",
                    base_price=10_000 + 2_500 * ((product.pk + v) % 9),
                    suggested_price=14_000 + 3_000 * ((product.pk + v) % 9),
                    stock=0,
                    weight_grams=250,
                )
                for product in products
                for v in range(3)
            ],
        )
        t = self._step("catalog", t)

        # Orders -------------------------------------------------------------
        policy = policy_in_force()
        statuses, weights = zip(*STATUS_MIX, strict=True)
        span = timedelta(days=365)
        first = self.now - span - timedelta(days=2)
        order_rows, line_specs = [], []
        shop_of = {m.pk: s for m, s in zip(members, shops, strict=True)}
        for i in range(n_orders):
            member = members[rng.randrange(n_members)]
            status = rng.choices(statuses, weights)[0]
            created = first + span * (i / max(n_orders, 1))
            lines = []
            for _ in range(rng.choice((2, 3, 3, 4))):
                variant = variants[rng.randrange(len(variants))]
                sale = variant.base_price + rng.randrange(0, 8) * 1_000
                lines.append((variant, rng.randint(1, 3), variant.base_price, sale))
            shipping, fee = rng.choice((0, 9_000, 12_000)), rng.randrange(0, 5) * 500
            money = order_money(
                lines=[LineMoney(q, b, s) for _, q, b, s in lines],
                shipping_fee=shipping,
                marketplace_fee=fee,
                policy=policy,
            )
            submitted = status not in (S.DRAFT, S.CANCELLED)
            order = Order(
                member=member,
                shop=shop_of[member.pk],
                marketplace_order_no=f"{prefix}-{i:07d}",
                recipient_name="Pembeli",
                recipient_phone="08120000000",
                recipient_address="Jl. Skala 1",
                courier="jne" if status in (S.SHIPPED, S.COMPLETED) else "",
                tracking_no=f"JNE{i:010d}"
                if status in (S.SHIPPED, S.COMPLETED)
                else "",
                shipping_fee=shipping,
                marketplace_fee=fee,
                status=status,
                charity_rate=policy.rate_percent if submitted else None,
                charity_minimum=policy.minimum_per_order if submitted else None,
                goods_total=money.goods_total,
                profit=money.profit,
                charity_share=money.charity_share,
                created_at=created,
                submitted_at=created + timedelta(minutes=5) if submitted else None,
                paid_at=created + timedelta(hours=6)
                if status in PAID_OR_LATER
                else None,
                packed_at=created + timedelta(hours=20)
                if status in (S.PACKED, S.SHIPPED, S.COMPLETED)
                else None,
                shipped_at=created + timedelta(days=1)
                if status in (S.SHIPPED, S.COMPLETED)
                else None,
                completed_at=created + timedelta(days=4)
                if status == S.COMPLETED
                else None,
                cancelled_at=created + timedelta(hours=1)
                if status == S.CANCELLED
                else None,
            )
            order_rows.append(order)
            line_specs.append(lines)
        orders = _bulk(Order, order_rows)
        line_rows = [
            OrderLine(
                order=order,
                variant=variant,
                quantity=q,
                unit_base_price=base,
                sale_price=sale,
            )
            for order, lines in zip(orders, line_specs, strict=True)
            for variant, q, base, sale in lines
        ]
        order_lines = _bulk(OrderLine, line_rows)
        t = self._step("orders", t)

        # Stock: one restock per variant, then each live order's reservation.
        live = {S.SUBMITTED, *PAID_OR_LATER}
        held: dict[int, int] = defaultdict(int)
        for order, lines in zip(orders, line_specs, strict=True):
            if order.status in live:
                for variant, q, _, _ in lines:
                    held[variant.pk] += q
        stock = {v.pk: held[v.pk] + 1_000 for v in variants}
        movements = [
            StockMovement(
                variant=v,
                kind=StockMovement.Kind.RESTOCK,
                quantity=stock[v.pk],
                stock_after=stock[v.pk],
                actor=leader,
                reason="seed_scale",
                reference="seed_scale",
                created_at=first - timedelta(days=1),
            )
            for v in variants
        ]
        for order, lines in zip(orders, line_specs, strict=True):
            if order.status not in live:
                continue
            for variant, q, _, _ in lines:
                stock[variant.pk] -= q
                movements.append(
                    StockMovement(
                        variant=variant,
                        kind=StockMovement.Kind.RESERVATION,
                        quantity=-q,
                        stock_after=stock[variant.pk],
                        actor=None,
                        reason="",
                        reference=f"order:{order.pk}",
                        created_at=order.submitted_at,
                    )
                )
        _bulk(StockMovement, movements)
        for v in variants:
            v.stock = stock[v.pk]
        Variant.objects.bulk_update(variants, ["stock"], batch_size=BATCH)
        t = self._step("stock", t)

        # Settlements: a member's paid-or-later orders in groups of ~5.
        by_member: dict[int, list[Order]] = defaultdict(list)
        for order in orders:
            if order.status in PAID_OR_LATER:
                by_member[order.member_id].append(order)
        groups_of_orders = []
        for member_orders in by_member.values():
            for k in range(0, len(member_orders), 5):
                groups_of_orders.append(member_orders[k : k + 5])
        settlement_rows = []
        for group in groups_of_orders:
            goods = sum(o.goods_total for o in group)
            share = sum(o.charity_share for o in group)
            code = rng.randint(1, 999)
            settlement_rows.append(
                Settlement(
                    member_id=group[0].member_id,
                    goods_total=goods,
                    charity_share=share,
                    credit_applied=0,
                    unique_code=code,
                    amount_due=goods + share + code,
                    status=Settlement.Status.CONFIRMED,
                    created_by=leader,
                    created_at=group[-1].submitted_at + timedelta(minutes=30),
                    confirmed_at=group[-1].paid_at,
                    confirmed_by=leader,
                    confirmed_via=Settlement.Via.MANUAL,
                )
            )
        settlements = _bulk(Settlement, settlement_rows)
        _bulk(
            SettlementOrder,
            [
                SettlementOrder(settlement=s, order=o, is_active=True)
                for s, group in zip(settlements, groups_of_orders, strict=True)
                for o in group
            ],
        )
        fund_rows = []
        for s in settlements:
            reference = f"settlement:{s.pk}"
            for kind, amount in (
                (FundEntry.Kind.CONTRIBUTION, s.charity_share),
                (FundEntry.Kind.UNIQUE_CODE, s.unique_code),
            ):
                if amount:
                    fund_rows.append(
                        FundEntry(
                            amount=amount,
                            kind=kind,
                            reference=reference,
                            idempotency_key=f"{reference}:{kind}",
                            member_id=s.member_id,
                            actor=leader,
                            created_at=s.confirmed_at,
                        )
                    )
        _bulk(FundEntry, fund_rows)
        total = FundEntry.objects.aggregate(t=Sum("amount"))["t"] or 0
        FundBalance.objects.update_or_create(pk=1, defaults={"balance": total})
        t = self._step("settlements+fund", t)

        # Half of the confirmed settlements were matched by a bank statement.
        statement = BankStatement.objects.create(
            original_name=f"{prefix}-mutasi.csv",
            format=BankStatement.Format.GENERIC,
            sha256=f"{prefix}".ljust(64, "0")[:64],
            status=BankStatement.Status.DONE,
            uploaded_by=leader,
            finished_at=self.now,
        )
        matched = settlements[::2]
        bank_lines = [
            BankStatementLine(
                statement=statement,
                line_no=n + 1,
                date=s.confirmed_at.date(),
                description=f"TRSF E-BANKING CR {s.member_id}",
                amount=s.amount_due,
                direction=BankStatementLine.Direction.CREDIT,
                raw=f"{s.confirmed_at:%Y-%m-%d},TRSF,{s.amount_due},CR",
                fingerprint=f"{prefix}:{s.pk}",
                match_status=BankStatementLine.Match.MATCHED,
                settlement=s,
                matched_by=leader,
                matched_at=s.confirmed_at,
            )
            for n, s in enumerate(matched)
        ]
        _bulk(BankStatementLine, bank_lines)
        Settlement.objects.filter(pk__in=[s.pk for s in matched]).update(
            confirmed_via=Settlement.Via.STATEMENT
        )
        n_lines = len(bank_lines)
        BankStatement.objects.filter(pk=statement.pk).update(
            total_lines=n_lines,
            processed_lines=n_lines,
            new_lines=n_lines,
            credit_lines=n_lines,
            matched_lines=n_lines,
        )
        t = self._step("bank statement", t)

        # Returns: ~1 % of completed orders send one item back for credit.
        completed_lines = [
            line for line in order_lines if line.order.status == S.COMPLETED
        ]
        returned = rng.sample(completed_lines, len(completed_lines) // 100)
        requests = _bulk(
            ReturnRequest,
            [
                ReturnRequest(
                    member_id=line.order.member_id,
                    order_line=line,
                    quantity=1,
                    reason=ReturnRequest.Reason.DEFECTIVE,
                    status=ReturnRequest.Status.REQUESTED,
                    created_at=line.order.completed_at + timedelta(days=1),
                )
                for line in returned
            ],
        )
        balances: dict[int, int] = defaultdict(int)
        entries = []
        for request, line in zip(requests, returned, strict=True):
            balances[request.member_id] += line.unit_base_price
            entries.append(
                CreditEntry(
                    member_id=request.member_id,
                    amount=line.unit_base_price,
                    kind=CreditEntry.Kind.RETURN_CREDIT,
                    reference=f"return:{request.pk}",
                    idempotency_key=request.credit_key,
                    balance_after=balances[request.member_id],
                    actor=leader,
                    created_at=request.created_at + timedelta(days=1),
                )
            )
        entries = _bulk(CreditEntry, entries)
        for request, entry in zip(requests, entries, strict=True):
            request.status = ReturnRequest.Status.CREDITED
            request.credit_entry = entry
            request.credit_amount = entry.amount
            request.decided_by = leader
            request.decided_at = entry.created_at
        ReturnRequest.objects.bulk_update(
            requests,
            ["status", "credit_entry", "credit_amount", "decided_by", "decided_at"],
            batch_size=BATCH,
        )
        _bulk(
            CreditBalance,
            [
                CreditBalance(member_id=member_id, balance=balance)
                for member_id, balance in balances.items()
            ],
        )
        self._step("returns+credit", t)
        return {
            "members": len(members),
            "orders": len(orders),
            "order lines": len(order_lines),
            "stock movements": len(movements),
            "settlements": len(settlements),
            "fund entries": len(fund_rows),
            "bank lines": n_lines,
            "returns": len(requests),
            "enrollments": len(trainees),
        }
