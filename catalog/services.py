"""Catalog writes. The stock functions here are the ONLY code that changes
``Variant.stock``.

Every stock change locks the variant rows with ``select_for_update()`` ordered by
pk (lock plan step 8, ``community.lock_plan``, so two callers never deadlock),
checks, changes the stock and writes one ``StockMovement`` per variant, all
inside ``transaction.atomic``. The database check constraint
``variant_stock_not_negative`` is the last line of defence.
"""

from collections import OrderedDict

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from catalog.models import Category, Product, StockMovement, Variant
from catalog.signals import variant_unavailable
from community.errors import KongsiError
from community.limits import MAX_PRICE, MAX_STOCK
from community.models import Member
from community.money import format_rupiah, group_thousands

Items = list[tuple[int, int]]


def _merge_items(items, *, field: str) -> "OrderedDict[int, int]":
    """Sum quantities per variant id, refusing anything that is not a positive int."""
    merged: OrderedDict[int, int] = OrderedDict()
    if not items:
        raise KongsiError(_("Choose at least one item."), field=field)
    for variant_id, quantity in items:
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or quantity <= 0
            or isinstance(variant_id, bool)
            or not isinstance(variant_id, int)
        ):
            raise KongsiError(
                _("The quantity must be a whole number of at least 1."), field=field
            )
        merged[variant_id] = merged.get(variant_id, 0) + quantity
    return merged


def _lock_variants(ids) -> dict[int, Variant]:
    """Lock the variants (pk order) and return them by pk, with their product."""
    rows = (
        Variant.objects.select_for_update(of=("self",))
        .select_related("product")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )
    return {variant.pk: variant for variant in rows}


def _actor_user(actor):
    """Accept a User, a Member (its user is recorded) or None."""
    if actor is None:
        return None
    if hasattr(actor, "user") and not hasattr(actor, "is_authenticated"):
        return actor.user
    return actor


def _move(
    variants: dict[int, Variant],
    merged: "OrderedDict[int, int]",
    *,
    sign: int,
    kind: str,
    actor,
    reference: str,
    reason: str = "",
) -> list[StockMovement]:
    movements = []
    emptied = []
    user = _actor_user(actor)
    for variant_id in sorted(merged):
        variant = variants[variant_id]
        before = variant.stock
        variant.stock = variant.stock + sign * merged[variant_id]
        variant.save(update_fields=["stock"])
        if before > 0 and variant.stock == 0:
            emptied.append(variant_id)
        movements.append(
            StockMovement(
                variant=variant,
                kind=kind,
                quantity=sign * merged[variant_id],
                stock_after=variant.stock,
                actor=user,
                reason=reason[:200],
                reference=(reference or "")[:80],
            )
        )
    created = StockMovement.objects.bulk_create(movements)
    if emptied:
        variant_unavailable.send(
            sender=Variant, variant_ids=emptied, reason="out_of_stock"
        )
    return created


def stock_reserve_many(*, items: Items, actor, reference: str) -> list[StockMovement]:
    """Take stock for an order: all lines or none.

    Refuse an unknown or inactive variant, or one without enough stock, with a
    ``KongsiError(field="lines")`` naming the variant and how many are left.
    """
    merged = _merge_items(items, field="lines")
    with transaction.atomic():
        variants = _lock_variants(merged)
        for variant_id, quantity in merged.items():
            variant = variants.get(variant_id)
            if variant is None:
                raise KongsiError(
                    _("This item is no longer in the catalog."), field="lines"
                )
            if not variant.is_active or not variant.product.is_active:
                raise KongsiError(
                    _("%(name)s is no longer sold.") % {"name": variant.display_name},
                    field="lines",
                )
            if variant.stock < quantity:
                if variant.stock == 0:
                    message = _("%(name)s is out of stock.") % {
                        "name": variant.display_name
                    }
                else:
                    message = _(
                        "Not enough stock for %(name)s: only %(left)s left."
                    ) % {"name": variant.display_name, "left": variant.stock}
                raise KongsiError(message, field="lines", code="out_of_stock")
        return _move(
            variants,
            merged,
            sign=-1,
            kind=StockMovement.Kind.RESERVATION,
            actor=actor,
            reference=reference,
        )


