"""One small community with objects owned by member A, built through the real
services, for the access matrix and the phone/language check.

People: member A (a trainee of "mentor of A"), member B (with objects of their
own), the mentor of A, another mentor, the treasurer and the leader.
"""

import datetime
import importlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from tests.helpers import mark_paid

ROLES = ("anon", "a", "b", "mentor_a", "mentor_x", "treasurer", "leader")
STATEMENT = (
    Path(__file__).resolve().parent.parent / "settlements/data/generic-2026-11.csv"
)


def photo(name: str = "foto.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 120, 200)).save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def ensure_reference_data() -> None:
    """Groups, training stages, the default charity policy: rows that data
    migrations create and a transactional test elsewhere may have flushed."""
    from community.roles import ALL_ROLES
    from training.models import Stage

    for role in ALL_ROLES:
        Group.objects.get_or_create(name=role)
    if not Stage.objects.exists():
        seed = importlib.import_module(
            "training.migrations.0002_seed_stages_and_glossary"
        )
        seed.seed(apps, None)
    from ledger.models import CharityPolicy

    if not CharityPolicy.objects.exists():
        CharityPolicy.objects.create(effective_from=datetime.date(2020, 1, 1))


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role → User (None for anon)
    members: dict = field(default_factory=dict)  # role → Member
    ids: dict = field(default_factory=dict)  # object key → pk / slug
    b_ids: dict = field(default_factory=dict)  # member B's own objects


def build_world() -> World:
    from catalog.models import Product
    from charity.models import Program
    from charity.services import (
        beneficiary_create,
        disbursement_propose,
        program_create,
    )
    from orders.services import (
        order_attach_label,
        order_pack,
        order_ship,
    )
    from returns.services import return_request_create
    from settlements.reconciliation import statement_import
    from settlements.services import settlement_upload_proof
    from tests.charity.factories import fund_with
    from tests.factories import MemberFactory, ShopFactory, make_staff
    from tests.orders.factories import make_order
    from tests.returns.factories import stocked_variant
    from training.models import ChecklistItem, ItemCheck, Stage
    from training.services import enrollment_create, item_check, promo_slot_create

    ensure_reference_data()
    world = World()
    leader = make_staff("leader")
    treasurer = make_staff("treasurer")
    mentor_a = MemberFactory(roles=["member", "mentor"], full_name="Mentor Ali")
    mentor_x = MemberFactory(roles=["member", "mentor"], full_name="Mentor Lain")
    a = MemberFactory(full_name="Anggota Satu", mentor=mentor_a)
    b = MemberFactory(full_name="Anggota Dua")
    world.members = {
        "a": a,
        "b": b,
        "mentor_a": mentor_a,
        "mentor_x": mentor_x,
        "treasurer": treasurer.member,
        "leader": leader.member,
    }
    world.users = {"anon": None} | {k: m.user for k, m in world.members.items()}

    shop = ShopFactory(member=a, name="Toko Satu")
    variant = stocked_variant(stock=100)
    product = variant.product
    ids = world.ids
    ids.update(
        member=a.pk,
        shop=shop.pk,
        product=product.pk,
        slug=product.slug,
        variant=variant.pk,
        category=product.category_id,
        year=timezone.localdate().year,
        impact_table="economy",
    )

    def order(**kwargs):
        return make_order(member=a, shop=shop, lines=[(variant, 2, 30_000)], **kwargs)

    ids["order_draft"] = order(draft=True).pk
    submitted = order()
    ids["order_submitted"] = submitted.pk
    order_attach_label(
        order=submitted,
        label=SimpleUploadedFile(
            "label.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
        ),
        actor=a.user,
    )
    ids["label_path"] = type(submitted).objects.get(pk=submitted.pk).label.name
    paid = order()
    mark_paid(paid, actor=None, settlement_id=0)
    ids["order_paid"] = paid.pk
    packed = order()
    mark_paid(packed, actor=None, settlement_id=0)
    order_pack(order=packed, actor=leader)
    ids["order_packed"] = packed.pk
    shipped = order()
    mark_paid(shipped, actor=None, settlement_id=0)
    order_pack(order=shipped, actor=leader)
    order_ship(order=shipped, actor=leader, tracking_no="JNE0001234")
    ids["order_shipped"] = shipped.pk
    ids["order"] = submitted.pk

    from settlements.services import settlement_create

    to_settle = order()
    settlement = settlement_create(member=a, orders=[to_settle], actor=a.user)
    proof = settlement_upload_proof(
        settlement=settlement,
        actor=a.user,
        image=photo("bukti.jpg"),
        bank="BCA",
        sender_name="Anggota Satu",
        amount=settlement.amount_due,
        transferred_at=timezone.now(),
    )
    ids["settlement"] = settlement.pk
    ids["proof"] = proof.pk
    # A second, open settlement (awaiting transfer) for cancel/proof actions.
    open_one = settlement_create(member=a, orders=[order()], actor=a.user)
    ids["settlement_open"] = open_one.pk

    with STATEMENT.open("rb") as handle:
        statement = statement_import(
            file=SimpleUploadedFile("mutasi.csv", handle.read()),
            format="generic",
            actor=treasurer,
        )
    ids["statement"] = statement.pk
    ids["statement_line"] = statement.lines.filter(settlement=None).first().pk

    line = paid.lines.get()
    ids["line_paid"] = line.pk
    ret = return_request_create(
        member=a,
        actor=a.user,
        order_line_id=line.pk,
        quantity=1,
        reason="defective",
        note="Jahitan lepas",
        photos=[photo("rusak.jpg")],
    )
    ids["return"] = ret.pk
    ids["return_photo"] = ret.photos.first().pk

    enrollment = enrollment_create(trainee=a, mentor=mentor_a)
    ids["enrollment"] = enrollment.pk
    first_stage = Stage.objects.order_by("position").first()
    manual = list(
        ChecklistItem.objects.filter(stage=first_stage, auto=False).order_by("position")
    )
    check = item_check(
        enrollment=enrollment,
        item=manual[0],
        actor=mentor_a.user,
        note="Sudah bisa",
        evidence=photo("bukti-latihan.jpg"),
    )
    ids["check"] = check.pk
    ids["item_ticked"] = manual[0].pk
    ids["item_open"] = manual[1].pk
    ids["stage"] = first_stage.pk
    assert ItemCheck.objects.filter(pk=check.pk).exists()

    now = timezone.now()
    slot = promo_slot_create(
        member=a,
        shop=shop,
        kind="promo",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=2),
        products="Kopi Madura",
        discount_percent=10,
    )
    ids["promo"] = slot.pk

    fund_with(5_000_000)
    program = program_create(
        actor=leader,
        name="Sembako Ramadan",
        kind=Program.Kind.FAMILY_AID,
        budget=1_000_000,
    )
    beneficiary = beneficiary_create(
        actor=leader, name="Ibu Rahasia", category="poor_family", household_size=4
    )
    disbursement = disbursement_propose(
        actor=treasurer, program=program, beneficiary=beneficiary, cash_amount=100_000
    )
    ids.update(
        program=program.pk, beneficiary=beneficiary.pk, disbursement=disbursement.pk
    )

    # Member A's marketplace import (pending) and a stock-out notice.
    from imports.models import ImportBatch, StockOutNotice

    batch = ImportBatch(member=a, shop=shop, layout="Shopee (pesanan)")
    sample = Path(__file__).resolve().parent.parent / "imports" / "samples"
    batch.file.save(
        "Order.all.xlsx",
        SimpleUploadedFile(
            "Order.all.xlsx",
            (sample / "Order.all.20261101_20261130.xlsx").read_bytes(),
        ),
    )
    ids["import_batch"] = batch.pk
    ids["stockout_notice"] = StockOutNotice.objects.create(
        member=a, variant=variant, reason="out_of_stock", key="k", whatsapp_text="t"
    ).pk

    # Member B's own objects: they must appear in B's lists, never in A's.
    b_shop = ShopFactory(member=b, name="Toko Dua")
    b_order = make_order(member=b, shop=b_shop, lines=[(variant, 1, 30_000)])
    world.b_ids.update(shop=b_shop.pk, order=b_order.pk)
    assert Product.objects.filter(pk=product.pk).exists()
    return world
