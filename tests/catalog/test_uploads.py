"""Photo uploads: refused by content before anything is stored; a good photo is
re-encoded (no EXIF) and thumbnailed by the task after commit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalog.models import ProductImage
from catalog.photos import image_add
from community.errors import KongsiError, UploadTooLargeError
from tests.catalog.conftest import media_files, photo_bytes
from tests.catalog.factories import ProductFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
]


def bomb_png() -> bytes:
    """A tiny PNG that claims 10 000 × 10 000 pixels (100 megapixels)."""
    buffer = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG")
    data = buffer.getvalue()
    assert len(data) < 100_000
    return data


BAD_UPLOADS = [
    ("bomb.png", bomb_png, 400, "25 megap"),
    ("catatan.jpg", lambda: b"ini bukan foto, hanya teks biasa\n" * 20, 400, "JPG"),
    ("besar.jpg", lambda: b"\xff\xd8\xff\xe0" + b"0" * (6 * 1024 * 1024), 413, "5 MB"),
    (
        "logo.svg",
        lambda: (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        ),
        400,
        "JPG",
    ),
]


@pytest.mark.parametrize(("name", "make", "status", "words"), BAD_UPLOADS)
def test_api_refuses_bad_uploads_and_stores_nothing(
    api_as, leader, name, make, status, words, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    before = media_files()
    upload = SimpleUploadedFile(name, make(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_as(leader).post(
            f"/api/v1/products/{product.pk}/images/",
            {"image": upload},
            format="multipart",
        )
    assert response.status_code == status, response.content
    message = response.json()["image"][0]
    assert words.lower() in message.lower()
    assert not ProductImage.objects.exists()
    assert media_files() == before
    assert callbacks == []


@pytest.mark.parametrize(("name", "make", "status", "words"), BAD_UPLOADS)
def test_service_refuses_with_indonesian_message(leader, name, make, status, words):
    from django.utils import translation

    product = ProductFactory()
    with translation.override("id"), pytest.raises(KongsiError) as caught:
        image_add(product=product, upload=io.BytesIO(make()), actor=leader)
    assert isinstance(caught.value, UploadTooLargeError) == (status == 413)
    assert caught.value.field == "image"
    text = str(caught.value.message)
    assert any(word in text for word in ("foto", "Foto", "berkas", "File", "file"))
    assert not ProductImage.objects.exists()


def test_page_refuses_an_svg_with_a_message(client, leader):
    product = ProductFactory()
    client.force_login(leader)
    before = media_files()
    upload = SimpleUploadedFile(
        "x.svg", BAD_UPLOADS[3][1](), content_type="image/svg+xml"
    )
    response = client.post(
        f"/katalog/kelola/produk/{product.slug}/foto/", {"image": upload}
    )
    assert response.status_code == 200
    assert "JPG" in response.content.decode()
    assert not ProductImage.objects.exists()
    assert media_files() == before


def test_valid_photo_is_reencoded_and_thumbnailed_by_the_task(
    api_as, leader, django_capture_on_commit_callbacks
):
    product = ProductFactory(slug="hijab-voal")
    raw = photo_bytes(size=(2000, 1500), exif=True) + b"<?php echo 'payload'; ?>"
    upload = SimpleUploadedFile("foto.jpg", raw, content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_as(leader).post(
            f"/api/v1/products/{product.pk}/images/",
            {"image": upload},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    assert len(callbacks) == 1
    image = ProductImage.objects.get()
    assert response.json()["id"] == image.pk
    assert image.processed_at is not None
    assert not image.original  # the raw upload is gone
    with image.image.open("rb") as stored:
        data = stored.read()
    assert b"payload" not in data and b"SecretCam" not in data
    sizes = {}
    for name in ("image", "thumb_small", "thumb_large"):
        with Image.open(getattr(image, name).path) as opened:
            sizes[name] = opened.size
            assert not opened.getexif()
    assert max(sizes["thumb_small"]) == 320
    assert max(sizes["thumb_large"]) == 800
    assert max(sizes["image"]) <= 1600
    assert all("/private/" not in str(p) for p in [image.image.path])
    # The task is idempotent: running it again changes nothing.
    from catalog.tasks import image_process_task

    processed_at = image.processed_at
    assert image_process_task(image.pk) is True
    image.refresh_from_db()
    assert image.processed_at == processed_at


def test_unprocessed_photo_is_not_shown(client, member):
    product = ProductFactory()
    from tests.catalog.factories import VariantFactory

    VariantFactory(product=product)
    image_add(product=product, upload=io.BytesIO(photo_bytes()), actor=None)
    client.force_login(member.user)
    page = client.get(f"/katalog/{product.slug}/").content.decode()
    assert "catalog/originals" not in page
    assert "No photos yet" in page or "Belum ada foto" in page


def test_member_may_not_upload(api_as, member):
    product = ProductFactory()
    upload = SimpleUploadedFile("foto.jpg", photo_bytes(), content_type="image/jpeg")
    response = api_as(member.user).post(
        f"/api/v1/products/{product.pk}/images/", {"image": upload}, format="multipart"
    )
    assert response.status_code == 403
    assert not ProductImage.objects.exists()
