"""The fund ledger and the charity policy now belong to the ledger app (state
only; the tables ``charity_fundentry``, ``charity_fundbalance`` and
``charity_charitypolicy`` stay as they are)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("charity", "0003_beneficiary_program_disbursement"),
        ("ledger", "0001_credit_and_fund_ledgers_moved"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="disbursement",
                    name="fund_entry",
                    field=models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="disbursement",
                        to="ledger.fundentry",
                        verbose_name="fund entry",
                    ),
                ),
                migrations.DeleteModel(name="CharityPolicy"),
                migrations.DeleteModel(name="FundBalance"),
                migrations.DeleteModel(name="FundEntry"),
            ]
        )
    ]
