"""Training: four mentor-checked stages, the glossary and the practice tools.

A trainee climbs ordered ``Stage``s, each a list of ``ChecklistItem``s. The
trainee's own mentor ticks an item (an ``ItemCheck`` row); items the data can
prove (``auto``) tick themselves from order and settlement events. An untick
never deletes: the check row keeps who unticked it, when and why, and a partial
unique constraint allows only one *active* check per (enrollment, item).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from community.models import Marketplace
from community.storage import private_storage


class GlossaryTerm(models.Model):
    """A marketplace word explained in plain Indonesian, with an example."""

    term = models.CharField(_("term"), max_length=80, unique=True)
    slug = models.SlugField(_("short name (slug)"), max_length=90, unique=True)
    also_known_as = models.CharField(_("also called"), max_length=160, blank=True)
    meaning = models.TextField(_("meaning"))
    example = models.TextField(_("example"), blank=True)

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        ordering = ["term"]

    def __str__(self) -> str:
        return self.term


class Stage(models.Model):
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("sort position", "order"), unique=True
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ChecklistItem(models.Model):
    class AutoCode(models.TextChoices):
        FIRST_ORDER = "first_order", _("First order logged")
        FIRST_SETTLEMENT = "first_settlement", _("First settlement confirmed")
        FIVE_COMPLETED = "five_completed", _("Five orders completed")

    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="items", verbose_name=_("stage")
    )
    position = models.PositiveSmallIntegerField(
        pgettext_lazy("sort position", "order"), default=0
    )
    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("title"), max_length=160)
    explanation = models.TextField(_("explanation"), blank=True)
    auto = models.BooleanField(
        _("ticks itself"),
        default=False,
        help_text=_("Ticked automatically from real orders and settlements."),
    )
    auto_code = models.CharField(
        _("event"), max_length=20, choices=AutoCode, blank=True, default=""
    )
    terms = models.ManyToManyField(
        GlossaryTerm, blank=True, related_name="items", verbose_name=_("terms used")
    )

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["stage__position", "position", "pk"]
        constraints = [
            # An automatic item names the event that ticks it; a manual one none.
            models.CheckConstraint(
                condition=(Q(auto=True) & ~Q(auto_code=""))
                | (Q(auto=False) & Q(auto_code="")),
                name="checklistitem_auto_has_code",
            ),
            models.UniqueConstraint(
                fields=["auto_code"],
                condition=~Q(auto_code=""),
                name="checklistitem_auto_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Enrollment(models.Model):
    trainee = models.OneToOneField(
        "community.Member",
        on_delete=models.CASCADE,
        related_name="enrollment",
        verbose_name=_("trainee"),
    )
    mentor = models.ForeignKey(
        "community.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentored_enrollments",
        verbose_name=_("mentor"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["trainee__full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(mentor=F("trainee")), name="enrollment_not_own_mentor"
            ),
        ]

    def __str__(self) -> str:
        return str(self.trainee)


class ItemCheck(models.Model):
    """One tick of one item; an untick keeps the row with its reason."""

    class Source(models.TextChoices):
        MENTOR = "mentor", _("Mentor")
        AUTOMATIC = "auto", _("Automatic")

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="checks"
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.PROTECT, related_name="checks"
    )
    source = models.CharField(max_length=6, choices=Source, default=Source.MENTOR)
    # Who ticked: the mentor's (or leader's) Member row; empty for automatic.
    checked_by = models.ForeignKey(
        "community.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ticked by"),
    )
    checked_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("ticked at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)
    evidence = models.ImageField(
        _("evidence photo"),
        storage=private_storage,
        upload_to="training/evidence/%Y/%m/",
        blank=True,
    )
    reference = models.CharField(
        _("event"), max_length=80, blank=True, help_text=_("e.g. order:12")
    )
    unchecked_at = models.DateTimeField(_("unticked at"), null=True, blank=True)
    unchecked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unticked by"),
    )
    uncheck_reason = models.TextField(_("reason for untick"), blank=True)

    class Meta:
        verbose_name = _("item tick")
        verbose_name_plural = _("item ticks")
        ordering = ["-checked_at", "-pk"]
        constraints = [
            # The backstop against a double tick from two concurrent events.
            models.UniqueConstraint(
                fields=["enrollment", "item"],
                condition=Q(unchecked_at__isnull=True),
                name="itemcheck_one_active_per_item",
            ),
            models.CheckConstraint(
                condition=Q(unchecked_at__isnull=True) | ~Q(uncheck_reason=""),
                name="itemcheck_untick_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.item}"

    @property
    def is_active(self) -> bool:
        return self.unchecked_at is None


class PromoSlot(models.Model):
    """A promo or flash-sale slot a member set up in one of their shops."""

    class Kind(models.TextChoices):
        PROMO = "promo", _("Promo (discount)")
        FLASH_SALE = "flash_sale", _("Flash sale")

    member = models.ForeignKey(
        "community.Member", on_delete=models.CASCADE, related_name="promo_slots"
    )
    shop = models.ForeignKey(
        "community.Shop",
        on_delete=models.CASCADE,
        related_name="promo_slots",
        verbose_name=_("shop"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PROMO)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    products = models.TextField(
        _("products"), help_text=_("Which products are in the promo.")
    )
    discount_percent = models.PositiveSmallIntegerField(_("discount (%)"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("promo slot")
        verbose_name_plural = _("promo slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="promoslot_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=1) & Q(discount_percent__lte=99),
                name="promoslot_discount_range",
            ),
        ]
        indexes = [models.Index(fields=["reminded_at", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.shop} {self.starts_at:%Y-%m-%d %H:%M}"


class CompetitorPrice(models.Model):
    """A competitor's price a trainee found for a category (segmentation)."""

    member = models.ForeignKey(
        "community.Member", on_delete=models.CASCADE, related_name="competitor_prices"
    )
    category = models.ForeignKey(
        "catalog.Category",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("category"),
    )
    marketplace = models.CharField(_("marketplace"), max_length=12, choices=Marketplace)
    product_name = models.CharField(_("product"), max_length=160)
    shop_name = models.CharField(_("competitor shop"), max_length=120, blank=True)
    price = models.PositiveBigIntegerField(_("price (Rp)"))
    sold_count = models.PositiveIntegerField(
        _("sold (as shown)"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("competitor price")
        verbose_name_plural = _("competitor prices")
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0), name="competitorprice_price_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name} {self.price}"
