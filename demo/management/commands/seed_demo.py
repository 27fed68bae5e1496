"""Create the demo community (idempotent): people, shops, and every feature's
data. Each domain seeds in its own module under demo/, in dependency order."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

# The order matters: each step builds on the ones before it.
SEED_STEPS = [
    "demo.seed_community",
    "demo.seed_catalog",
    "demo.seed_orders",
    "demo.seed_settlements",
    "demo.seed_returns",
    "demo.seed_charity",
    "demo.seed_training",
    "demo.seed_insights",
]


class Command(BaseCommand):
    help = "Create the demo community of Juruan Laok (safe to run again)."

    def handle(self, *args, **options):
        context: dict = {}
        for module_name in SEED_STEPS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name == module_name:
                    continue  # that domain has no demo data yet
                raise
            with transaction.atomic():
                result = module.seed(context)
            context[module_name.rsplit(".", 1)[-1].removeprefix("seed_")] = result
            self.stdout.write(f"  ✓ {module_name}")
        from demo.seed_community import logins

        self.stdout.write(self.style.SUCCESS("Data contoh siap. Masuk dengan:"))
        for role, username, password in logins():
            self.stdout.write(f"  {role:<24} {username:<14} {password}")
