"""What the impact report is measured against: the regional minimum wage (UMK)
the leader enters, and the report's few settings.

Everything else in insights only reads the other apps.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MinimumWage(models.Model):
    """The UMK of one kabupaten, in force from 1 January of ``year``."""

    kabupaten = models.CharField(_("regency (kabupaten)"), max_length=80)
    year = models.PositiveSmallIntegerField(
        _("in force from year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    amount = models.PositiveBigIntegerField(_("minimum wage per month (Rp)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("set at"), auto_now_add=True)

    class Meta:
        verbose_name = _("regional minimum wage")
        verbose_name_plural = _("regional minimum wages")
        ordering = ["kabupaten", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["kabupaten", "year"], name="minimum_wage_one_per_year"
            ),
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="minimum_wage_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kabupaten} {self.year}: {self.amount}"


class ImpactSettings(models.Model):
    """The report's settings: one row (pk 1); defaults apply until it exists."""

    SINGLETON_PK = 1

    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLETON_PK)
    kabupaten = models.CharField(
        _("our regency (kabupaten)"), max_length=80, default="Sumenep"
    )
    at_risk_days = models.PositiveSmallIntegerField(
        _("days without a sale or progress before a learner needs help"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    tax_threshold = models.PositiveBigIntegerField(
        _("small-business tax threshold per year (Rp)"), default=500_000_000
    )
    tax_rate_percent = models.DecimalField(
        _("final tax above the threshold (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    tax_warning_percent = models.PositiveSmallIntegerField(
        _("warn from (% of the threshold)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    leader_margin_percent = models.DecimalField(
        _("leader's margin on the member price (%, estimate)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "Kongsi does not know what the leader pays the supplier. "
            "Leave 0 to hide the leader's margin."
        ),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("impact report settings")
        verbose_name_plural = _("impact report settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1), name="impact_settings_single_row"
            ),
            models.CheckConstraint(
                condition=Q(at_risk_days__gte=1), name="impact_settings_days_min_1"
            ),
            models.CheckConstraint(
                condition=Q(tax_warning_percent__gte=1)
                & Q(tax_warning_percent__lte=100),
                name="impact_settings_warning_1_100",
            ),
        ]

    def __str__(self) -> str:
        return str(self.kabupaten)
