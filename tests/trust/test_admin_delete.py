"""Every model in the admin, deleted by a superuser: once from its delete page
and once with the "delete selected" action.

Each registered model needs a row in ``EXPECTED``: ``kept`` gives a row that
must survive both (it has history: role groups, a bank account on a statement,
an enrolment with checks, money rows …), ``free`` makes a standalone row that
may be deleted, or None when no row of the model may ever be deleted. A model
added to the admin without a row fails the test, so the table keeps up.
"""

import itertools

import pytest
from django.contrib import admin
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from tests.trust.world import build_world

pytestmark = pytest.mark.django_db

User = get_user_model()
_numbers = itertools.count(1)


def _model(label):
    from django.apps import apps

    return apps.get_model(label)


def _first(label, **filters):
    return _model(label).objects.filter(**filters).order_by("pk").first()


def _bank_account_on_a_statement(world):
    from settlements.models import BankAccount, BankStatement

    BankStatement.objects.filter(pk=world.ids["statement"]).update(
        account="0123-456-789"
    )
    return BankAccount.objects.create(
        bank="BRI", account_number="0123456789", holder_name="Kongsi"
    )


def _credit(label):
    def make(world):
        from ledger.credit import credit_post

        if not _model("ledger.CreditEntry").objects.exists():
            credit_post(
                member=world.members["b"],
                amount=5_000,
                kind="return_credit",
                reference="return:uji",
                idempotency_key="admin-delete-credit",
            )
        return _first(label)

    return make


def _free_bank_account():
    from settlements.models import BankAccount

    return BankAccount.objects.create(
        bank="BCA", account_number=f"9{next(_numbers):09d}", holder_name="Baru"
    )


def _free_enrollment():
    from tests.factories import MemberFactory
    from training.models import Enrollment

    return Enrollment.objects.create(trainee=MemberFactory())


def _free_checklist_item():
    from training.models import ChecklistItem, Stage

    number = next(_numbers)
    stage = Stage.objects.create(
        position=900 + number, code=f"uji-{number}", title="Uji"
    )
    return ChecklistItem.objects.create(
        stage=stage, position=1, code=f"butir-uji-{number}", title="Uji"
    )


def _free_stage():
    from training.models import Stage

    number = next(_numbers)
    return Stage.objects.create(
        position=800 + number, code=f"kosong-{number}", title="Tahap kosong"
    )


def _free_competitor_price(world):
    from tests.catalog.factories import CategoryFactory
    from training.models import CompetitorPrice

    return CompetitorPrice.objects.create(
        member=world.members["b"],
        category=CategoryFactory(),
        marketplace="shopee",
        product_name="Kopi",
        price=10_000,
    )


def _free_token():
    from rest_framework.authtoken.models import Token, TokenProxy

    token = Token.objects.create(user=User.objects.create_user(f"t{next(_numbers)}"))
    return TokenProxy.objects.get(pk=token.pk)


def _axes(label):
    def make(_world):
        model = _model(label)
        fields = {"username": f"u{next(_numbers)}", "ip_address": "10.0.0.1"}
        if label == "axes.AccessAttempt":
            fields.update(failures_since_start=3, attempt_time=timezone.now())
        if label == "axes.AccessFailureLog":
            fields.update(attempt_time=timezone.now())
        if label == "axes.AccessLog":
            fields.update(attempt_time=timezone.now())
        return model.objects.create(**fields)

    return make


def _import_row(label):
    """A row of the marketplace-import records (read-only in admin)."""

    def make(world):
        from catalog.models import Variant
        from community.models import Shop
        from imports.models import (
            FeeDifference,
            ImportBatch,
            SkuMapping,
            StockOutNotice,
        )
        from orders.models import Order

        member = world.members["a"]
        shop = Shop.objects.filter(member=member).order_by("pk").first()
        variant = Variant.objects.order_by("pk").first()
        batch = ImportBatch.objects.create(member=member, shop=shop)
        if label == "imports.ImportBatch":
            return batch
        if label == "imports.SkuMapping":
            return SkuMapping.objects.create(
                member=member,
                marketplace_sku=f"SKU-UJI-{next(_numbers)}",
                variant=variant,
            )
        if label == "imports.FeeDifference":
            return FeeDifference.objects.create(
                order=Order.objects.order_by("pk").first(),
                batch=batch,
                recorded_fee=0,
                marketplace_fee=1_000,
            )
        return StockOutNotice.objects.create(
            member=member,
            variant=variant,
            reason="out_of_stock",
            key=f"uji-{next(_numbers)}",
            whatsapp_text="Stok habis",
        )

    return make