def stock_reserve_batch(
    *, reservations: list[tuple[str, Items]], actor
) -> list[StockMovement]:
    """Reserve stock for many orders at once (a marketplace import): all or none.

    ``reservations`` = ``[(reference, [(variant id, quantity), …]), …]``. The
    variants are locked once (pk order), checked against the batch's total
    like ``stock_reserve_many``, changed with one UPDATE, and each reference
    gets its own movements (so each order can release exactly its own), all in
    a fixed number of queries whatever the batch's size.
    """
    if not reservations:
        return []
    per_reference = [
        (reference, _merge_items(items, field="lines"))
        for reference, items in reservations
    ]
    total: OrderedDict[int, int] = OrderedDict()
    for _reference, merged in per_reference:
        for variant_id, quantity in merged.items():
            total[variant_id] = total.get(variant_id, 0) + quantity
    with transaction.atomic():
        variants = _lock_variants(total)
        for variant_id, quantity in total.items():
            variant = variants.get(variant_id)
            if variant is None:
                raise KongsiError(
                    _("This item is no longer in the catalog."), field="lines"
                )
            if not variant.is_active or not variant.product.is_active:
                raise KongsiError(
                    _("%(name)s is no longer sold.") % {"name": variant.display_name},
                    field="lines",
                )
            if variant.stock < quantity:
                raise KongsiError(
                    _("Not enough stock for %(name)s: only %(left)s left.")
                    % {"name": variant.display_name, "left": variant.stock},
                    field="lines",
                    code="out_of_stock",
                )
        user = _actor_user(actor)
        movements = []
        for reference, merged in per_reference:
            for variant_id in sorted(merged):
                variant = variants[variant_id]
                variant.stock -= merged[variant_id]
                movements.append(
                    StockMovement(
                        variant=variant,
                        kind=StockMovement.Kind.RESERVATION,
                        quantity=-merged[variant_id],
                        stock_after=variant.stock,
                        actor=user,
                        reference=(reference or "")[:80],
                    )
                )
        changed = [variants[pk] for pk in sorted(total)]
        Variant.objects.bulk_update(changed, ["stock"])
        created = StockMovement.objects.bulk_create(movements)
        emptied = [variant.pk for variant in changed if variant.stock == 0]
        if emptied:
            variant_unavailable.send(
                sender=Variant, variant_ids=emptied, reason="out_of_stock"
            )
        return created


def stock_reserve(*, variant, quantity: int, actor, reference: str) -> StockMovement:
    """Reserve ``quantity`` of one variant (see ``stock_reserve_many``)."""
    return stock_reserve_many(
        items=[(_pk(variant), quantity)], actor=actor, reference=reference
    )[0]


def stock_release_many(*, items: Items, actor, reference: str) -> list[StockMovement]:
    """Give reserved stock back (an order was cancelled). Works for inactive
    variants too: the goods are on the shelf whatever the catalog says."""
    merged = _merge_items(items, field="lines")
    with transaction.atomic():
        variants = _lock_variants(merged)
        missing = [pk for pk in merged if pk not in variants]
        if missing:
            raise KongsiError(
                _("This item is no longer in the catalog."), field="lines"
            )
        return _move(
            variants,
            merged,
            sign=1,
            kind=StockMovement.Kind.RELEASE,
            actor=actor,
            reference=reference,
        )


def stock_release(*, variant, quantity: int, actor, reference: str) -> StockMovement:
    return stock_release_many(
        items=[(_pk(variant), quantity)], actor=actor, reference=reference
    )[0]


def stock_return_restock(
    *, variant, quantity: int, actor, reference: str
) -> StockMovement:
    """Put returned goods back on the shelf (a return approved with restock)."""
    merged = _merge_items([(_pk(variant), quantity)], field="quantity")
    with transaction.atomic():
        variants = _lock_variants(merged)
        if not variants:
            raise KongsiError(
                _("This item is no longer in the catalog."), field="quantity"
            )
        return _move(
            variants,
            merged,
            sign=1,
            kind=StockMovement.Kind.RETURN_RESTOCK,
            actor=actor,
            reference=reference,
        )[0]


def stock_adjust(
    *,
    variant,
    delta: int,
    actor,
    reason: str,
    kind: str = StockMovement.Kind.CORRECTION,
    reference: str = "",
) -> StockMovement | None:
    """Change stock by ``delta`` (leader's restock or correction), with a reason.

    Returns the movement, or ``None`` when ``delta`` is 0 (nothing changes).
    Refuses a change that would take stock below zero.
    """
    if kind not in (StockMovement.Kind.CORRECTION, StockMovement.Kind.RESTOCK):
        raise KongsiError(_("Unknown kind of stock change."), field="kind")
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise KongsiError(_("The stock change must be a whole number."), field="stock")
    if not (reason or "").strip():
        raise KongsiError(_("Write why the stock changes."), field="stock_reason")
    if delta == 0:
        return None
    with transaction.atomic():
        variants = _lock_variants([_pk(variant)])
        locked = variants.get(_pk(variant))
        if locked is None:
            raise KongsiError(_("This item is no longer in the catalog."))
        if locked.stock + delta < 0:
            raise KongsiError(
                _("Stock cannot go below zero: %(name)s has only %(left)s.")
                % {"name": locked.display_name, "left": locked.stock},
                field="stock",
            )
        if locked.stock + delta > MAX_STOCK:
            raise KongsiError(
                _("Stock can be at most %(limit)s.")
                % {"limit": group_thousands(MAX_STOCK)},
                field="stock",
            )
        movement = _move(
            variants,
            OrderedDict([(locked.pk, abs(delta))]),
            sign=1 if delta > 0 else -1,
            kind=kind,
            actor=actor,
            reference=reference,
            reason=reason.strip(),
        )[0]
    if isinstance(variant, Variant):
        variant.stock = locked.stock
    return movement


