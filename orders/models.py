"""Orders members log from their marketplace shops, their lines and history.

Status, money and stock change only through ``orders.services`` (one locking
service per transition, each writing an ``OrderEvent``).
"""

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.events import StatusEvent
from community.storage import private_storage
from ledger.references import order_ref
from orders.couriers import Courier, tracking_url


def label_upload_to(order: "Order", filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    stamp = timezone.now()
    return f"labels/{stamp:%Y/%m}/order-{order.pk or 'new'}-{stamp:%H%M%S}.{extension}"


class Order(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Waiting for payment")
        PAID = "paid", _("Paid, to be packed")
        PACKED = "packed", _("Packed")
        SHIPPED = "shipped", _("Shipped")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # The status sets other apps ask about: the one definition of each.
    # Paid or later: the leader has the money (returnable, counted as paid).
    PAID_OR_LATER = frozenset(
        {Status.PAID, Status.PACKED, Status.SHIPPED, Status.COMPLETED}
    )
    # Sold: logged and not cancelled (the insights count these).
    SOLD = frozenset({Status.SUBMITTED, *PAID_OR_LATER})
    # The leader's fulfilment work: paid, packed, shipped.
    IN_FULFILMENT = frozenset({Status.PAID, Status.PACKED, Status.SHIPPED})

    member = models.ForeignKey(
        "community.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    shop = models.ForeignKey(
        "community.Shop",
        verbose_name=_("shop"),
        on_delete=models.PROTECT,
        related_name="orders",
    )
    marketplace_order_no = models.CharField(
        _("marketplace order number"), max_length=64
    )
    recipient_name = models.CharField(_("recipient name"), max_length=120, blank=True)
    recipient_phone = models.CharField(_("recipient phone"), max_length=32, blank=True)
    recipient_address = models.TextField(_("recipient address"), blank=True)
    courier = models.CharField(_("courier"), max_length=12, choices=Courier, blank=True)
    shipping_fee = models.PositiveBigIntegerField(
        _("shipping fee the member pays (Rp)"), default=0
    )
    marketplace_fee = models.PositiveBigIntegerField(
        _("marketplace fee (Rp)"), default=0
    )
    label = models.FileField(
        _("shipping label"),
        storage=private_storage,
        upload_to=label_upload_to,
        blank=True,
        max_length=200,
    )
    tracking_no = models.CharField(
        _("tracking number (resi)"), max_length=64, blank=True
    )
    # The marketplace's "ship before" deadline (from an import or typed by the
    # member); the leader's packing list sorts by it.
    ship_by = models.DateTimeField(_("ship by"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    # The charity policy in force when the order was submitted.
    charity_rate = models.DecimalField(
        _("charity rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    charity_minimum = models.PositiveBigIntegerField(
        _("charity minimum (Rp)"), null=True, blank=True
    )
    goods_total = models.PositiveBigIntegerField(_("goods total (Rp)"), default=0)
    profit = models.BigIntegerField(_("profit (Rp)"), default=0)
    charity_share = models.PositiveBigIntegerField(_("charity share (Rp)"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    packed_at = models.DateTimeField(_("packed at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # Also serves (member, status) lookups (status is read from the
            # index). The leader's member activity finds each member's orders of
            # the month and last sale by (member, submitted_at) ranges in it,
            # instead of joining all orders (200 000 orders: ~900 → ~30 ms).
            # profit is a key column, not INCLUDE: SQLite has no INCLUDE.
            models.Index(
                fields=["member", "submitted_at", "status", "profit"],
                name="order_member_sales",
            ),
            models.Index(fields=["status", "submitted_at"], name="order_status_sub"),
            models.Index(fields=["status", "ship_by"], name="order_status_ship_by"),
        ]
        constraints = [
            # A cancelled order frees its number: the member may log it again.
            models.UniqueConstraint(
                fields=["shop", "marketplace_order_no"],
                condition=~Q(status="cancelled"),
                name="order_number_unique_per_shop",
            ),
            # One resi is one parcel: the same number twice for a courier is a
            # typing or scanning mistake (orders.packing says so in words).
            models.UniqueConstraint(
                fields=["courier", "tracking_no"],
                condition=~Q(tracking_no="") & ~Q(status="cancelled"),
                name="order_tracking_no_unique_per_courier",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["shipped", "completed"]) | ~Q(tracking_no=""),
                name="order_shipped_has_tracking_no",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="cancelled", submitted_at__isnull=True)
                | Q(charity_rate__isnull=False, submitted_at__isnull=False),
                name="order_submitted_has_policy_snapshot",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.marketplace_order_no}"

    @property
    def tracking_url(self) -> str:
        return tracking_url(self.courier, self.tracking_no)

    @property
    def status_tone(self) -> str:
        """The badge colour of the status: ok / warn / bad / info."""
        return STATUS_TONES.get(self.status, "")

    @property
    def reference(self) -> str:
        """The reference written on stock movements of this order."""
        return str(order_ref(self.pk))


STATUS_TONES = {
    Order.Status.DRAFT: "",
    Order.Status.SUBMITTED: "warn",
    Order.Status.PAID: "info",
    Order.Status.PACKED: "info",
    Order.Status.SHIPPED: "info",
    Order.Status.COMPLETED: "ok",
    Order.Status.CANCELLED: "bad",
}


class OrderLine(models.Model):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(
        "catalog.Variant",
        verbose_name=_("item"),
        on_delete=models.PROTECT,
        related_name="order_lines",
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_base_price = models.PositiveBigIntegerField(_("member price per item (Rp)"))
    sale_price = models.PositiveBigIntegerField(_("price the buyer paid per item (Rp)"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["order_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="orderline_quantity_at_least_1"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"

    @property
    def base_total(self) -> int:
        return self.unit_base_price * self.quantity

    @property
    def sale_total(self) -> int:
        return self.sale_price * self.quantity


class OrderEvent(StatusEvent):
    """One change of an order: who, when, from which status to which, details."""

    order = StatusEvent.subject(Order, _("order"))
    from_status = models.CharField(
        _("from"), max_length=10, choices=Order.Status, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Order.Status)

    class Meta(StatusEvent.Meta):
        verbose_name = _("order event")
        verbose_name_plural = _("order events")

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status or '·'} → {self.to_status}"


class TrackingLink(models.Model):
    """Where a courier's parcels are tracked; the leader edits these in admin.

    ``{resi}`` in the template is replaced by the URL-quoted tracking number.
    The row with an empty courier is the general fallback for couriers that
    have no row of their own.
    """

    courier = models.CharField(
        _("courier"),
        max_length=12,
        choices=Courier,
        blank=True,
        unique=True,
        help_text=_("Empty: the general link for every other courier."),
    )
    url_template = models.CharField(
        _("tracking link"),
        max_length=300,
        help_text=_("An https:// address with {resi} where the number goes."),
    )

    class Meta:
        verbose_name = _("tracking link")
        verbose_name_plural = _("tracking links")
        ordering = ["courier"]

    def __str__(self) -> str:
        return self.get_courier_display() or str(_("Every other courier"))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        forget_tracking_links()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_tracking_links()
        return result

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        template = (self.url_template or "").strip()
        if not template.startswith("https://") or "{resi}" not in template:
            raise ValidationError(
                {
                    "url_template": _(
                        "Write an https:// address that holds {resi} "
                        "where the tracking number goes."
                    )
                }
            )
        self.url_template = template


def forget_tracking_links() -> None:
    """Drop the cached link templates (after the leader changed one)."""
    from orders.couriers import TRACKING_LINKS_CACHE_KEY, forget_local_templates

    cache.delete(TRACKING_LINKS_CACHE_KEY)
    forget_local_templates()
