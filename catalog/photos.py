"""Product photos: a safe upload now, re-encoding and thumbnails after commit.

``image_add`` checks the upload by content (community.uploads) before anything
is stored, keeps it privately and schedules ``image_process_task``. The task
re-encodes it (dropping EXIF and anything appended) into the public ``image``
and draws the 320 px and 800 px thumbnails; only then does the photo show.
"""

import io
import zipfile

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.models import Product, ProductImage
from community.uploads import (
    THUMBNAIL_SIZES,
    image_content_file,
    reencode_image,
    validate_image_upload,
)


def image_add(*, product: Product, upload, actor) -> ProductImage:
    """Store a checked photo privately and process it after the commit.

    A refused upload raises ``KongsiError`` (413 when too large) and stores
    nothing: the check runs before any file or row is written.
    """
    from catalog.tasks import image_process_task

    checked = validate_image_upload(upload, field="image")
    with transaction.atomic():
        # lock_plan.PRODUCT: alone, to number the photos one at a time.
        Product.objects.select_for_update().filter(pk=product.pk).first()
        last = product.images.aggregate(last=Max("position"))["last"]
        image = ProductImage(product=product, position=0 if last is None else last + 1)
        upload.seek(0)
        image.original.save(
            f"{product.slug}.{checked.extension}",
            image_content_file(upload.read(), "upload"),
            save=False,
        )
        try:
            image.save()
        except Exception:
            image.original.delete(save=False)
            raise
        image_process_task.delay_on_commit(image.pk)
    return image


def image_process(*, image_id: int) -> ProductImage | None:
    """Re-encode the private original into the public photo and thumbnails.

    Idempotent: a photo already processed (or deleted) is left alone. The row
    is locked while it is drawn, so a second run of the task (a redelivery or
    the outbox sweep) waits and then finds it done: one set of files.
    """
    with transaction.atomic():
        image = (
            ProductImage.objects.select_for_update(of=("self",))
            .select_related("product")
            .filter(pk=image_id)
            .first()
        )
        if image is None or image.processed_at is not None or not image.original:
            return image
        image, original = _image_draw(image)
    # After the commit: a rolled-back run must still find its original.
    image.original.storage.delete(original)
    return image


def _image_draw(image: ProductImage) -> tuple[ProductImage, str]:
    with image.original.open("rb") as source:
        data = source.read()
    stem = f"{image.product.slug}-{image.pk}"
    clean, extension = reencode_image(data, max_side=1600)
    image.image.save(f"{stem}.{extension}", image_content_file(clean, "x"), save=False)
    for name, side in THUMBNAIL_SIZES.items():
        thumb, thumb_extension = reencode_image(clean, max_side=side)
        getattr(image, f"thumb_{name}").save(
            f"{stem}-{side}.{thumb_extension}",
            image_content_file(thumb, "x"),
            save=False,
        )
    image.processed_at = timezone.now()
    original = image.original.name
    image.original = ""
    image.save(
        update_fields=[
            "image",
            "thumb_small",
            "thumb_large",
            "processed_at",
            "original",
        ]
    )
    return image, original


def image_delete(*, image: ProductImage, actor) -> None:
    files = [image.original, image.image, image.thumb_small, image.thumb_large]
    image.delete()
    for field in files:
        if field:
            field.storage.delete(field.name)


def photos_zip(product: Product) -> tuple[bytes, str]:
    """Return a zip of all the product's processed photos and its file name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        number = 0
        for image in product.images.all():
            if not image.is_ready:
                continue
            number += 1
            extension = image.image.name.rsplit(".", 1)[-1]
            with image.image.open("rb") as photo:
                archive.writestr(f"{product.slug}-{number}.{extension}", photo.read())
    return buffer.getvalue(), f"{product.slug}-foto.zip"
