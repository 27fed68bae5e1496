"""Report background work stuck longer than a threshold; exit non-zero if any.

Statements waiting for matching, photos waiting to be drawn and outbox rows not
done (``insights/task_audit.py``). Run it from cron or after an outage, next to
``audit_money``.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from insights.task_audit import run_checks


class Command(BaseCommand):
    help = "Report statements, photo jobs and background tasks stuck too long."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            default=getattr(settings, "KONGSI_TASK_STUCK_MINUTES", 30),
            help="work older than this many minutes and not done is stuck",
        )

    def handle(self, *args, **options):
        results = run_checks(minutes=max(0, options["minutes"]))
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
            raise CommandError(f"audit_tasks found {failures} stuck piece(s) of work")
