"""Data: the default 2.5 % / Rp 0 policy in force from 2020-01-01 and the fund
balance row."""

import datetime
from decimal import Decimal

from django.db import migrations


def create_defaults(apps, schema_editor):
    CharityPolicy = apps.get_model("charity", "CharityPolicy")
    FundBalance = apps.get_model("charity", "FundBalance")
    if not CharityPolicy.objects.exists():
        CharityPolicy.objects.create(
            rate_percent=Decimal("2.50"),
            minimum_per_order=0,
            effective_from=datetime.date(2020, 1, 1),
        )
    FundBalance.objects.get_or_create(pk=1, defaults={"balance": 0})


class Migration(migrations.Migration):
    dependencies = [("charity", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
