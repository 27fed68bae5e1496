"""The charity policy in force and the charity share of a profit.

Leaf module: imports nothing from orders/settlements, so they may import it.
"""

from datetime import date

from django.utils import timezone

from community.money import percent_of

from .models import CharityPolicy

DEFAULT_EFFECTIVE_FROM = date(2020, 1, 1)


def policy_in_force(on: date | None = None) -> CharityPolicy:
    """The latest policy with ``effective_from <= on`` (today by default).

    When the date is before every policy the earliest one applies; when there is no
    policy at all (a flushed test database) the default 2.5 % / 0 applies, unsaved:
    a read never writes (a write would also bump the fund pages' cache version
    while the page that read it renders).
    """
    on = on or timezone.localdate()
    policy = (
        CharityPolicy.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-created_at", "-pk")
        .first()
    )
    if policy is None:
        policy = CharityPolicy.objects.order_by("effective_from", "pk").first()
    if policy is None:
        policy = CharityPolicy(effective_from=DEFAULT_EFFECTIVE_FROM)
    return policy


def charity_share_for(profit: int, policy: CharityPolicy) -> int:
    """``max(profit, 0) × rate`` rounded half-up, at least ``minimum_per_order``."""
    share = percent_of(max(int(profit), 0), policy.rate_percent)
    return max(share, int(policy.minimum_per_order))
