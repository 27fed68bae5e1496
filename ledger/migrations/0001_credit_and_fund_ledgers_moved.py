"""The credit ledger (from returns) and the fund ledger and charity policy (from
charity) become the ledger app's models.

State only: the tables keep their names (``db_table``), no row moves. The
content types follow, so permissions and admin history stay attached.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models

MOVED = {
    "returns": ["creditentry", "creditbalance"],
    "charity": ["charitypolicy", "fundentry", "fundbalance"],
}


def _move_content_types(apps, *, to_ledger: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for app_label, models_ in MOVED.items():
        source, target = (app_label, "ledger") if to_ledger else ("ledger", app_label)
        content_type.objects.filter(app_label=source, model__in=models_).update(
            app_label=target
        )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('community', '0002_roles'),
        ('contenttypes', '0002_remove_content_type_name'),
        # The tables exist before the ledger takes them over.
        ('returns', '0002_return_requests'),
        ('charity', '0003_beneficiary_program_disbursement'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    moved = [
        migrations.CreateModel(
            name='CreditBalance',
            fields=[
                ('member', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='credit_balance_row', serialize=False, to='community.member')),
                ('balance', models.BigIntegerField(default=0)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'credit balance',
                'verbose_name_plural': 'credit balances',
                'db_table': 'returns_creditbalance',
                'constraints': [models.CheckConstraint(condition=models.Q(('balance__gte', 0)), name='credit_balance_not_negative')],
            },
        ),
        migrations.CreateModel(
            name='FundBalance',
            fields=[
                ('id', models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('balance', models.BigIntegerField(default=0, verbose_name='balance (Rp)')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
            ],
            options={
                'verbose_name': 'fund balance',
                'verbose_name_plural': 'fund balance',
                'db_table': 'charity_fundbalance',
                'constraints': [models.CheckConstraint(condition=models.Q(('balance__gte', 0)), name='fundbalance_not_negative'), models.CheckConstraint(condition=models.Q(('id', 1)), name='fundbalance_single_row')],
            },
        ),
        migrations.CreateModel(
            name='CharityPolicy',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rate_percent', models.DecimalField(decimal_places=2, default=Decimal('2.5'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('100'))], verbose_name='rate (percent of profit)')),
                ('minimum_per_order', models.PositiveBigIntegerField(default=0, verbose_name='minimum per order (Rp)')),
                ('effective_from', models.DateField(verbose_name='in force from')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='set at')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='set by')),
            ],
            options={
                'verbose_name': 'charity policy',
                'verbose_name_plural': 'charity policies',
                'db_table': 'charity_charitypolicy',
                'ordering': ['-effective_from', '-created_at', '-pk'],
                'constraints': [models.CheckConstraint(condition=models.Q(('rate_percent__gte', 0), ('rate_percent__lte', 100)), name='charity_policy_rate_0_100')],
            },
        ),
        migrations.CreateModel(
            name='CreditEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.BigIntegerField(verbose_name='amount')),
                ('kind', models.CharField(choices=[('return_credit', 'Return credit'), ('applied_to_settlement', 'Used for a settlement'), ('settlement_reversal', 'Returned from a settlement'), ('adjustment', 'Adjustment')], max_length=24, verbose_name='kind')),
                ('reference', models.CharField(max_length=80, verbose_name='reference')),
                ('idempotency_key', models.CharField(max_length=120, unique=True)),
                ('balance_after', models.BigIntegerField(verbose_name='balance after')),
                ('memo', models.CharField(blank=True, max_length=255, verbose_name='memo')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='time')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='credit_entries', to='community.member', verbose_name='member')),
            ],
            options={
                'verbose_name': 'credit entry',
                'verbose_name_plural': 'credit entries',
                'db_table': 'returns_creditentry',
                'ordering': ['-created_at', '-id'],
                'indexes': [models.Index(fields=['member', 'created_at'], name='returns_cre_member__91e879_idx')],
                'constraints': [models.CheckConstraint(condition=models.Q(('amount', 0), _negated=True), name='credit_entry_amount_not_zero'), models.CheckConstraint(condition=models.Q(('balance_after__gte', 0)), name='credit_entry_balance_after_not_negative')],
            },
        ),
        migrations.CreateModel(
            name='FundEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('amount', models.BigIntegerField(verbose_name='amount (Rp)')),
                ('kind', models.CharField(choices=[('contribution', 'Member contribution'), ('unique_code', 'Transfer unique code'), ('donation', 'Donation'), ('disbursement', 'Disbursement'), ('adjustment', 'Adjustment')], max_length=14, verbose_name='kind')),
                ('reference', models.CharField(blank=True, max_length=120, verbose_name='reference')),
                ('idempotency_key', models.CharField(max_length=120, unique=True, verbose_name='idempotency key')),
                ('memo', models.CharField(blank=True, max_length=255, verbose_name='memo')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='recorded at')),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('member', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='fund_entries', to='community.member', verbose_name='contributor')),
            ],
            options={
                'verbose_name': 'fund entry',
                'verbose_name_plural': 'fund entries',
                'db_table': 'charity_fundentry',
                'ordering': ['-created_at', '-pk'],
                'indexes': [models.Index(fields=['kind', 'created_at'], name='fundentry_kind_created'), models.Index(fields=['member', 'kind'], name='fundentry_member_kind'), models.Index(fields=['reference'], name='fundentry_reference')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind__in', ['contribution', 'unique_code', 'donation']), _negated=True), ('amount__gte', 0), _connector='OR'), name='fundentry_income_not_negative'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'disbursement'), _negated=True), ('amount__lte', 0), _connector='OR'), name='fundentry_disbursement_not_positive')],
            },
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=moved),
        migrations.RunPython(
            lambda apps, schema: _move_content_types(apps, to_ledger=True),
            lambda apps, schema: _move_content_types(apps, to_ledger=False),
        ),
    ]