def stock_set(
    *,
    variant,
    stock: int,
    actor,
    reason: str,
    kind: str = StockMovement.Kind.CORRECTION,
    reference: str = "",
) -> StockMovement | None:
    """Set the stock to an exact count (bulk edits, CSV import, API PATCH).

    The delta is computed under the row lock, so a reservation that lands in
    between is not lost.
    """
    if isinstance(stock, bool) or not isinstance(stock, int) or stock < 0:
        raise KongsiError(_("Stock must be a whole number, 0 or more."), field="stock")
    with transaction.atomic():
        variants = _lock_variants([_pk(variant)])
        locked = variants.get(_pk(variant))
        if locked is None:
            raise KongsiError(_("This item is no longer in the catalog."))
        return stock_adjust(
            variant=variant,
            delta=stock - locked.stock,
            actor=actor,
            reason=reason,
            kind=kind,
            reference=reference,
        )


def _pk(variant) -> int:
    return variant if isinstance(variant, int) else variant.pk


# --- Categories, products and variants (leader) ------------------------------

INITIAL_STOCK_REASON = "Stok awal"
API_STOCK_REASON = "Koreksi stok lewat API"
PRICE_FIELDS = ("base_price", "suggested_price")
RESERVED_SLUGS = {"kelola"}  # page paths under katalog/


def _unique_slug(model, text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:80] or "item"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, number = base, 2
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects
    while others.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _check_prices(*, base_price: int, suggested_price: int, field: str) -> None:
    for value in (base_price, suggested_price):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise KongsiError(
                _("Prices are whole rupiah, 0 or more."), field=field, code="price"
            )
        if value > MAX_PRICE:
            raise KongsiError(
                _("A price can be at most %(limit)s.")
                % {"limit": format_rupiah(MAX_PRICE)},
                field=field,
                code="price",
            )
    if suggested_price < base_price:
        raise KongsiError(
            _("The suggested selling price may not be below the member price."),
            field=field,
            code="price",
        )


def category_create(*, name: str, parent: Category | None = None, actor) -> Category:
    name = (name or "").strip()
    if not name:
        raise KongsiError(_("Write the category name."), field="name")
    return Category.objects.create(
        name=name, slug=_unique_slug(Category, name), parent=parent
    )


def _variant_create(*, product: Product, data: dict, actor, reference: str) -> Variant:
    sku = (data.get("sku") or "").strip().upper()
    if not sku:
        raise KongsiError(
            _("Every variant needs an SKU (item code)."), field="variants"
        )
    if Variant.objects.filter(sku=sku).exists():
        raise KongsiError(
            _("The SKU %(sku)s is already used.") % {"sku": sku}, field="variants"
        )
    base_price = data.get("base_price", 0)
    suggested_price = data.get("suggested_price", base_price)
    _check_prices(
        base_price=base_price, suggested_price=suggested_price, field="variants"
    )
    variant = Variant.objects.create(
        product=product,
        sku=sku,
        label=(data.get("label") or "").strip(),
        base_price=base_price,
        suggested_price=suggested_price,
        weight_grams=data.get("weight_grams") or 0,
        is_active=data.get("is_active", True),
        stock=0,
    )
    stock = data.get("stock") or 0
    if stock:
        stock_adjust(
            variant=variant,
            delta=int(stock),
            actor=actor,
            reason=INITIAL_STOCK_REASON,
            kind=StockMovement.Kind.RESTOCK,
            reference=reference,
        )
    return variant


@transaction.atomic
def product_create(
    *,
    name: str,
    category: Category,
    actor,
    description: str = "",
    weight_grams: int = 0,
    supplier: Member | None = None,
    is_active: bool = True,
    variants: list[dict] | None = None,
    slug: str = "",
) -> Product:
    """Create a product with its variants; initial stock is a restock movement."""
    name = (name or "").strip()
    if not name:
        raise KongsiError(_("Write the product name."), field="name")
    if not variants:
        raise KongsiError(
            _("A product needs at least one variant (SKU and prices)."),
            field="variants",
        )
    skus = [(v.get("sku") or "").strip().upper() for v in variants]
    if len(set(skus)) != len(skus):
        raise KongsiError(_("Each variant needs its own SKU."), field="variants")
    product = Product.objects.create(
        name=name,
        slug=slug or _unique_slug(Product, name),
        description=(description or "").strip(),
        category=category,
        supplier=supplier,
        weight_grams=weight_grams or 0,
        is_active=is_active,
    )
    for data in variants:
        _variant_create(
            product=product, data=data, actor=actor, reference=f"product:{product.pk}"
        )
    return product


