"""Hostile image uploads: each is refused with a clear 4xx and writes nothing,
or (a real PNG with a zip appended) is stored only re-encoded."""

import pytest
from django.utils import timezone

from catalog.models import ProductImage
from returns.models import ReturnPhoto, ReturnRequest
from settlements.models import Settlement, TransferProof
from tests.bad_inputs import corpus
from tests.returns.factories import paid_line, stocked_variant
from tests.settlements.factories import open_settlement

pytestmark = pytest.mark.django_db

HOSTILE_IMAGES = {
    "png-bomb": (corpus.png_bomb, "bom.png", "image/png"),
    "gif-js": (corpus.gif_js_polyglot, "lucu.gif", "image/gif"),
    "html-named-png": (corpus.html_named_png, "foto.png", "image/png"),
    "empty": (lambda: b"", "kosong.jpg", "image/jpeg"),
}


def _message(response) -> str:
    body = response.json()
    values = body.values() if isinstance(body, dict) else body
    text = " ".join(
        " ".join(map(str, v)) if isinstance(v, list) else str(v) for v in values
    )
    assert text.strip(), f"no message in {body}"
    return text


@pytest.mark.parametrize("case", sorted(HOSTILE_IMAGES))
def test_return_photo_refused_and_nothing_written(case, member, api_as):
    make, name, content_type = HOSTILE_IMAGES[case]
    line = paid_line(member)
    before = (ReturnRequest.objects.count(), ReturnPhoto.objects.count())
    response = api_as(member.user).post(
        "/api/v1/returns/",
        {
            "order_line": line.pk,
            "quantity": 1,
            "reason": "defective",
            "note": "rusak",
            "photos": [corpus.upload(name, make(), content_type)],
        },
        format="multipart",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    _message(response)
    assert (ReturnRequest.objects.count(), ReturnPhoto.objects.count()) == before


@pytest.mark.parametrize("case", sorted(HOSTILE_IMAGES))
def test_transfer_proof_refused_and_settlement_unchanged(case, member, api_as):
    make, name, content_type = HOSTILE_IMAGES[case]
    settlement = open_settlement(member)
    response = api_as(member.user).post(
        f"/api/v1/settlements/{settlement.pk}/proof/",
        {
            "image": corpus.upload(name, make(), content_type),
            "bank": "BCA",
            "sender_name": "Siti",
            "amount": settlement.amount_due,
            "transferred_at": timezone.now().isoformat(),
        },
        format="multipart",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    _message(response)
    assert not TransferProof.objects.filter(settlement=settlement).exists()
    settlement.refresh_from_db()
    assert settlement.status == Settlement.Status.AWAITING_TRANSFER


@pytest.mark.parametrize("case", sorted(HOSTILE_IMAGES))
def test_product_image_refused(case, leader, api_as):
    make, name, content_type = HOSTILE_IMAGES[case]
    product = stocked_variant().product
    response = api_as(leader).post(
        f"/api/v1/products/{product.pk}/images/",
        {"image": corpus.upload(name, make(), content_type)},
        format="multipart",
    )
    assert 400 <= response.status_code < 500, response.content[:300]
    _message(response)
    assert not ProductImage.objects.filter(product=product).exists()


def test_png_with_appended_zip_is_stored_without_the_zip(member, api_as):
    line = paid_line(member)
    response = api_as(member.user).post(
        "/api/v1/returns/",
        {
            "order_line": line.pk,
            "quantity": 1,
            "reason": "defective",
            "photos": [corpus.upload("foto.png", corpus.png_with_zip())],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content[:300]
    photo = ReturnPhoto.objects.get(return_request_id=response.json()["id"])
    with photo.image.open("rb") as handle:
        stored = handle.read()
    assert b"PK\x03\x04" not in stored and b"evil.js" not in stored


def test_oversized_photo_is_413(member, api_as, settings):
    settings.KONGSI_MAX_IMAGE_BYTES = 1024
    line = paid_line(member)
    response = api_as(member.user).post(
        "/api/v1/returns/",
        {
            "order_line": line.pk,
            "quantity": 1,
            "reason": "defective",
            "photos": [corpus.upload("besar.png", corpus.png_bytes((400, 400)))],
        },
        format="multipart",
    )
    assert response.status_code == 413, response.content[:300]
    _message(response)
    assert not ReturnRequest.objects.exists()
