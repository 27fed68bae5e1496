"""One-archive backup and restore of Kongsi: the database and the media files.

The database goes in as Django's portable JSON (``dumpdata``), so a backup taken
on PostgreSQL restores into SQLite and back. Restore expects an empty, migrated
database: it refuses to load over existing members so nothing is overwritten.
"""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from community.errors import ConflictError, KongsiError

# Rows that migrations recreate or that make no sense on another machine.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "axes",
    "authtoken.token",
    # Page-cache counters: the restoring database's own triggers count afresh.
    "pagecache",
    # The fund's monthly sums: the restored entries' trigger rebuilds them
    # (loading them too would count every entry twice).
    "ledger.FundMonth",
]
FORMAT_VERSION = 1


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def backup_create(*, output: Path) -> dict:
    """Write database + media into one ``.tar.gz``; return its manifest."""
    buffer = io.StringIO()
    call_command(
        "dumpdata",
        *[f"--exclude={label}" for label in EXCLUDED],
        "--natural-foreign",
        "--natural-primary",
        "--indent=0",
        stdout=buffer,
    )
    database = buffer.getvalue().encode()
    media_root = _media_root()
    media_files = (
        sorted(path for path in media_root.rglob("*") if path.is_file())
        if media_root.exists()
        else []
    )
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database_sha256": hashlib.sha256(database).hexdigest(),
        "database_objects": len(json.loads(database)),
        "media_files": len(media_files),
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(output, "w:gz") as archive:
        for name, data in (
            ("manifest.json", json.dumps(manifest, indent=2).encode()),
            ("database.json", database),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for path in media_files:
            archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
    return manifest


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = Path(member.name)
        if (
            name.is_absolute()
            or ".." in name.parts
            or not (member.isfile() or member.isdir())
        ):
            raise KongsiError(f"Unsafe path in backup: {member.name}")
        members.append(member)
    return members


def backup_restore(*, archive_path: Path) -> dict:
    """Load a backup into an empty, migrated database and put its media back."""
    from community.models import Member

    if Member.objects.exists():
        raise ConflictError("The database is not empty: restore into an empty one.")
    with tarfile.open(archive_path, "r:gz") as archive:
        members = _safe_members(archive)
        manifest = json.load(archive.extractfile("manifest.json"))
        database = archive.extractfile("database.json").read()
        if hashlib.sha256(database).hexdigest() != manifest["database_sha256"]:
            raise KongsiError("The backup's database file is damaged (checksum).")
        with tempfile.TemporaryDirectory() as folder:
            fixture = Path(folder) / "kongsi-backup.json"
            fixture.write_bytes(database)
            with transaction.atomic():
                call_command("loaddata", str(fixture), verbosity=0)
        media_root = _media_root()
        for member in members:
            if member.isfile() and member.name.startswith("media/"):
                target = media_root / Path(member.name).relative_to("media")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())
    return manifest
