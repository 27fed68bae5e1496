"""Marketplace imports: each uploaded export, the member's SKU map, fee
differences the leader must settle by hand, and stock-out notices.

Orders themselves are ``orders.Order`` rows written through the orders
services; this app only remembers where they came from.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.storage import private_storage


def import_upload_to(batch: "ImportBatch", filename: str) -> str:
    stamp = timezone.now()
    return f"imports/{stamp:%Y/%m}/{stamp:%d%H%M%S}-{filename[-60:]}"


class ImportBatch(models.Model):
    """One upload: the files, the member's choices and, once confirmed, the counts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Checked, waiting for confirmation")
        DONE = "done", _("Imported")

    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    shop = models.ForeignKey(
        "community.Shop",
        verbose_name=_("shop"),
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    file = models.FileField(
        _("order export"),
        storage=private_storage,
        upload_to=import_upload_to,
        blank=True,
        max_length=200,
    )
    income_file = models.FileField(
        _("income export"),
        storage=private_storage,
        upload_to=import_upload_to,
        blank=True,
        max_length=200,
    )
    layout = models.CharField(_("layout"), max_length=60, blank=True)
    as_draft = models.BooleanField(_("save as drafts"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING
    )
    created = models.PositiveIntegerField(_("orders created"), default=0)
    updated = models.PositiveIntegerField(_("orders updated"), default=0)
    skipped = models.PositiveIntegerField(_("orders skipped"), default=0)
    fees_set = models.PositiveIntegerField(_("fees filled"), default=0)
    # The Kongsi orders this import created or changed.
    orders = models.ManyToManyField(
        "orders.Order",
        verbose_name=_("orders"),
        related_name="import_batches",
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("marketplace import")
        verbose_name_plural = _("marketplace imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.layout or self.shop}"

    @property
    def source(self) -> str:
        """How events name this import: "impor #12 (Shopee (pesanan))"."""
        return (
            f"impor #{self.pk} ({self.layout})" if self.layout else f"impor #{self.pk}"
        )


class ShopListing(models.Model):
    """A variant seen in a shop's export: the member sells it there.

    Written by every confirmed import; the stock-out broadcast reads it to know
    whom to tell and which shops to list on the checklist.
    """

    shop = models.ForeignKey(
        "community.Shop",
        verbose_name=_("shop"),
        on_delete=models.CASCADE,
        related_name="listings",
    )
    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("catalog item"),
        on_delete=models.CASCADE,
        related_name="shop_listings",
    )
    last_seen = models.DateTimeField(_("last seen in an import"), default=timezone.now)

    class Meta:
        verbose_name = _("item in a shop")
        verbose_name_plural = _("items in shops")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "variant"], name="shop_listing_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shop_id}: {self.variant_id}"


class SkuMapping(models.Model):
    """A member's own marketplace code (or product + variation) → catalog variant.

    Used when the line's SKU is not a Kongsi SKU: the member typed their own
    code in the marketplace, or none at all.
    """

    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="sku_mappings",
    )
    marketplace_sku = models.CharField(_("marketplace SKU"), max_length=80, blank=True)
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    variation = models.CharField(_("variation"), max_length=120, blank=True)
    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("catalog item"),
        on_delete=models.CASCADE,
        related_name="sku_mappings",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("SKU mapping")
        verbose_name_plural = _("SKU mappings")
        ordering = ["member_id", "marketplace_sku", "product_name", "variation"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "marketplace_sku"],
                condition=~Q(marketplace_sku=""),
                name="sku_mapping_once_per_sku",
            ),
            models.UniqueConstraint(
                fields=["member", "product_name", "variation"],
                condition=Q(marketplace_sku=""),
                name="sku_mapping_once_per_name",
            ),
        ]

    def __str__(self) -> str:
        key = self.marketplace_sku or f"{self.product_name} / {self.variation}"
        return f"{key} → {self.variant_id}"


class FeeDifference(models.Model):
    """A fee from an income file that differs from an order already inside a
    settlement: the order is not changed; the leader adjusts by hand."""

    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        on_delete=models.CASCADE,
        related_name="fee_differences",
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="fee_differences",
    )
    settlement_id = models.PositiveBigIntegerField(_("settlement"), null=True)
    recorded_fee = models.PositiveBigIntegerField(_("fee on the order (Rp)"))
    marketplace_fee = models.PositiveBigIntegerField(_("fee in the file (Rp)"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("fee difference")
        verbose_name_plural = _("fee differences")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "marketplace_fee"], name="fee_difference_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.recorded_fee} → {self.marketplace_fee}"

    @property
    def difference(self) -> int:
        """Rupiah more (positive) the marketplace kept than the order says."""
        return int(self.marketplace_fee) - int(self.recorded_fee)


class StockOutNotice(models.Model):
    """A member was told that a variant they list ran out or was withdrawn."""

    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="stock_out_notices",
    )
    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("catalog item"),
        on_delete=models.CASCADE,
        related_name="stock_out_notices",
    )
    reason = models.CharField(_("reason"), max_length=20)
    key = models.CharField(max_length=120)
    whatsapp_text = models.TextField(_("WhatsApp text"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("stock-out notice")
        verbose_name_plural = _("stock-out notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "key"], name="stock_out_notice_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.variant_id} ({self.reason})"


class StockOutShopCheck(models.Model):
    """One shop of the checklist "turn off in my shops", ticked by the member."""

    notice = models.ForeignKey(
        StockOutNotice,
        verbose_name=_("notice"),
        on_delete=models.CASCADE,
        related_name="checks",
    )
    shop = models.ForeignKey(
        "community.Shop",
        verbose_name=_("shop"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    done_at = models.DateTimeField(_("turned off at"), default=timezone.now)

    class Meta:
        verbose_name = _("shop turned off")
        verbose_name_plural = _("shops turned off")
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "shop"], name="stock_out_check_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}: {self.shop_id}"
