"""Safe uploads shared by every app: photos, labels, proofs.

Rules (OWASP file upload): the type is decided by the content, never the name;
size and pixel count are checked before any full decode; photos are re-encoded,
which drops EXIF and anything appended to the file. Every refusal raises a
KongsiError with a plain Indonesian message, so nothing is stored.
"""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from community.errors import KongsiError, UploadTooLargeError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZES = {"small": 320, "large": 800}


@dataclass(frozen=True)
class CheckedImage:
    format: str
    width: int
    height: int
    extension: str


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        position = upload.tell()
        upload.seek(0, io.SEEK_END)
        size = upload.tell()
        upload.seek(position)
    return size


def _check_size(upload, limit: int, field: str | None) -> None:
    if _size_of(upload) > limit:
        raise UploadTooLargeError(
            _("The file is too large. At most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            field=field,
            code="too_large",
        )


def validate_image_upload(upload, *, field: str | None = "image") -> CheckedImage:
    """Check a photo upload and return its real format and size.

    Refuse anything that is not JPEG, PNG or WebP by content, above the byte
    limit, or above the pixel limit (a decompression bomb), before decoding it.
    """
    if upload is None:
        raise KongsiError(_("Choose a photo first."), field=field, code="required")
    _check_size(upload, settings.KONGSI_MAX_IMAGE_BYTES, field)
    upload.seek(0)
    try:
        # Image.open reads only the header: width and height are known before
        # the pixels are decoded, so a bomb is refused without touching them.
        with Image.open(upload) as image:
            image_format = image.format
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise KongsiError(
            _("This file is not a readable JPG, PNG or WebP photo."),
            field=field,
            code="not_an_image",
        ) from None
    if image_format not in IMAGE_FORMATS:
        raise KongsiError(
            _("This kind of photo is not supported. Use JPG, PNG or WebP."),
            field=field,
            code="bad_format",
        )
    if width * height > settings.KONGSI_MAX_IMAGE_PIXELS or width < 1 or height < 1:
        raise KongsiError(
            _("The photo is too large (more than 25 megapixels)."),
            field=field,
            code="too_many_pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.verify()
    except Exception:  # noqa: BLE001 - any decoder failure means a broken file
        raise KongsiError(
            _("This photo is broken or incomplete. Try taking it again."),
            field=field,
            code="broken_image",
        ) from None
    upload.seek(0)
    return CheckedImage(image_format, width, height, IMAGE_FORMATS[image_format])


def validate_document_upload(upload, *, field: str | None = "label") -> str:
    """Check a label/document upload: a PDF or a photo. Return 'pdf' or the
    photo's extension."""
    if upload is None:
        raise KongsiError(_("Choose a file first."), field=field, code="required")
    _check_size(upload, settings.KONGSI_MAX_DOCUMENT_BYTES, field)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return "pdf"
    try:
        return validate_image_upload(upload, field=field).extension
    except UploadTooLargeError:
        raise
    except KongsiError:
        raise KongsiError(
            _("The label must be a PDF or a photo (JPG, PNG, WebP)."),
            field=field,
            code="bad_document",
        ) from None


def reencode_image(data: bytes, *, max_side: int | None = None) -> tuple[bytes, str]:
    """Decode and write the image again (no EXIF, no trailing payload).

    Return the new bytes and their extension. JPEG stays JPEG; PNG and WebP
    keep transparency as PNG/WebP. ``max_side`` shrinks it, keeping the ratio.
    """
    with Image.open(io.BytesIO(data)) as image:
        source_format = image.format
        image = ImageOps.exif_transpose(image)
        if max_side:
            image.thumbnail((max_side, max_side))
        output = io.BytesIO()
        if source_format == "JPEG" or image.mode not in {"RGBA", "LA", "P"}:
            image.convert("RGB").save(output, "JPEG", quality=82, optimize=True)
            return output.getvalue(), "jpg"
        if source_format == "WEBP":
            image.save(output, "WEBP", quality=82)
            return output.getvalue(), "webp"
        image.save(output, "PNG", optimize=True)
        return output.getvalue(), "png"


def image_content_file(data: bytes, name: str) -> ContentFile:
    """Wrap bytes as a file Django storage can save under ``name``."""
    return ContentFile(data, name=name)
