"""The fund ledger summed per Jakarta month and kind, kept by a trigger.

The trigger is installed before the fill: creating it locks the entries
against writers until this migration commits, so no entry is missed or
counted twice.
"""

from django.db import migrations, models

from ledger.fund_months import fill_fund_months, install_fund_month_triggers


def install_and_fill(apps, schema_editor):
    install_fund_month_triggers(schema_editor.connection)
    fill_fund_months(schema_editor.connection)


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP TRIGGER IF EXISTS kongsi_fund_month ON charity_fundentry"
            )
            cursor.execute("DROP FUNCTION IF EXISTS kongsi_fund_month()")
        elif connection.vendor == "sqlite":
            for event in ("insert", "update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS kongsi_fund_month_{event}")


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0001_credit_and_fund_ledgers_moved'),
    ]

    operations = [
        migrations.CreateModel(
            name='FundMonth',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField(verbose_name='month')),
                ('kind', models.CharField(choices=[('contribution', 'Member contribution'), ('unique_code', 'Transfer unique code'), ('donation', 'Donation'), ('disbursement', 'Disbursement'), ('adjustment', 'Adjustment')], max_length=14, verbose_name='kind')),
                ('amount', models.BigIntegerField(default=0, verbose_name='amount (Rp)')),
                ('entries', models.IntegerField(default=0, verbose_name='entries')),
            ],
            options={
                'verbose_name': 'fund month',
                'verbose_name_plural': 'fund months',
                'ordering': ['month', 'kind'],
                'constraints': [models.UniqueConstraint(fields=('month', 'kind'), name='fundmonth_one_row_per_month_kind')],
            },
        ),
        migrations.RunPython(install_and_fill, drop_triggers),
    ]
