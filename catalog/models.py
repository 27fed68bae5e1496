"""The shared catalog: categories, products, variants, photos and the stock ledger.

``Variant.stock`` is changed ONLY by ``catalog.services`` (row lock + a
``StockMovement`` row for every change); the database check constraint keeps it
from ever going below zero.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.storage import private_storage


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("short name (slug)"), max_length=90, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=models.F("pk")), name="category_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("short name (slug)"), max_length=180, unique=True)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    supplier = models.ForeignKey(
        "community.Member",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supplied_products",
        help_text=_("Empty means the leader supplies it."),
    )
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["is_active", "name"])]

    def __str__(self) -> str:
        return self.name


def variant_display_name(product_name: str, label: str) -> str:
    """``Variant.display_name`` from plain values (lists read as rows use it)."""
    return f"{product_name} — {label}" if label else product_name


class Variant(models.Model):
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="variants",
    )
    sku = models.CharField(_("SKU (item code)"), max_length=40, unique=True)
    label = models.CharField(_("variant"), max_length=80, blank=True)
    base_price = models.PositiveBigIntegerField(_("member price (Rp)"))
    suggested_price = models.PositiveBigIntegerField(_("suggested selling price (Rp)"))
    stock = models.PositiveIntegerField(_("stock"), default=0)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"), default=0)
    # Where the item sits in the leader's store room ("A-03"); the pick list
    # walks the shelves in this order.
    bin_location = models.CharField(
        _("shelf / bin"), max_length=20, blank=True, default=""
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["product_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="variant_stock_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """Product name plus label, e.g. "Hijab Segi Empat — Merah"."""
        return variant_display_name(self.product.name, self.label)

    @property
    def margin(self) -> int:
        """Rupiah a member earns per unit at the suggested price."""
        return int(self.suggested_price) - int(self.base_price)

    @property
    def margin_percent(self) -> int:
        """The margin as a whole percent of the suggested selling price."""
        if not self.suggested_price:
            return 0
        return round(self.margin * 100 / self.suggested_price)

    @property
    def shipping_weight(self) -> int:
        return self.weight_grams or self.product.weight_grams


class ProductImage(models.Model):
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.CASCADE,
        related_name="images",
    )
    # The upload as it came, kept privately until the task re-encodes it into
    # ``image``: an unprocessed file (EXIF, appended payload) is never public.
    original = models.FileField(
        _("uploaded file"),
        upload_to="catalog/originals/%Y/%m/",
        storage=private_storage,
        blank=True,
    )
    image = models.ImageField(_("photo"), upload_to="catalog/photos/%Y/%m/", blank=True)
    thumb_small = models.ImageField(
        _("small thumbnail"), upload_to="catalog/thumbs/", blank=True
    )
    thumb_large = models.ImageField(
        _("large thumbnail"), upload_to="catalog/thumbs/", blank=True
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("sort position", "order"), default=0
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product_id", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.product} #{self.position}"

    @property
    def is_ready(self) -> bool:
        return bool(self.processed_at and self.image)

    @property
    def small_url(self) -> str:
        field = self.thumb_small or self.image
        return field.url if field else ""

    @property
    def large_url(self) -> str:
        field = self.thumb_large or self.image
        return field.url if field else ""


class StockMovement(models.Model):
    class Kind(models.TextChoices):
        RESTOCK = "restock", _("Restock")
        RESERVATION = "reservation", _("Reserved for an order")
        RELEASE = "release", _("Released (order cancelled)")
        RETURN_RESTOCK = "return_restock", _("Returned to stock")
        CORRECTION = "correction", _("Correction")

    variant = models.ForeignKey(
        Variant,
        verbose_name=_("variant"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    quantity = models.IntegerField(
        _("quantity"), help_text=_("Positive adds to stock, negative takes from it.")
    )
    stock_after = models.PositiveIntegerField(_("stock after"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["variant", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quantity=0), name="stockmovement_quantity_not_zero"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id} {self.kind} {self.quantity:+d}"
