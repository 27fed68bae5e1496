"""Catalog writes. The stock functions here are the ONLY code that changes
``Variant.stock``.

Every stock change locks the variant rows with ``select_for_update()`` ordered by
pk (so two callers never deadlock), checks, changes the stock and writes one
``StockMovement`` per variant, all inside ``transaction.atomic``. The database
check constraint ``variant_stock_not_negative`` is the last line of defence.
"""

from collections import OrderedDict

from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import StockMovement, Variant
from community.errors import KongsiError

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
    user = _actor_user(actor)
    for variant_id in sorted(merged):
        variant = variants[variant_id]
        variant.stock = variant.stock + sign * merged[variant_id]
        variant.save(update_fields=["stock"])
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
    return StockMovement.objects.bulk_create(movements)


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
