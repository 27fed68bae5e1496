"""Demo impact report: UMK figures for Sumenep, entered through the leader's
service as on the settings page. Idempotent.

Demo figures, round and close to the real ones but not the official decree:
a real community enters the governor's figure each year.
"""

from django.contrib.auth import get_user_model

from insights.impact.config import minimum_wage_set
from insights.periods import jakarta_now

DEMO_WAGES = {-1: 2_300_000, 0: 2_450_000}  # years before this one → Rp a month


def seed(context: dict) -> dict:
    leader = get_user_model().objects.get(username="ketua")
    year = jakarta_now().year
    wages = {}
    for offset, amount in DEMO_WAGES.items():
        wage = minimum_wage_set(
            kabupaten="Sumenep", year=year + offset, amount=amount, actor=leader
        )
        wages[wage.year] = wage.amount
    return {"minimum_wages": wages}
