from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from community.backup import backup_create


class Command(BaseCommand):
    help = "Write the database and media files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="Archive path (default: backups/kongsi-YYYYmmdd-HHMMSS.tar.gz)",
        )

    def handle(self, *args, **options):
        output = options["output"] or Path("backups") / (
            f"kongsi-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz"
        )
        manifest = backup_create(output=output)
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {output}: {manifest['database_objects']} rows, "
                f"{manifest['media_files']} media files."
            )
        )
