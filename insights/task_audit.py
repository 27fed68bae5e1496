"""Background work that should have finished, for ``manage.py audit_tasks``.

Reads only. A statement still waiting or processing, a photo not yet drawn, or
an outbox row not done, older than the threshold, is stuck: the worker, the
broker or the sweep is not doing its job (or a task keeps failing). A statement
whose matching failed is reported at once.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from catalog.models import ProductImage
from community.models import TaskOutbox
from settlements.models import BankStatement


def run_checks(*, minutes: int) -> list[tuple[str, list[str]]]:
    """Return ``[(check name, [problems])]`` for work older than ``minutes``."""
    before = timezone.now() - timedelta(minutes=minutes)
    statements = [
        f"statement {pk} ({name}): {status}, {done}/{total} lines, "
        f"uploaded {created:%Y-%m-%d %H:%M}"
        for pk, name, status, done, total, created in BankStatement.objects.filter(
            Q(
                status__in=[
                    BankStatement.Status.PENDING,
                    BankStatement.Status.PROCESSING,
                ],
                created_at__lt=before,
            )
            | Q(status=BankStatement.Status.FAILED)
        )
        .order_by("pk")
        .values_list(
            "pk",
            "original_name",
            "status",
            "processed_lines",
            "new_lines",
            "created_at",
        )
    ]
    photos = [
        f"photo {pk} of product {product}: not processed since {created:%Y-%m-%d %H:%M}"
        for pk, product, created in ProductImage.objects.filter(
            processed_at__isnull=True, created_at__lt=before
        )
        .order_by("pk")
        .values_list("pk", "product_id", "created_at")
    ]
    outbox = [
        f"{key}: not done since {created:%Y-%m-%d %H:%M}, sent {attempts}×"
        + (f" ({error[:120]})" if error else "")
        for key, created, attempts, error in TaskOutbox.objects.filter(
            done_at__isnull=True, created_at__lt=before
        )
        .order_by("created_at", "pk")
        .values_list("key", "created_at", "attempts", "last_error")
    ]
    return [
        (f"bank statements matched (none waiting over {minutes} min)", statements),
        (f"catalog photos processed (none waiting over {minutes} min)", photos),
        (f"background tasks done (none waiting over {minutes} min)", outbox),
    ]