EXPECTED = {
    # A courier's tracking page may be removed: the general link takes over.
    "orders.TrackingLink": (
        None,
        lambda w: (
            _model("orders.TrackingLink")
            .objects.exclude(courier="")
            .order_by("pk")
            .first()
        ),
    ),
    # Import records are history of what a file did: read-only in admin.
    **{
        label: (_import_row(label), None)
        for label in (
            "imports.ImportBatch",
            "imports.SkuMapping",
            "imports.FeeDifference",
            "imports.StockOutNotice",
        )
    },
    # Report settings: a wrong UMK figure may be removed; the one settings row
    # is edited, never deleted.
    "insights.MinimumWage": (
        None,
        lambda w: _model("insights.MinimumWage").objects.create(
            kabupaten="Sumenep", year=2000 + next(_numbers) % 50, amount=2_400_000
        ),
    ),
    "insights.ImpactSettings": (
        lambda w: _model("insights.ImpactSettings").objects.get_or_create(pk=1)[0],
        None,
    ),
    "auth.Group": (
        lambda w: Group.objects.get(name="leader"),
        lambda w: Group.objects.create(name=f"panitia {next(_numbers)}"),
    ),
    "auth.User": (
        lambda w: w.users["a"],
        lambda w: User.objects.create_user(f"tamu{next(_numbers)}"),
    ),
    "authtoken.TokenProxy": (None, lambda w: _free_token()),
    "axes.AccessAttempt": (None, _axes("axes.AccessAttempt")),
    "axes.AccessLog": (None, _axes("axes.AccessLog")),
    "axes.AccessFailureLog": (None, _axes("axes.AccessFailureLog")),
    "community.Member": (lambda w: w.members["a"], None),
    "community.Shop": (
        lambda w: _first("community.Shop", pk=w.ids["shop"]),
        lambda w: _model("community.Shop").objects.create(
            member=w.members["b"], marketplace="shopee", name=f"Baru {next(_numbers)}"
        ),
    ),
    "community.Notification": (
        None,
        lambda w: _model("community.Notification").objects.create(
            member=w.members["b"], kind="news", message="Hai", key=f"k{next(_numbers)}"
        ),
    ),
    "community.TaskOutbox": (
        lambda w: _model("community.TaskOutbox").objects.create(
            task="community.tasks.member_welcome_task", args=[1], key="admin-uji"
        ),
        None,
    ),
    "catalog.Category": (
        lambda w: _first("catalog.Category", pk=w.ids["category"]),
        lambda w: __import__(
            "tests.catalog.factories", fromlist=["CategoryFactory"]
        ).CategoryFactory(),
    ),
    "catalog.Product": (
        lambda w: _first("catalog.Product", pk=w.ids["product"]),
        lambda w: __import__(
            "tests.catalog.factories", fromlist=["ProductFactory"]
        ).ProductFactory(),
    ),
    "catalog.Variant": (lambda w: _first("catalog.Variant"), None),
    "catalog.StockMovement": (lambda w: _first("catalog.StockMovement"), None),
    "orders.Order": (lambda w: _first("orders.Order"), None),
    "settlements.Settlement": (lambda w: _first("settlements.Settlement"), None),
    "settlements.BankAccount": (
        _bank_account_on_a_statement,
        lambda w: _free_bank_account(),
    ),
    "settlements.BankAccountEvent": (
        lambda w: _model("settlements.BankAccountEvent").objects.create(
            account=_free_bank_account(), new_qris_payload="000201"
        ),
        None,
    ),
    "settlements.BankStatement": (
        lambda w: _first("settlements.BankStatement"),
        None,
    ),
    "settlements.BankStatementLine": (
        lambda w: _first("settlements.BankStatementLine"),
        None,
    ),
    "ledger.CreditEntry": (_credit("ledger.CreditEntry"), None),
    "ledger.CreditBalance": (_credit("ledger.CreditBalance"), None),
    "returns.ReturnRequest": (lambda w: _first("returns.ReturnRequest"), None),
    "ledger.FundEntry": (lambda w: _first("ledger.FundEntry"), None),
    "ledger.FundBalance": (lambda w: _first("ledger.FundBalance"), None),
    "ledger.CharityPolicy": (lambda w: _first("ledger.CharityPolicy"), None),
    "charity.Program": (
        lambda w: _first("charity.Program", pk=w.ids["program"]),
        lambda w: __import__(
            "tests.charity.factories", fromlist=["ProgramFactory"]
        ).ProgramFactory(),
    ),
    "charity.Beneficiary": (
        lambda w: _first("charity.Beneficiary", pk=w.ids["beneficiary"]),
        lambda w: __import__(
            "tests.charity.factories", fromlist=["BeneficiaryFactory"]
        ).BeneficiaryFactory(),
    ),
    "charity.Disbursement": (lambda w: _first("charity.Disbursement"), None),
    "training.Stage": (
        lambda w: _first("training.Stage", pk=w.ids["stage"]),
        lambda w: _free_stage(),
    ),
    "training.ChecklistItem": (
        lambda w: _first("training.ChecklistItem", pk=w.ids["item_ticked"]),
        lambda w: _free_checklist_item(),
    ),
    "training.GlossaryTerm": (
        None,
        lambda w: _model("training.GlossaryTerm").objects.create(
            term=f"istilah {next(_numbers)}",
            slug=f"istilah-{next(_numbers)}",
            meaning="arti",
        ),
    ),
    "training.Enrollment": (
        lambda w: _first("training.Enrollment", pk=w.ids["enrollment"]),
        lambda w: _free_enrollment(),
    ),
    "training.ItemCheck": (lambda w: _first("training.ItemCheck"), None),
    "training.PromoSlot": (
        None,
        lambda w: _model("training.PromoSlot").objects.get(pk=w.ids["promo"]),
    ),
    "training.CompetitorPrice": (None, _free_competitor_price),
}


