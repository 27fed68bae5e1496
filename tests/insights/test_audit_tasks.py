"""``audit_tasks`` reports work stuck past the threshold and exits non-zero."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from catalog.models import ProductImage
from community.models import TaskOutbox
from settlements.models import BankStatement
from tests.catalog.factories import ProductFactory

pytestmark = pytest.mark.django_db


def _audit(*args) -> str:
    out = StringIO()
    call_command("audit_tasks", *args, stdout=out)
    return out.getvalue()


def _statement(status, age) -> BankStatement:
    return BankStatement.objects.create(
        file="private/x.csv",
        original_name=f"{status}.csv",
        format="generic",
        sha256="0" * 64,
        status=status,
        new_lines=500,
        created_at=timezone.now() - age,
    )


def test_stuck_work_is_reported_and_fresh_work_is_not():
    old, fresh = timedelta(hours=2), timedelta(minutes=1)
    stuck_statement = _statement(BankStatement.Status.PENDING, old)
    _statement(BankStatement.Status.PROCESSING, fresh)
    _statement(BankStatement.Status.DONE, old)
    failed = _statement(BankStatement.Status.FAILED, fresh)
    product = ProductFactory()
    stuck_photo = ProductImage.objects.create(product=product, position=0)
    ProductImage.objects.filter(pk=stuck_photo.pk).update(
        created_at=timezone.now() - old
    )
    ProductImage.objects.create(product=product, position=1)  # fresh
    TaskOutbox.objects.create(
        task="community.tasks.member_welcome_task",
        args=[1],
        key="community.tasks.member_welcome_task:[1]",
        created_at=timezone.now() - old,
        attempts=3,
        last_error="send: Error 111",
    )
    TaskOutbox.objects.create(task="x", key="fresh")
    TaskOutbox.objects.create(
        task="x", key="done", created_at=timezone.now() - old, done_at=timezone.now()
    )

    with pytest.raises(CommandError) as caught:
        _audit()
    assert "4 stuck" in str(caught.value)

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit_tasks", stdout=out)
    text = out.getvalue()
    assert f"statement {stuck_statement.pk} " in text
    assert f"statement {failed.pk} " in text
    assert f"photo {stuck_photo.pk} " in text
    assert "member_welcome_task:[1]" in text and "Error 111" in text
    assert "fresh" not in text

    # A tighter threshold catches the fresh ones too.
    with pytest.raises(CommandError) as tighter:
        _audit("--minutes", "0")
    assert "7 stuck" in str(tighter.value)


def test_clean_when_nothing_waits():
    _statement(BankStatement.Status.DONE, timedelta(days=1))
    text = _audit()
    assert "3 checks, 0 problems" in text
