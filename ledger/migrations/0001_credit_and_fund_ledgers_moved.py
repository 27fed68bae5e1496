"""The credit ledger (from returns) and the fund ledger and charity policy (from
charity) become the ledger app's models.

State only: the tables keep their names (``db_table``), no row moves. The
models are taken as the migrations that created them left them (nothing
altered them since), under the ledger's label with their old table names. The
content types follow, so permissions and admin history stay attached.
"""

from importlib import import_module

from django.conf import settings
from django.db import migrations

# app → (the migration that created the models, the models it hands over)
MOVED = {
    "returns": ("0001_credit_ledger", ["CreditBalance", "CreditEntry"]),
    "charity": ("0001_initial", ["FundBalance", "CharityPolicy", "FundEntry"]),
}


def _moved_models() -> list[migrations.CreateModel]:
    created = []
    for app_label, (migration, names) in MOVED.items():
        module = import_module(f"{app_label}.migrations.{migration}")
        operations = {
            operation.name: operation
            for operation in module.Migration.operations
            if isinstance(operation, migrations.CreateModel)
        }
        for name in names:
            old = operations[name]
            created.append(
                migrations.CreateModel(
                    name=name,
                    fields=[(field_name, f.clone()) for field_name, f in old.fields],
                    options={**old.options, "db_table": f"{app_label}_{name.lower()}"},
                    bases=old.bases,
                    managers=old.managers,
                )
            )
    return created


def _move_content_types(apps, *, to_ledger: bool) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for app_label, (_migration, names) in MOVED.items():
        models = [name.lower() for name in names]
        source, target = (app_label, "ledger") if to_ledger else ("ledger", app_label)
        content_type.objects.filter(app_label=source, model__in=models).update(
            app_label=target
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("community", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        # The tables exist before the ledger takes them over.
        ("returns", "0002_return_requests"),
        ("charity", "0003_beneficiary_program_disbursement"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=_moved_models()),
        migrations.RunPython(
            lambda apps, schema: _move_content_types(apps, to_ledger=True),
            lambda apps, schema: _move_content_types(apps, to_ledger=False),
        ),
    ]