PRODUCT_FIELDS = ("name", "description", "category", "supplier", "weight_grams")


@transaction.atomic
def product_update(
    *, product: Product, actor, variants: list[dict] | None = None, **fields
) -> Product:
    """Change a product's fields; ``variants`` updates by id/SKU or adds new ones."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    changed = []
    for field, value in fields.items():
        if field not in (*PRODUCT_FIELDS, "is_active"):
            raise KongsiError(_("Unknown field."), field=field)
        if field == "name":
            value = (value or "").strip()
            if not value:
                raise KongsiError(_("Write the product name."), field="name")
        if getattr(product, field) != value:
            setattr(product, field, value)
            changed.append(field)
    if changed:
        product.save(update_fields=changed)
    if "is_active" in changed and not product.is_active:
        variant_unavailable.send(
            sender=Variant,
            variant_ids=list(product.variants.values_list("pk", flat=True)),
            reason="deactivated",
        )
    for data in variants or []:
        data = dict(data)
        existing = None
        if data.get("id"):
            existing = Variant.objects.filter(
                pk=data.pop("id"), product=product
            ).first()
            if existing is None:
                raise KongsiError(
                    _("This variant is not part of the product."), field="variants"
                )
        elif data.get("sku"):
            existing = Variant.objects.filter(
                sku=data["sku"].strip().upper(), product=product
            ).first()
        if existing is None:
            _variant_create(
                product=product,
                data=data,
                actor=actor,
                reference=f"product:{product.pk}",
            )
        else:
            data.pop("sku", None)
            variant_update(variant=existing, actor=actor, **data)
    return product


VARIANT_FIELDS = (
    "label",
    "base_price",
    "suggested_price",
    "weight_grams",
    "bin_location",
    "is_active",
)


@transaction.atomic
def variant_update(
    *,
    variant: Variant,
    actor,
    stock: int | None = None,
    stock_reason: str = "",
    **fields,
) -> Variant:
    """Change prices and details; a stock change goes through ``stock_set``.

    A stock change without a reason is recorded as "Koreksi stok lewat API".
    """
    locked = Variant.objects.select_for_update().get(pk=variant.pk)
    for field in fields:
        if field not in VARIANT_FIELDS:
            raise KongsiError(_("Unknown field."), field=field)
    _check_prices(
        base_price=fields.get("base_price", locked.base_price),
        suggested_price=fields.get("suggested_price", locked.suggested_price),
        field="suggested_price" if "suggested_price" in fields else "base_price",
    )
    changed = [f for f, v in fields.items() if getattr(locked, f) != v]
    for field in changed:
        setattr(locked, field, fields[field])
    if changed:
        locked.save(update_fields=changed)
    if "is_active" in changed and not locked.is_active:
        variant_unavailable.send(
            sender=Variant, variant_ids=[locked.pk], reason="deactivated"
        )
    if stock is not None:
        stock_set(
            variant=locked,
            stock=stock,
            actor=actor,
            reason=(stock_reason or "").strip() or API_STOCK_REASON,
            reference=f"variant:{locked.pk}",
        )
    locked.refresh_from_db()
    return locked


@transaction.atomic
def variant_bulk_update(*, changes: list[dict], actor, reason: str) -> int:
    """Apply many price/stock edits at once (the leader's bulk edit page).

    ``changes`` = ``[{"variant": Variant, "base_price": .., "suggested_price": ..,
    "stock": .., "bin_location": ..}]``. All or nothing; return how many
    variants changed.
    """
    reason = (reason or "").strip()
    count = 0
    for change in sorted(changes, key=lambda c: c["variant"].pk):
        variant = change["variant"]
        prices = {
            f: change[f]
            for f in PRICE_FIELDS
            if f in change and change[f] != getattr(variant, f)
        }
        if "bin_location" in change:
            bin_location = " ".join(str(change["bin_location"] or "").split())
            if len(bin_location) > 20:
                raise KongsiError(
                    _("The shelf / bin of %(sku)s is too long (at most 20).")
                    % {"sku": variant.sku},
                    field="bin_location",
                )
            if bin_location != variant.bin_location:
                prices["bin_location"] = bin_location
        new_stock = change.get("stock")
        stock_changes = new_stock is not None and new_stock != variant.stock
        if stock_changes and not reason:
            raise KongsiError(_("Write why the stock changes."), field="reason")
        if not prices and not stock_changes:
            continue
        variant_update(
            variant=variant,
            actor=actor,
            stock=new_stock if stock_changes else None,
            stock_reason=reason,
            **prices,
        )
        count += 1
    return count
