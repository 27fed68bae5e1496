import io
from pathlib import Path

from django.conf import settings
from PIL import Image


def media_files() -> list[Path]:
    """Every file under the test media root (public and private)."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file())


def photo_bytes(
    size=(1200, 900), fmt="JPEG", colour=(200, 60, 40), exif=False
) -> bytes:
    image = Image.new("RGB", size, colour)
    buffer = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x9286] = "lokasi rahasia"  # UserComment-ish payload
        kwargs["exif"] = data
    image.save(buffer, fmt, **kwargs)
    return buffer.getvalue()
