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
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from catalog.models import Category, Product, StockMovement, Variant
from community.models import Marketplace, Member, Shop
from ledger.models import CreditBalance, CreditEntry, FundBalance, FundEntry
from ledger.policy import policy_in_force
from orders.models import Order, OrderLine
from orders.money import LineMoney, order_money
from returns.models import ReturnRequest
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
        if connection.vendor == "postgresql" and connection.get_autocommit():
            # Fresh statistics and a visibility map, as autovacuum would soon
            # give a real server (index-only scans need the map).
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        elif connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
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
        rate, minimum = policy.rate_percent, policy.minimum_per_order
        statuses, weights = zip(*STATUS_MIX, strict=True)
        span = timedelta(days=365)
        first = self.now - span - timedelta(days=2)
        shop_of = {m.pk: s.pk for m, s in zip(members, shops, strict=True)}
        member_ids = [m.pk for m in members]
        prices = [(v.pk, v.base_price) for v in variants]
        order_ids = _reserve_ids(Order, n_orders)
        line_ids = iter(_reserve_ids(OrderLine, n_orders * 4))
        order_columns = [
            "id", "member_id", "shop_id", "marketplace_order_no", "recipient_name",
            "recipient_phone", "recipient_address", "courier", "tracking_no",
            "shipping_fee", "marketplace_fee", "label", "status", "charity_rate",
            "charity_minimum", "goods_total", "profit", "charity_share",
            "created_at", "submitted_at", "paid_at", "packed_at", "shipped_at",
            "completed_at", "cancelled_at",
        ]  # fmt: skip
        order_rows, line_rows = [], []
        # (order id, member id, status, goods, share, submitted, paid, completed)
        self.orders: list[tuple] = []
        order_lines: dict[int, list[tuple]] = {}
        done = {S.SHIPPED, S.COMPLETED}
        for i, order_id in enumerate(order_ids):
            member_id = member_ids[rng.randrange(n_members)]
            status = rng.choices(statuses, weights)[0]
            created = first + span * (i / max(n_orders, 1))
            lines = []
            for _ in range(rng.choice((2, 3, 3, 4))):
                variant_id, base = prices[rng.randrange(len(prices))]
                sale = base + rng.randrange(0, 8) * 1_000
                lines.append(
                    (next(line_ids), variant_id, rng.randint(1, 3), base, sale)
                )
            shipping, fee = rng.choice((0, 9_000, 12_000)), rng.randrange(0, 5) * 500
            money = order_money(
                lines=[LineMoney(q, b, s) for _, _, q, b, s in lines],
                shipping_fee=shipping,
                marketplace_fee=fee,
                policy=policy,
            )
            submitted = status not in (S.DRAFT, S.CANCELLED)
            at = {
                "submitted": created + timedelta(minutes=5) if submitted else None,
                "paid": created + timedelta(hours=6)
                if status in PAID_OR_LATER
                else None,
                "packed": created + timedelta(hours=20)
                if status in (S.PACKED, *done)
                else None,
                "shipped": created + timedelta(days=1) if status in done else None,
                "completed": created + timedelta(days=4)
                if status == S.COMPLETED
                else None,
                "cancelled": created + timedelta(hours=1)
                if status == S.CANCELLED
                else None,
            }
            order_rows.append(
                (
                    order_id, member_id, shop_of[member_id], f"{prefix}-{i:07d}",
                    "Pembeli", "08120000000", "Jl. Skala 1",
                    "jne" if status in done else "",
                    f"JNS{order_id:010d}" if status in done else "",  # one resi each
                    shipping, fee, "", str(status),
                    rate if submitted else None, minimum if submitted else None,
                    money.goods_total, money.profit, money.charity_share, created,
                    at["submitted"], at["paid"], at["packed"], at["shipped"],
                    at["completed"], at["cancelled"],
                )
            )  # fmt: skip
            line_rows.extend(
                (lid, order_id, vid, q, b, s) for lid, vid, q, b, s in lines
            )
            order_lines[order_id] = lines
            self.orders.append(
                (
                    order_id, member_id, status, money.goods_total,
                    money.charity_share, at["submitted"], at["paid"], at["completed"],
                )
            )  # fmt: skip
        _insert(Order, order_columns, order_rows)
        _insert(
            OrderLine,
            [
                "id",
                "order_id",
                "variant_id",
                "quantity",
                "unit_base_price",
                "sale_price",
            ],
            line_rows,
        )
        del order_rows
        t = self._step("orders", t)

        # Stock: one restock per variant, then each live order's reservation.
        live = {S.SUBMITTED, *PAID_OR_LATER}
        held: dict[int, int] = defaultdict(int)
        for order_id, _m, status, *_rest in self.orders:
            if status in live:
                for _lid, variant_id, q, _b, _s in order_lines[order_id]:
                    held[variant_id] += q
        stock = {v.pk: held[v.pk] + 1_000 for v in variants}
        restocked = first - timedelta(days=1)
        movements = [
            (v.pk, "restock", stock[v.pk], stock[v.pk], leader.pk, "seed_scale",
             "seed_scale", restocked)
            for v in variants
        ]  # fmt: skip
        for order_id, _m, status, _g, _c, submitted_at, *_rest in self.orders:
            if status not in live:
                continue
            for _lid, variant_id, q, _b, _s in order_lines[order_id]:
                stock[variant_id] -= q
                movements.append(
                    (variant_id, "reservation", -q, stock[variant_id], None, "",
                     f"order:{order_id}", submitted_at)
                )  # fmt: skip
        ids = _reserve_ids(StockMovement, len(movements))
        _insert(
            StockMovement,
            ["id", "variant_id", "kind", "quantity", "stock_after", "actor_id",
             "reason", "reference", "created_at"],
            [(pk, *row) for pk, row in zip(ids, movements, strict=True)],
        )  # fmt: skip
        for v in variants:
            v.stock = stock[v.pk]
        Variant.objects.bulk_update(variants, ["stock"], batch_size=BATCH)
        t = self._step("stock", t)

        # Settlements: a member's paid-or-later orders in groups of ~5.
        by_member: dict[int, list[tuple]] = defaultdict(list)
        for row in self.orders:
            if row[2] in PAID_OR_LATER:
                by_member[row[1]].append(row)
        groups_of_orders = [
            member_orders[k : k + 5]
            for member_orders in by_member.values()
            for k in range(0, len(member_orders), 5)
        ]
        settlement_ids = _reserve_ids(Settlement, len(groups_of_orders))
        settlement_rows, link_rows, fund_rows, matched = [], [], [], []
        link_ids = iter(_reserve_ids(SettlementOrder, n_orders))
        for settlement_id, group in zip(settlement_ids, groups_of_orders, strict=True):
            goods = sum(o[3] for o in group)
            share = sum(o[4] for o in group)
            code = rng.randint(1, 999)
            member_id = group[0][1]
            confirmed_at = group[-1][6]
            via = Settlement.Via.MANUAL
            if settlement_id % 2 == 0:
                via = Settlement.Via.STATEMENT
                matched.append(
                    (settlement_id, member_id, goods + share + code, confirmed_at)
                )
            settlement_rows.append(
                (settlement_id, member_id, goods, share, 0, code, goods + share + code,
                 "confirmed", leader.pk, group[-1][5] + timedelta(minutes=30),
                 confirmed_at, leader.pk, str(via), "")
            )  # fmt: skip
            link_rows.extend((next(link_ids), settlement_id, o[0], True) for o in group)
            reference = f"settlement:{settlement_id}"
            for kind, amount in (("contribution", share), ("unique_code", code)):
                if amount:
                    fund_rows.append(
                        (amount, kind, reference, f"{reference}:{kind}", member_id,
                         leader.pk, "", confirmed_at)
                    )  # fmt: skip
        _insert(
            Settlement,
            ["id", "member_id", "goods_total", "charity_share", "credit_applied",
             "unique_code", "amount_due", "status", "created_by_id", "created_at",
             "confirmed_at", "confirmed_by_id", "confirmed_via", "reject_reason"],
            settlement_rows,
        )  # fmt: skip
        _insert(
            SettlementOrder, ["id", "settlement_id", "order_id", "is_active"], link_rows
        )
        ids = _reserve_ids(FundEntry, len(fund_rows))
        _insert(
            FundEntry,
            ["id", "amount", "kind", "reference", "idempotency_key", "member_id",
             "actor_id", "memo", "created_at"],
            [(pk, *row) for pk, row in zip(ids, fund_rows, strict=True)],
        )  # fmt: skip
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
        ids = _reserve_ids(BankStatementLine, len(matched))
        _insert(
            BankStatementLine,
            ["id", "statement_id", "line_no", "date", "description", "amount",
             "direction", "raw", "fingerprint", "match_status", "settlement_id",
             "matched_by_id", "matched_at"],
            [
                (pk, statement.pk, n + 1, timezone.localdate(at),
                 f"TRSF E-BANKING CR {member_id}", amount, "credit",
                 f"{at:%Y-%m-%d},TRSF,{amount},CR", f"{prefix}:{settlement_id}",
                 "matched", settlement_id, leader.pk, at)
                for n, (pk, (settlement_id, member_id, amount, at)) in enumerate(
                    zip(ids, matched, strict=True)
                )
            ],
        )  # fmt: skip
        n_lines = len(matched)
        BankStatement.objects.filter(pk=statement.pk).update(
            total_lines=n_lines,
            processed_lines=n_lines,
            new_lines=n_lines,
            credit_lines=n_lines,
            matched_lines=n_lines,
        )
        t = self._step("bank statement", t)

        # Returns: ~1 % of completed orders send one item back for credit.
        completed = [o for o in self.orders if o[2] == S.COMPLETED]
        returned = rng.sample(completed, len(completed) // 100)
        request_ids = _reserve_ids(ReturnRequest, len(returned))
        entry_ids = _reserve_ids(CreditEntry, len(returned))
        balances: dict[int, int] = defaultdict(int)
        entries, requests = [], []
        for request_id, entry_id, order in zip(
            request_ids, entry_ids, returned, strict=True
        ):
            line_id, _v, _q, base, _s = order_lines[order[0]][0]
            member_id, asked = order[1], order[7] + timedelta(days=1)
            balances[member_id] += base
            entries.append(
                (entry_id, member_id, base, "return_credit", f"return:{request_id}",
                 f"return:{request_id}:credit", balances[member_id], leader.pk, "",
                 asked + timedelta(days=1))
            )  # fmt: skip
            requests.append(
                (request_id, member_id, line_id, 1, "defective", "", "credited",
                 False, base, entry_id, leader.pk, asked + timedelta(days=1), "",
                 asked)
            )  # fmt: skip
        _insert(
            CreditEntry,
            ["id", "member_id", "amount", "kind", "reference", "idempotency_key",
             "balance_after", "actor_id", "memo", "created_at"],
            entries,
        )  # fmt: skip
        _insert(
            ReturnRequest,
            ["id", "member_id", "order_line_id", "quantity", "reason", "note",
             "status", "restocked", "credit_amount", "credit_entry_id",
             "decided_by_id", "decided_at", "decision_reason", "created_at"],
            requests,
        )  # fmt: skip
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
            "orders": n_orders,
            "order lines": len(line_rows),
            "stock movements": len(movements),
            "settlements": len(settlement_rows),
            "fund entries": len(fund_rows),
            "bank lines": n_lines,
            "returns": len(requests),
            "enrollments": len(trainees),
        }


def _reserve_ids(model, n: int) -> list[int]:
    """Take ``n`` primary keys for rows inserted with explicit ids."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'),"
                " nextval(pg_get_serial_sequence(%s, 'id')) + %s) - %s",
                [table, table, max(n, 1) - 1, max(n, 1) - 1],
            )
            start = cursor.fetchone()[0]
        else:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')  # noqa: S608
            start = cursor.fetchone()[0]
    return list(range(start, start + n))


def _insert(model, columns: list[str], rows: list[tuple]) -> None:
    """COPY on PostgreSQL (psycopg 3), batched executemany elsewhere."""
    if not rows:
        return
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
            return
        fields = [model._meta.get_field(c.removesuffix("_id")) if c != "id" else
                  model._meta.pk for c in columns]  # fmt: skip
        prepared = [
            tuple(
                f.get_db_prep_value(v, connection) if v is not None else None
                for f, v in zip(fields, row, strict=True)
            )
            for row in rows
        ]
        marks = ", ".join(["%s"] * len(columns))
        for start in range(0, len(prepared), BATCH):
            cursor.executemany(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})',  # noqa: S608
                prepared[start : start + BATCH],
            )
