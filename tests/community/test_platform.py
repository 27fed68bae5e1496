"""Platform-level promises: schema, money format, settings, uploads, Celery."""

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from community.errors import KongsiError, UploadTooLargeError
from community.models import Notification
from community.money import format_rupiah, percent_of
from community.tasks import member_welcome_task
from community.uploads import validate_document_upload, validate_image_upload
from tests.factories import MemberFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "Rp 0"), (1250000, "Rp 1.250.000"), (999, "Rp 999"), (-5000, "-Rp 5.000")],
)
def test_rupiah_format(amount, text):
    assert format_rupiah(amount) == text


@pytest.mark.parametrize(
    ("amount", "rate", "share"),
    [(10000, "2.5", 250), (10020, "2.5", 251), (10019, "2.5", 250), (100, "2.5", 3)],
)
def test_percent_rounds_half_up(amount, rate, share):
    from decimal import Decimal

    assert percent_of(amount, Decimal(rate)) == share


def test_openapi_schema_generates_without_warnings(tmp_path, db):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(out), "--validate", "--fail-on-warn")
    text = out.read_text()
    assert "/api/v1/members/me/" in text
    assert "/api/v1/auth/token/" in text


def test_api_docs_are_served_offline(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "swagger-ui" in body
    assert "cdn" not in body.lower()


def test_check_deploy_is_clean_with_a_real_secret():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-real-secret-" + "y" * 40,
        "ALLOWED_HOSTS": "kongsi.example",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def _png(width=20, height=20) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "red").save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def test_image_checks_by_content_not_name():
    checked = validate_image_upload(_png())
    assert (checked.format, checked.width) == ("PNG", 20)
    with pytest.raises(KongsiError):
        validate_image_upload(io.BytesIO(b"hello, I am text named foto.jpg"))
    svg = io.BytesIO(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>')
    with pytest.raises(KongsiError):
        validate_image_upload(svg)


def test_image_too_large_is_413(settings):
    settings.KONGSI_MAX_IMAGE_BYTES = 100
    with pytest.raises(UploadTooLargeError) as caught:
        validate_image_upload(_png(200, 200))
    assert caught.value.status_code == 413


def test_document_accepts_pdf_and_photo_only():
    assert validate_document_upload(io.BytesIO(b"%PDF-1.4\n...")) == "pdf"
    assert validate_document_upload(_png()) == "png"
    with pytest.raises(KongsiError) as caught:
        validate_document_upload(io.BytesIO(b"MZ\x90\x00 not a label"))
    assert "PDF" in str(caught.value.message)


def test_welcome_task_is_idempotent(db):
    member = MemberFactory()
    first = member_welcome_task(member.pk)
    second = member_welcome_task(member.pk)
    assert first == second
    assert Notification.objects.filter(member=member, kind="welcome").count() == 1


@pytest.mark.redis
@pytest.mark.postgres
def test_welcome_task_round_trip_through_redis_and_a_real_worker(real_worker):
    member = MemberFactory()
    result = member_welcome_task.delay(member.pk)
    notification_id = result.get(timeout=90)
    notification = Notification.objects.get(pk=notification_id)
    assert notification.member_id == member.pk
    assert notification.kind == "welcome"
    assert real_worker.conf.task_always_eager is False


def test_require_all_turns_a_skip_into_a_failure(tmp_path):
    test_file = tmp_path / "test_skips.py"
    test_file.write_text(
        textwrap.dedent(
            """
            import pytest

            def test_needs_something():
                pytest.skip("needs Chromium")
            """
        )
    )
    conftest = tmp_path / "conftest.py"
    source = (ROOT / "tests" / "conftest.py").read_text()
    hook = source[
        source.index("@pytest.hookimpl") : source.index("def pytest_collection")
    ]
    conftest.write_text(
        "import os\nimport pytest\n"
        "REQUIRE_ALL = os.environ.get('KONGSI_REQUIRE_ALL') == '1'\n\n" + hook
    )
    base = [sys.executable, "-m", "pytest", "-p", "no:django", "-q", str(test_file)]
    env = {k: v for k, v in os.environ.items() if k != "KONGSI_REQUIRE_ALL"}
    relaxed = subprocess.run(
        base, cwd=tmp_path, env=env, capture_output=True, text=True
    )
    strict = subprocess.run(
        base,
        cwd=tmp_path,
        env={**env, "KONGSI_REQUIRE_ALL": "1"},
        capture_output=True,
        text=True,
    )
    assert relaxed.returncode == 0, relaxed.stdout
    assert "1 skipped" in relaxed.stdout
    assert strict.returncode == 1, strict.stdout
    assert "KONGSI_REQUIRE_ALL=1" in strict.stdout
