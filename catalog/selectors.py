"""Read queries of the catalog used by pages, the API and reports."""

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from catalog.models import Category, Product, ProductImage, StockMovement, Variant
from community.roles import is_staff_role


def category_list() -> QuerySet[Category]:
    return Category.objects.select_related("parent").order_by("name")


def category_with_descendants(category: Category | int | str) -> list[int]:
    """Return the ids of a category (by object, id or slug) and all below it."""
    rows = list(Category.objects.values_list("pk", "slug", "parent_id"))
    if isinstance(category, Category):
        start = category.pk
    else:
        start = next(
            (
                pk
                for pk, slug, _ in rows
                if str(pk) == str(category) or slug == category
            ),
            None,
        )
    if start is None:
        return []
    found, frontier = {start}, [start]
    while frontier:
        frontier = [pk for pk, _, parent in rows if parent in frontier]
        frontier = [pk for pk in frontier if pk not in found]
        found.update(frontier)
    return sorted(found)


def _sees_everything(user) -> bool:
    return is_staff_role(user)


def product_list_for(
    user,
    *,
    search: str = "",
    category: Category | int | str | None = None,
    as_lists: bool = False,
) -> QuerySet[Product]:
    """Products the user may browse, with variants and ready photos prefetched.

    Members see active products and their active variants; leader and treasurer
    see everything. Search matches the name, an SKU or the category name.

    With ``as_lists`` the variants and photos come as plain lists in
    ``product.variant_list`` and ``product.image_list`` (``variants.all()`` is
    then not prefetched): Django then skips building a filtered queryset per
    product for each relation, which was a large part of the catalog page.
    """
    everything = _sees_everything(user)
    variants = Variant.objects.order_by("pk")
    products = Product.objects.select_related("category", "supplier")
    if not everything:
        variants = variants.filter(is_active=True)
        products = products.filter(is_active=True, variants__is_active=True)
    products = products.prefetch_related(
        Prefetch(
            "variants",
            queryset=variants,
            to_attr="variant_list" if as_lists else None,
        ),
        Prefetch(
            "images",
            queryset=ProductImage.objects.filter(processed_at__isnull=False).order_by(
                "position", "pk"
            ),
            to_attr="image_list" if as_lists else None,
        ),
    )
    search = (search or "").strip()
    if search:
        products = products.filter(
            Q(name__icontains=search)
            | Q(variants__sku__icontains=search)
            | Q(category__name__icontains=search)
            | Q(variants__label__icontains=search)
        )
    if category not in (None, ""):
        products = products.filter(category_id__in=category_with_descendants(category))
    return products.distinct().order_by("name", "pk")


def product_get_for(user, *, pk: int | None = None, slug: str | None = None) -> Product:
    """One product the user may see, or 404."""
    lookup = {"pk": pk} if pk is not None else {"slug": slug}
    return get_object_or_404(product_list_for(user), **lookup)


def variant_list_for(user) -> QuerySet[Variant]:
    variants = Variant.objects.select_related("product", "product__category")
    if not _sees_everything(user):
        variants = variants.filter(is_active=True, product__is_active=True)
    return variants.order_by("product__name", "pk")


def low_stock_list(threshold: int | None = None) -> QuerySet[Variant]:
    """Active variants at or below the low-stock threshold, emptiest first."""
    if threshold is None:
        threshold = settings.KONGSI_LOW_STOCK
    return (
        Variant.objects.select_related("product")
        .filter(is_active=True, product__is_active=True, stock__lte=threshold)
        .order_by("stock", "product__name", "pk")
    )


def movement_list(variant: Variant | None = None) -> QuerySet[StockMovement]:
    movements = StockMovement.objects.select_related("variant__product", "actor")
    if variant is not None:
        movements = movements.filter(variant=variant)
    return movements


def catalog_rows() -> QuerySet[Variant]:
    """Every variant with its product and category, for the CSV export."""
    return Variant.objects.select_related("product", "product__category").order_by(
        "product__name", "product_id", "pk"
    )
