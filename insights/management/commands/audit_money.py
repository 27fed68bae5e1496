"""Check every money invariant Kongsi knows; exit non-zero on any violation.

Each domain keeps its own checks in ``<app>/audit.py`` as ``run_checks()``,
returning a list of ``(check name, problems)``; this command only reads and
reports. Insights sits on top of every app, so it may import them all.
"""

import importlib

from django.core.management.base import BaseCommand, CommandError

# In dependency order; a domain without audit.py yet is skipped.
AUDIT_MODULES = [
    "ledger.audit",
    "catalog.audit",
    "orders.audit",
    "settlements.audit",
    "returns.audit",
    "charity.audit",
]


def run_all_checks() -> list[tuple[str, list[str]]]:
    """Return (check name, problems) for every check of every domain."""
    results: list[tuple[str, list[str]]] = []
    for module_name in AUDIT_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue
            raise
        results.extend(module.run_checks())
    return results


class Command(BaseCommand):
    help = "Audit the money ledgers; exit 1 on any violation."

    def handle(self, *args, **options):
        results = run_all_checks()
        failures = 0
        for name, problems in results:
            if problems:
                failures += len(problems)
                self.stdout.write(self.style.ERROR(f"✗ {name}: {len(problems)}"))
                for problem in problems[:20]:
                    self.stdout.write(f"    {problem}")
            else:
                self.stdout.write(self.style.SUCCESS(f"✓ {name}"))
        self.stdout.write(f"{len(results)} checks, {failures} problems")
        if failures:
            raise CommandError(f"audit_money found {failures} problem(s)")
