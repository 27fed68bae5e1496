"""Catalog invariants for ``manage.py audit_money`` (reads only)."""

from django.db.models import Count, F, OuterRef, Subquery, Sum

from catalog.models import StockMovement, Variant


def _latest_stock_after():
    return Subquery(
        StockMovement.objects.filter(variant=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .values("stock_after")[:1]
    )


def run_checks() -> list[tuple[str, list[str]]]:
    """Return ``[(check name, [problems])]`` for stock.

    A variant is "tracked" once it has a movement: from then on its stock must
    equal the sum of its movements and the last movement's ``stock_after``.
    """
    negative = [
        f"{v.sku}: stock {v.stock}" for v in Variant.objects.filter(stock__lt=0)
    ]
    tracked = (
        Variant.objects.annotate(
            moves=Count("movements"),
            moved=Sum("movements__quantity"),
            last_after=_latest_stock_after(),
        )
        .filter(moves__gt=0)
        .exclude(stock=F("moved"), last_after=F("stock"))
        .values_list("sku", "stock", "moved", "last_after")
    )
    mismatched = [
        f"{sku}: stock {stock}, movements add up to {moved}, last says {last}"
        for sku, stock, moved, last in tracked
    ]
    return [
        ("catalog: stock is never below zero", negative),
        ("catalog: stock equals the sum of its movements", mismatched),
    ]
