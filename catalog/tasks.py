"""Celery tasks of the catalog: thin, idempotent, load by id → call a service."""

from celery import shared_task


@shared_task(name="catalog.tasks.image_process_task")
def image_process_task(image_id: int) -> bool:
    from catalog.photos import image_process

    image = image_process(image_id=image_id)
    return bool(image and image.processed_at)
