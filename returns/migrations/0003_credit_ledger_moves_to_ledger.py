"""The credit ledger now belongs to the ledger app (state only; the tables
``returns_creditentry`` and ``returns_creditbalance`` stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("returns", "0002_return_requests"),
        ("ledger", "0001_credit_and_fund_ledgers_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="returnrequest",
                    name="credit_entry",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="return_request",
                        to="ledger.creditentry",
                        verbose_name="credit entry",
                    ),
                ),
                migrations.DeleteModel(name="CreditBalance"),
                migrations.DeleteModel(name="CreditEntry"),
            ]
        )
    ]
