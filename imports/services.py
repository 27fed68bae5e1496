"""Every write of a marketplace import: confirm an export, remember a SKU.

Lock order: the Shop row first (two imports into one shop run one after the
other, so the second sees every order the first wrote and updates instead of
duplicating), then every order the import changes (by pk), then variants —
through the orders services for updates and ``orders.bulk`` for new orders.
The whole confirmation is one transaction: a refused order is skipped (inside
its own savepoint); anything unexpected rolls everything back.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from community.errors import KongsiError
from community.limits import id_or_none
from community.models import Member, Shop
from imports.models import FeeDifference, ImportBatch, ShopListing, SkuMapping
from imports.planning import Plan, PlannedOrder, mapping_key, plan_import
from imports.readers import ReadResult, read_export
from orders import services as order_services
from orders.bulk import BATCH_SIZE, NewOrder, orders_create_many
from orders.marketplace import (
    order_marketplace_update,
    order_record_marketplace_event,
    order_set_marketplace_fee,
)
from orders.models import Order
from returns.models import ReturnRequest
from returns.services import return_request_create

S = Order.Status


@dataclass
class ReadFiles:
    orders: ReadResult | None
    income: ReadResult | None


def import_read(*, file, income_file=None) -> ReadFiles:
    """Check and read the uploaded files (an orders export and/or an income one)."""
    if file is None and income_file is None:
        raise KongsiError(_("Choose the export file first."), field="file")
    orders = income = None
    if file is not None:
        result = read_export(file, field="file")
        if result.kind == "income":
            income = result
        else:
            orders = result
    if income_file is not None:
        income = read_export(income_file, kind="income", field="income_file")
    return ReadFiles(orders, income)


def import_dry_run(
    *, member: Member, shop: Shop, file, income_file=None, as_draft: bool = False
) -> Plan:
    """Read the files and return what confirming them would do (writes nothing)."""
    read = import_read(file=file, income_file=income_file)
    return plan_import(
        member=member,
        shop=shop,
        orders=read.orders,
        income=read.income,
        as_draft=as_draft,
    )


def _lines_input(planned: PlannedOrder) -> list[dict]:
    return [
        {
            "variant": line.variant.pk,
            "quantity": line.quantity,
            "sale_price": line.sale_price,
        }
        for line in planned.lines
    ]


def _create(planned: PlannedOrder, *, member, shop, actor, source, as_draft) -> None:
    imported = planned.imported
    try:
        with transaction.atomic():
            order = order_services.order_create(
                member=member,
                shop=shop,
                marketplace_order_no=planned.number,
                lines=_lines_input(planned),
                recipient_name=imported.recipient_name,
                recipient_phone=imported.recipient_phone,
                recipient_address=imported.recipient_address[:1000],
                courier=imported.courier,
                marketplace_fee=planned.fee or 0,
                draft=as_draft,
                actor=actor,
            )
            order_marketplace_update(
                order=order,
                actor=actor,
                source=source,
                tracking_no=imported.tracking_no,
                ship_by=imported.ship_by,
            )
            order_record_marketplace_event(
                order=order,
                actor=actor,
                source=source,
                params={
                    "imported": True,
                    "marketplace_status": imported.raw_status,
                    **imported.extra,
                },
            )
    except KongsiError as error:
        # Stock taken by another order since the dry run, or the same number
        # logged by hand a moment ago: this order waits, the others go on.
        planned.action, planned.reason = "skip", error.code or "refused"
        planned.problem(error.code or "refused", str(error.message))
        return
    planned.existing = order


def _create_batch(chunk, *, member, shop, actor, source, as_draft) -> None:
    """Log a chunk of new orders in a fixed number of queries (orders.bulk);
    when the chunk as a whole is refused, log its orders one by one."""
    new_orders = [
        NewOrder(
            marketplace_order_no=planned.number,
            lines=_lines_input(planned),
            recipient_name=planned.imported.recipient_name,
            recipient_phone=planned.imported.recipient_phone,
            recipient_address=planned.imported.recipient_address,
            courier=planned.imported.courier,
            marketplace_fee=planned.fee or 0,
            tracking_no=planned.imported.tracking_no,
            ship_by=planned.imported.ship_by,
            params={
                "marketplace_status": planned.imported.raw_status,
                **planned.imported.extra,
            },
        )
        for planned in chunk
    ]
    try:
        with transaction.atomic():
            result = orders_create_many(
                member=member,
                shop=shop,
                orders=new_orders,
                draft=as_draft,
                actor=actor,
                source=source,
            )
    except KongsiError:
        for planned in chunk:
            _create(
                planned,
                member=member,
                shop=shop,
                actor=actor,
                source=source,
                as_draft=as_draft,
            )
        return
    for planned in chunk:
        number = " ".join(planned.number.split())[:64]
        if number in result.created:
            planned.existing = result.created[number]
        else:
            error = result.refused.get(number) or KongsiError(_("Not logged."))
            planned.action, planned.reason = "skip", error.code or "refused"
            planned.problem(error.code or "refused", str(error.message))


def _open_return(order: Order, *, member, actor, source) -> int:
    opened = 0
    for line in order.lines.order_by("pk"):
        already = sum(
            request.quantity
            for request in ReturnRequest.objects.filter(order_line=line)
            if request.status != ReturnRequest.Status.REJECTED
        )
        if line.quantity - already < 1:
            continue
        return_request_create(
            member=member,
            actor=actor,
            order_line_id=line.pk,
            quantity=line.quantity - already,
            reason=ReturnRequest.Reason.OTHER,
            note=_("Delivery failed: the parcel comes back (%(source)s).")
            % {"source": source},
        )
        opened += 1
    return opened


def _update(planned: PlannedOrder, *, member, actor, source, batch) -> None:
    order, imported = planned.existing, planned.imported
    try:
        with transaction.atomic():
            if {"tracking_no", "courier", "ship_by"} & set(planned.changes):
                order_marketplace_update(
                    order=order,
                    actor=actor,
                    source=source,
                    tracking_no=imported.tracking_no,
                    courier=imported.courier,
                    ship_by=imported.ship_by,
                )
            if "cancel" in planned.changes:
                order_services.order_cancel(
                    order=order,
                    actor=actor,
                    reason=_("Cancelled in the marketplace (%(source)s): %(why)s")
                    % {"source": source, "why": imported.cancel_reason or "-"},
                )
            if "return" in planned.changes:
                opened = _open_return(order, member=member, actor=actor, source=source)
                order_record_marketplace_event(
                    order=order,
                    actor=actor,
                    source=source,
                    params={"failed_delivery": True, "returns_opened": opened},
                )
            if "complete" in planned.changes:
                order_services.order_complete(order=order, actor=actor)
                order_record_marketplace_event(
                    order=order,
                    actor=actor,
                    source=source,
                    params={"marketplace_status": imported.raw_status},
                )
            _apply_fee(planned, order, actor=actor, source=source, batch=batch)
    except KongsiError as error:
        planned.action, planned.reason = "skip", error.code or "refused"
        planned.problem(error.code or "refused", str(error.message))


def _apply_fee(item, order: Order, *, actor, source, batch) -> None:
    fee = item.fee
    if "marketplace_fee" in item.changes:
        order_set_marketplace_fee(order=order, fee=fee, actor=actor, source=source)
    elif "fee_difference" in item.changes:
        FeeDifference.objects.get_or_create(
            order=order,
            marketplace_fee=fee,
            defaults={
                "batch": batch,
                "settlement_id": item.settlement.pk if item.settlement else None,
                "recorded_fee": order.marketplace_fee,
            },
        )


@transaction.atomic
def import_confirm(
    *,
    member: Member,
    shop: Shop,
    file,
    income_file=None,
    as_draft: bool = False,
    actor=None,
    batch: ImportBatch | None = None,
) -> tuple[Plan, ImportBatch]:
    """Import the files: create the new orders, update the ones logged before.

    Return the plan as executed (each created order's ``existing`` set) and
    the ImportBatch that events name.
    """
    actor = actor or member.user
    read = import_read(file=file, income_file=income_file)
    # The shop lock serialises imports into one shop (see the module doc).
    shop = Shop.objects.select_for_update().get(pk=shop.pk)
    if batch is None:
        batch = ImportBatch.objects.create(member=member, shop=shop, as_draft=as_draft)
    plan = plan_import(
        member=member,
        shop=shop,
        orders=read.orders,
        income=read.income,
        as_draft=as_draft,
    )
    batch.layout = plan.layout[:60]
    source = batch.source
    # Orders first, by pk, then variants (the orders services' lock order):
    # every order this import changes is locked before any variant is.
    updates = [item for item in [*plan.orders, *plan.fees] if item.action == "update"]
    list(
        Order.objects.select_for_update(of=("self",))
        .filter(pk__in=[item.existing.pk for item in updates])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for planned in plan.orders:
        if planned.action == "update":
            _update(planned, member=member, actor=actor, source=source, batch=batch)
    to_create = [planned for planned in plan.orders if planned.action == "create"]
    for start in range(0, len(to_create), BATCH_SIZE):
        _create_batch(
            to_create[start : start + BATCH_SIZE],
            member=member,
            shop=shop,
            actor=actor,
            source=source,
            as_draft=as_draft,
        )
    fees_set = 0
    for item in plan.fees:
        if item.action == "update":
            _apply_fee(item, item.existing, actor=actor, source=source, batch=batch)
            fees_set += "marketplace_fee" in item.changes
    fees_set += sum(
        1
        for planned in plan.orders
        if (planned.action == "create" and planned.fee)
        or (planned.action == "update" and "marketplace_fee" in planned.changes)
    )
    touched = [
        item.existing.pk
        for item in [*plan.orders, *plan.fees]
        if item.action in ("create", "update") and item.existing is not None
    ]
    batch.orders.add(*touched)
    _remember_listings(shop, plan)
    batch.status = ImportBatch.Status.DONE
    batch.confirmed_at = timezone.now()
    batch.created = plan.count("create")
    batch.updated = plan.count("update")
    batch.skipped = plan.count("skip")
    batch.fees_set = fees_set
    batch.save()
    return plan, batch


def _remember_listings(shop: Shop, plan: Plan) -> None:
    """Note every catalog item the export shows this shop sells (two queries)."""
    variant_ids = {
        line.variant.pk
        for order in plan.orders
        for line in order.lines
        if line.variant is not None
    }
    if not variant_ids:
        return
    now = timezone.now()
    ShopListing.objects.filter(shop=shop, variant_id__in=variant_ids).update(
        last_seen=now
    )
    ShopListing.objects.bulk_create(
        [
            ShopListing(shop=shop, variant_id=pk, last_seen=now)
            for pk in sorted(variant_ids)
        ],
        ignore_conflicts=True,
    )


def batch_create(
    *, member: Member, shop: Shop, file, income_file=None, as_draft: bool = False
) -> ImportBatch:
    """Check the files and keep them for the dry-run page (nothing imported yet)."""
    read = import_read(file=file, income_file=income_file)
    plan = plan_import(member=member, shop=shop, orders=read.orders, income=read.income)
    batch = ImportBatch(
        member=member, shop=shop, as_draft=as_draft, layout=plan.layout[:60]
    )
    for upload, field in ((file, "file"), (income_file, "income_file")):
        if upload is not None:
            upload.seek(0)
            getattr(batch, field).save(
                (getattr(upload, "name", "") or "export").rsplit("/", 1)[-1],
                upload,
                save=False,
            )
    batch.save()
    return batch


def batch_files(batch: ImportBatch) -> dict:
    """The stored files of a pending batch, opened for reading."""
    files = {"file": None, "income_file": None}
    for field in files:
        stored = getattr(batch, field)
        if stored:
            try:
                stored.open("rb")
            except OSError:
                raise KongsiError(
                    _("The uploaded file is no longer kept. Upload it again."),
                    field=field,
                ) from None
            files[field] = stored
    return files


@transaction.atomic
def batch_confirm(*, batch: ImportBatch, actor) -> Plan:
    """Confirm a pending batch from the dry-run page (once)."""
    locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if locked.status != ImportBatch.Status.PENDING:
        raise KongsiError(_("This import was already confirmed."), code="done")
    files = batch_files(locked)
    try:
        plan, _batch = import_confirm(
            member=locked.member,
            shop=locked.shop,
            as_draft=locked.as_draft,
            actor=actor,
            batch=locked,
            **files,
        )
    finally:
        for stored in files.values():
            if stored is not None:
                stored.close()
    return plan


def sku_map_set(
    *,
    member: Member,
    sku: str = "",
    product_name: str = "",
    variation: str = "",
    variant,
) -> SkuMapping:
    """Remember that this marketplace SKU (or product + variation) is ``variant``."""
    pk = variant.pk if isinstance(variant, Variant) else id_or_none(variant)
    found = (
        Variant.objects.select_related("product").filter(pk=pk).first() if pk else None
    )
    if found is None:
        raise KongsiError(_("Choose an item from the catalog."), field="variant")
    if not (found.is_active and found.product.is_active):
        raise KongsiError(
            _("%(name)s is no longer sold.") % {"name": found.display_name},
            field="variant",
        )

    key_sku, key_name, key_variation = mapping_key(
        SimpleNamespace(sku=sku, product_name=product_name, variation=variation)
    )
    if not key_sku and not key_name:
        raise KongsiError(
            _("Write the marketplace SKU or the product name."), field="sku"
        )
    if len(key_sku) > 80:
        raise KongsiError(_("The SKU is too long."), field="sku")
    mapping, _created = SkuMapping.objects.update_or_create(
        member=member,
        marketplace_sku=key_sku,
        product_name=key_name,
        variation=key_variation,
        defaults={"variant": found},
    )
    return mapping
