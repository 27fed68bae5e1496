"""Who may tick what, in which order; enrolment on registration; the API."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from community.models import Member, Notification
from community.services import member_register
from tests.conftest import api_for
from tests.training.factories import (
    auto_item,
    items_of,
    make_mentor,
    make_trainee,
    manual_items,
    tick_directly,
)
from training.models import ChecklistItem, Enrollment, GlossaryTerm, ItemCheck, Stage

pytestmark = pytest.mark.django_db


def checks_url(enrollment, item=None):
    base = f"/api/v1/training/enrollments/{enrollment.pk}/checks/"
    return base if item is None else f"{base}{item.pk}/"


def active_checks(enrollment):
    return ItemCheck.objects.filter(enrollment=enrollment, unchecked_at__isnull=True)


def test_the_migration_seeds_four_stages_items_and_a_glossary():
    titles = list(Stage.objects.order_by("position").values_list("title", flat=True))
    assert titles == [
        "Sosialisasi & persiapan",
        "Pengenalan tools",
        "Pengoperasian",
        "Analisis segmentasi",
    ]
    codes = set(
        ChecklistItem.objects.filter(auto=True).values_list("auto_code", flat=True)
    )
    assert codes == {"first_order", "first_settlement", "five_completed"}
    assert GlossaryTerm.objects.count() >= 40
    for slug in [
        "flash-sale",
        "voucher",
        "checkout",
        "resi",
        "awb",
        "dropship",
        "reseller",
        "sku",
        "rating",
        "performa-chat",
        "cashback",
        "cod",
        "etalase",
    ]:
        assert GlossaryTerm.objects.filter(slug=slug).exists(), slug
    # Items that use marketplace words link to them.
    assert (
        ChecklistItem.objects.get(code="atur-promo")
        .terms.filter(slug="flash-sale")
        .exists()
    )


def test_registering_with_a_mentor_enrolls_the_new_member():
    mentor = make_mentor()
    member = member_register(
        username="baru",
        password="kuat-sekali-123",
        full_name="Anggota Baru",
        phone="0813 2222 3333",
        roles=["member"],
        mentor=mentor,
    )
    enrollment = Enrollment.objects.get(trainee=member)
    assert enrollment.mentor == mentor
    assert enrollment.completed_at is None
    assert member.status == Member.Status.TRAINEE


def test_registering_without_a_mentor_enrolls_nobody():
    member = member_register(
        username="sendiri",
        password="kuat-sekali-123",
        full_name="Tanpa Pendamping",
        phone="0813 2222 4444",
    )
    assert not Enrollment.objects.filter(trainee=member).exists()


def test_the_mentor_ticks_an_item_with_a_note():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    response = api_for(enrollment.mentor.user).post(
        checks_url(enrollment),
        {"item": item.pk, "note": "HP sudah dicek"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["item"] == item.pk and body["checked"] is True
    assert body["checked_by"] == enrollment.mentor.pk
    check = active_checks(enrollment).get()
    assert check.note == "HP sudah dicek" and check.checked_by == enrollment.mentor


def test_another_mentor_ticking_gets_404_and_nothing_is_written():
    enrollment = make_trainee()
    stranger = make_mentor()
    item = manual_items(1)[0]
    response = api_for(stranger.user).post(
        checks_url(enrollment), {"item": item.pk}, format="json"
    )
    assert response.status_code == 404
    assert not ItemCheck.objects.exists()


def test_a_member_ticking_their_own_item_gets_403():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    response = api_for(enrollment.trainee.user).post(
        checks_url(enrollment), {"item": item.pk}, format="json"
    )
    assert response.status_code == 403
    assert "pendamping" in response.json()["detail"].lower()
    assert not ItemCheck.objects.exists()


def test_a_later_stage_item_before_earlier_stages_are_complete_is_409():
    enrollment = make_trainee()
    # Stage 1 only partly done: stage 2 is still closed.
    tick_directly(enrollment, manual_items(1)[:2])
    later = manual_items(2)[0]
    response = api_for(enrollment.mentor.user).post(
        checks_url(enrollment), {"item": later.pk}, format="json"
    )
    assert response.status_code == 409
    assert "Pengenalan tools" in response.json()["detail"]
    assert active_checks(enrollment).count() == 2
    # Once stage 1 is complete, stage 2 opens.
    tick_directly(enrollment, manual_items(1)[2:])
    response = api_for(enrollment.mentor.user).post(
        checks_url(enrollment), {"item": later.pk}, format="json"
    )
    assert response.status_code == 201


def test_ticking_an_automatic_item_is_400():
    enrollment = make_trainee()
    for position in (1, 2):
        tick_directly(enrollment, items_of(position))
    item = auto_item("first_order")
    response = api_for(enrollment.mentor.user).post(
        checks_url(enrollment), {"item": item.pk}, format="json"
    )
    assert response.status_code == 400
    assert "item" in response.json()
    assert not active_checks(enrollment).filter(item=item).exists()


def test_ticking_twice_is_409_and_an_unknown_item_is_400():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    client = api_for(enrollment.mentor.user)
    assert client.post(checks_url(enrollment), {"item": item.pk}).status_code == 201
    again = client.post(checks_url(enrollment), {"item": item.pk})
    assert again.status_code == 409
    unknown = client.post(checks_url(enrollment), {"item": 99999})
    assert unknown.status_code == 400 and "item" in unknown.json()
    assert active_checks(enrollment).count() == 1


def test_the_leader_may_tick_any_trainee(leader):
    enrollment = make_trainee()
    item = manual_items(1)[0]
    response = api_for(leader).post(checks_url(enrollment), {"item": item.pk})
    assert response.status_code == 201
    assert active_checks(enrollment).get().checked_by_user == leader


def test_untick_needs_a_reason_and_keeps_history():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    client = api_for(enrollment.mentor.user)
    client.post(checks_url(enrollment), {"item": item.pk, "note": "ok"})
    no_reason = client.delete(checks_url(enrollment, item))
    assert no_reason.status_code == 400
    assert active_checks(enrollment).count() == 1
    response = client.delete(
        checks_url(enrollment, item), {"reason": "Belum masuk grup"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["checked"] is False
    old = ItemCheck.objects.get(enrollment=enrollment, item=item)
    assert old.uncheck_reason == "Belum masuk grup" and old.unchecked_at is not None
    assert not active_checks(enrollment).exists()
    # It can be ticked again; the old tick stays in history.
    assert client.post(checks_url(enrollment), {"item": item.pk}).status_code == 201
    assert ItemCheck.objects.filter(enrollment=enrollment, item=item).count() == 2
    # Unticking something not ticked is a state conflict.
    other = manual_items(1)[1]
    response = client.delete(checks_url(enrollment, other) + "?reason=salah")
    assert response.status_code == 409


def test_a_trainee_cannot_untick_and_a_stranger_gets_404():
    enrollment = make_trainee()
    item = manual_items(1)[0]
    tick_directly(enrollment, [item])
    own = api_for(enrollment.trainee.user).delete(
        checks_url(enrollment, item) + "?reason=x"
    )
    assert own.status_code == 403
    stranger = api_for(make_mentor().user).delete(
        checks_url(enrollment, item) + "?reason=x"
    )
    assert stranger.status_code == 404
    assert active_checks(enrollment).count() == 1


def test_evidence_photo_is_stored_privately_and_a_fake_photo_is_refused(
    settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    photo = SimpleUploadedFile("hp.jpg", buffer.getvalue(), "image/jpeg")
    enrollment = make_trainee()
    items = manual_items(1)
    client = api_for(enrollment.mentor.user)
    response = client.post(
        checks_url(enrollment),
        {"item": items[0].pk, "note": "foto HP", "evidence": photo},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    check = active_checks(enrollment).get()
    assert check.evidence.name.startswith("training/evidence/")
    fake = SimpleUploadedFile("x.jpg", b"not a photo", "image/jpeg")
    response = client.post(
        checks_url(enrollment),
        {"item": items[1].pk, "evidence": fake},
        format="multipart",
    )
    assert response.status_code == 400 and "evidence" in response.json()
    assert active_checks(enrollment).count() == 1
    # The photo is served to the trainee, not to another member.
    from django.test import Client

    trainee_client = Client()
    trainee_client.force_login(enrollment.trainee.user)
    assert trainee_client.get(f"/belajar/bukti/{check.pk}/").status_code == 200
    other = Client()
    other.force_login(make_mentor().user)
    assert other.get(f"/belajar/bukti/{check.pk}/").status_code == 404


def test_enrollment_list_shape_and_visibility(leader):
    enrollment = make_trainee()
    other = make_trainee()
    tick_directly(enrollment, manual_items(1)[:1])
    response = api_for(enrollment.mentor.user).get("/api/v1/training/enrollments/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert set(row) >= {
        "id",
        "trainee",
        "mentor",
        "current_stage",
        "progress_percent",
        "items",
    }
    assert row["trainee"] == enrollment.trainee.pk
    assert row["mentor"] == enrollment.mentor.pk
    assert row["current_stage"] == Stage.objects.get(position=1).pk
    total = ChecklistItem.objects.count()
    assert row["progress_percent"] == 100 // total
    assert len(row["items"]) == total
    first = row["items"][0]
    assert set(first) == {"item", "checked", "checked_by", "checked_at", "note"}
    assert first["checked"] is True and first["note"] == "setup"
    # The trainee sees their own; another member sees none; the leader all.
    own = api_for(enrollment.trainee.user).get("/api/v1/training/enrollments/")
    assert [r["id"] for r in own.json()["results"]] == [enrollment.pk]
    assert (
        api_for(other.trainee.user)
        .get(f"/api/v1/training/enrollments/{enrollment.pk}/")
        .status_code
        == 404
    )
    everyone = api_for(leader).get("/api/v1/training/enrollments/")
    assert everyone.json()["count"] == 2


def test_stages_api_lists_stages_in_order_with_items(member):
    response = api_for(member.user).get("/api/v1/training/stages/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [stage["position"] for stage in results] == [1, 2, 3, 4]
    item = results[2]["items"][2]
    assert set(item) >= {"id", "title", "auto"}
    assert item["auto"] is True


def test_finishing_every_stage_makes_the_member_active_and_congratulates():
    enrollment = make_trainee()
    everything = list(ChecklistItem.objects.all())
    last = ChecklistItem.objects.get(code="mandiri")
    tick_directly(enrollment, [item for item in everything if item != last])
    client = api_for(enrollment.mentor.user)
    response = client.post(checks_url(enrollment), {"item": last.pk, "note": "Mandiri"})
    assert response.status_code == 201
    enrollment.refresh_from_db()
    trainee = Member.objects.get(pk=enrollment.trainee_id)
    assert enrollment.completed_at is not None
    assert trainee.status == Member.Status.ACTIVE
    assert trainee.became_active_on is not None
    for person in (trainee, enrollment.mentor):
        note = Notification.objects.get(member=person, kind="training_complete")
        assert "Selamat" in note.message
    detail = client.get(f"/api/v1/training/enrollments/{enrollment.pk}/").json()
    assert detail["progress_percent"] == 100 and detail["current_stage"] is None