def _urls(obj):
    meta = obj._meta
    prefix = f"admin:{meta.app_label}_{meta.model_name}"
    return (
        reverse(f"{prefix}_delete", args=[quote(obj.pk)]),
        reverse(f"{prefix}_changelist"),
    )


def _exists(obj) -> bool:
    return type(obj)._base_manager.filter(pk=obj.pk).exists()


def _bulk(client, obj):
    _delete_url, changelist = _urls(obj)
    return client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )


def test_every_admin_model_refuses_to_delete_history_and_deletes_the_rest(client):
    world = build_world()
    superuser = User.objects.create_superuser("akar", password="rahasia-sekali-1")
    client.force_login(superuser)
    registered = {model._meta.label for model in admin.site._registry}
    missing = sorted(registered - set(EXPECTED))
    assert not missing, f"no expectation for admin models: {missing}"

    problems = []
    for label in sorted(registered):
        make_kept, make_free = EXPECTED[label]
        if make_kept is not None:
            kept = make_kept(world)
            assert kept is not None, f"{label}: no row to try"
            delete_url, _changelist = _urls(kept)
            page = client.get(delete_url)
            post = client.post(delete_url, {"post": "yes"})
            if page.status_code != 403 or post.status_code != 403:
                problems.append(
                    f"{label}: delete page {page.status_code}/{post.status_code}"
                )
            bulk = _bulk(client, kept)
            if bulk.status_code >= 500:
                problems.append(f"{label}: bulk delete answered {bulk.status_code}")
            if not _exists(kept):
                problems.append(f"{label}: {kept!r} was deleted")
        if make_free is not None:
            single = make_free(world)
            delete_url, _changelist = _urls(single)
            response = client.post(delete_url, {"post": "yes"})
            if response.status_code != 302 or _exists(single):
                problems.append(f"{label}: a standalone row was not deleted")
            several = make_free(world) if label != "training.PromoSlot" else None
            if several is not None:
                _bulk(client, several)
                if _exists(several):
                    problems.append(f"{label}: bulk delete of a standalone row failed")
    assert not problems, "\n".join(problems)


def test_bulk_delete_refuses_the_whole_batch_and_says_why(client):
    from settlements.models import BankAccount

    world = build_world()
    superuser = User.objects.create_superuser("akar", password="rahasia-sekali-1")
    client.force_login(superuser)
    kept = _bank_account_on_a_statement(world)
    free = _free_bank_account()
    response = client.post(
        reverse("admin:settlements_bankaccount_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [kept.pk, free.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert BankAccount.objects.filter(pk__in=[kept.pk, free.pk]).count() == 2
    text = response.content.decode()
    assert "Tidak ada yang dihapus" in text
    # The role group's delete button is not even shown.
    group = Group.objects.get(name="treasurer")
    change = client.get(reverse("admin:auth_group_change", args=[group.pk]))
    assert change.status_code == 200
    assert (
        reverse("admin:auth_group_delete", args=[group.pk])
        not in change.content.decode()
    )
