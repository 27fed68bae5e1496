"""The report's settings and the UMK figures, read and written.

Writes (the leader's) go through ``minimum_wage_set`` and
``impact_settings_update``; everything else reads ``impact_settings()``.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.errors import KongsiError, PermissionDeniedError
from community.roles import is_leader
from insights.models import ImpactSettings, MinimumWage

SETTING_FIELDS = (
    "kabupaten",
    "at_risk_days",
    "tax_threshold",
    "tax_rate_percent",
    "tax_warning_percent",
    "leader_margin_percent",
)


def impact_settings() -> ImpactSettings:
    """Return the settings row, or an unsaved one with the defaults."""
    row = ImpactSettings.objects.filter(pk=ImpactSettings.SINGLETON_PK).first()
    return row or ImpactSettings()


def minimum_wages(kabupaten: str) -> dict[int, int]:
    """{year: amount} of the kabupaten's UMK figures (a handful of rows)."""
    return dict(
        MinimumWage.objects.filter(kabupaten__iexact=kabupaten.strip())
        .order_by("year")
        .values_list("year", "amount")
    )


def wage_for_year(wages: dict[int, int], year: int) -> int | None:
    """The UMK in force in ``year``: the latest figure from that year or before."""
    years = [known for known in wages if known <= year]
    return wages[max(years)] if years else None


def _require_leader(actor) -> None:
    if not is_leader(actor):
        raise PermissionDeniedError(_("Only the leader may change the report."))


@transaction.atomic
def minimum_wage_set(*, kabupaten: str, year: int, amount: int, actor) -> MinimumWage:
    """Record (or correct) the UMK of ``kabupaten`` from ``year`` on."""
    _require_leader(actor)
    kabupaten = (kabupaten or "").strip()
    if not kabupaten:
        raise KongsiError(_("Write the name of the regency."), field="kabupaten")
    if not 2000 <= int(year) <= 2100:
        raise KongsiError(_("Write a year between 2000 and 2100."), field="year")
    if int(amount) <= 0:
        raise KongsiError(_("The minimum wage must be more than 0."), field="amount")
    existing = (
        MinimumWage.objects.select_for_update()
        .filter(kabupaten__iexact=kabupaten, year=year)
        .first()
    )
    if existing is not None:
        existing.amount = int(amount)
        existing.created_by = actor
        existing.save(update_fields=["amount", "created_by"])
        return existing
    return MinimumWage.objects.create(
        kabupaten=kabupaten, year=year, amount=int(amount), created_by=actor
    )


@transaction.atomic
def impact_settings_update(*, actor, **values) -> ImpactSettings:
    """Change the report's settings (only the fields given)."""
    _require_leader(actor)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise KongsiError(_("Unknown setting."))
    row, _created = ImpactSettings.objects.select_for_update().get_or_create(
        pk=ImpactSettings.SINGLETON_PK
    )
    for name, value in values.items():
        if name in ("tax_rate_percent", "leader_margin_percent"):
            value = Decimal(value)
        setattr(row, name, value)
    try:
        row.full_clean()
    except ValidationError as error:
        name, problems = next(iter(error.message_dict.items()))
        raise KongsiError(problems[0], field=name) from None
    row.save()
    return row
