"""Hand-computed worlds for the impact report tests."""

import datetime

from charity.models import Disbursement
from insights.models import MinimumWage
from ledger.models import FundEntry
from orders.models import Order
from tests.catalog.factories import VariantFactory
from tests.charity.factories import fund_with
from tests.factories import MemberFactory, ShopFactory, make_staff
from tests.insights.factories import jakarta, make_sale


def sale(member, when, *, income=None, gross=None, status=Order.Status.PAID, **extra):
    """A sold order with exactly ``income`` = profit − charity share (and gross)."""
    shop = member.shops.first() or ShopFactory(member=member)
    variant = VariantFactory(base_price=1000)
    order = make_sale(
        member=member,
        shop=shop,
        lines=[(variant, 1, gross if gross is not None else 2000)],
        submitted_at=when,
        status=status,
        **extra,
    )
    if income is not None:
        # profit − charity = income, with a charity share of 1 000.
        Order.objects.filter(pk=order.pk).update(
            profit=income + 1000, charity_share=1000
        )
    return order


def income_world() -> dict:
    """UMK Sumenep 2025 = 1 800 000, 2026 = 2 000 000; window ends January 2026.

    January 2026: A earns 2 000 000 (exactly 100 %), B 999 999 (just under
    50 %), C 500 000 (exactly 25 %). December 2025: A earns 900 000 (50 % of
    1 800 000).
    Over the window (A joined Dec 2025, B Jan 2026, C in 2024):
      A 2 900 000 / 3 800 000 = 76 % → ≥ 25 and ≥ 50;
      B 999 999 / 2 000 000 = 49 % → ≥ 25;
      C 500 000 / (11 × 1 800 000 + 2 000 000) = 2 % → none.
    """
    MinimumWage.objects.create(kabupaten="Sumenep", year=2025, amount=1_800_000)
    MinimumWage.objects.create(kabupaten="Sumenep", year=2026, amount=2_000_000)
    MinimumWage.objects.create(kabupaten="Bangkalan", year=2026, amount=9_000_000)
    a = MemberFactory(full_name="Ani", joined_on=datetime.date(2025, 12, 10))
    b = MemberFactory(full_name="Budi", joined_on=datetime.date(2026, 1, 5))
    c = MemberFactory(full_name="Citra", joined_on=datetime.date(2024, 1, 1))
    sale(a, jakarta(2026, 1, 10, 9, 0), income=1_500_000)
    # 23:30 WIB on 31 January is still January.
    sale(a, jakarta(2026, 1, 31, 23, 30), income=500_000)
    sale(a, jakarta(2025, 12, 3, 9, 0), income=900_000)
    sale(b, jakarta(2026, 1, 20, 9, 0), income=999_999)
    sale(c, jakarta(2026, 1, 21, 9, 0), income=500_000)
    # Never counted: cancelled, and 00:30 WIB on 1 February.
    cancelled = sale(c, jakarta(2026, 1, 22, 9, 0), income=9_000_000)
    Order.objects.filter(pk=cancelled.pk).update(status=Order.Status.CANCELLED)
    sale(b, jakarta(2026, 2, 1, 0, 30), income=5_000_000)
    return {"a": a, "b": b, "c": c}


def reach_world() -> dict:
    """Two programs, four paid disbursements, one proposed (not counted).

    Santunan (after Ramadan, plan 3 families × 100 000): family F1 (4 people)
    helped twice in 2026 (counted once), F2 (2 people) once → 2 families, 6
    people, cash 150 000 + goods 120 000. Masjid: one place, goods 500 000.
    """
    from tests.charity.factories import BeneficiaryFactory, ProgramFactory

    leader = make_staff("leader")
    treasurer = make_staff("treasurer")
    fund_with(10_000_000)
    santunan = ProgramFactory(
        name="Santunan keluarga",
        schedule_note="Setelah Ramadan",
        scheduled_for=datetime.date(2026, 4, 20),
        budget=0,
        planned_units=3,
        amount_per_unit=100_000,
    )
    masjid = ProgramFactory(
        name="Renovasi masjid",
        kind="place_of_worship",
        scheduled_for=datetime.date(2026, 8, 1),
        budget=1_000_000,
    )
    f1 = BeneficiaryFactory(name="Ibu Rahasia Satu", household_size=4)
    f2 = BeneficiaryFactory(name="Ibu Rahasia Dua", household_size=2)
    place = BeneficiaryFactory(
        name="Masjid Al-Ikhlas", category="place_of_worship", household_size=1
    )
    paid_at = jakarta(2026, 4, 21, 10, 0)

    def paid(program, beneficiary, cash, goods):
        entry = FundEntry.objects.create(
            amount=-(cash + goods),
            kind=FundEntry.Kind.DISBURSEMENT,
            idempotency_key=f"t:{program.pk}:{beneficiary.pk}:{cash}:{goods}",
        )
        return Disbursement.objects.create(
            program=program,
            beneficiary=beneficiary,
            cash_amount=cash,
            in_kind_value=goods,
            status=Disbursement.Status.PAID,
            proposed_by=leader,
            approved_by=treasurer,
            paid_by=treasurer,
            paid_at=paid_at,
            fund_entry=entry,
        )

    paid(santunan, f1, 50_000, 60_000)
    paid(santunan, f1, 50_000, 0)
    paid(santunan, f2, 50_000, 60_000)
    paid(masjid, place, 0, 500_000)
    Disbursement.objects.create(
        program=santunan,
        beneficiary=f2,
        cash_amount=999_000,
        proposed_by=leader,
    )
    return {"santunan": santunan, "masjid": masjid, "names": [f1.name, f2.name]}
