from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from community.backup import backup_restore
from community.errors import KongsiError


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database (migrates it first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = backup_restore(archive_path=options["archive"])
        except KongsiError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {manifest['database_objects']} rows and "
                f"{manifest['media_files']} media files from {options['archive']}."
            )
        )
