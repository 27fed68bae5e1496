"""Registering members: the service, the leader's page and the API."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community.errors import KongsiError
from community.models import Member, Notification
from community.services import member_register
from tests.factories import MemberFactory

User = get_user_model()
pytestmark = pytest.mark.django_db


def register(**overrides):
    data = {
        "username": "siti",
        "password": "kuat-sekali-123",
        "full_name": "Siti Maryam",
        "phone": "0813 1111 2222",
        "roles": ["member"],
    }
    data.update(overrides)
    return member_register(**data)


def test_registration_creates_user_member_roles_and_welcome(
    django_capture_on_commit_callbacks,
):
    mentor = MemberFactory(roles=["member", "mentor"])
    with django_capture_on_commit_callbacks(execute=True):
        member = register(mentor=mentor, roles=["member"])
    assert member.phone == "6281311112222"
    assert member.status == Member.Status.TRAINEE
    assert member.mentor == mentor
    assert list(member.user.groups.values_list("name", flat=True)) == ["member"]
    assert member.user.check_password("kuat-sekali-123")
    assert not member.user.is_staff
    welcome = Notification.objects.get(member=member)
    assert welcome.kind == "welcome" and "Siti Maryam" in welcome.message


def test_duplicate_username_is_refused_in_indonesian_and_saves_nothing():
    register()
    users, members = User.objects.count(), Member.objects.count()
    with pytest.raises(KongsiError) as caught:
        register(username="SITI", phone="0813 9999 0000")
    assert caught.value.field == "username"
    assert "sudah dipakai" in str(caught.value.message)
    assert (User.objects.count(), Member.objects.count()) == (users, members)


def test_bad_phone_is_refused_and_saves_nothing():
    with pytest.raises(KongsiError) as caught:
        register(phone="12345")
    assert caught.value.field == "phone"
    assert "Nomor HP" in str(caught.value.message)
    assert not User.objects.filter(username="siti").exists()
    assert Member.objects.count() == 0


def test_same_phone_twice_is_refused():
    register()
    with pytest.raises(KongsiError) as caught:
        register(username="lain", phone="+62 813-1111-2222")
    assert caught.value.field == "phone"
    assert User.objects.filter(username="lain").count() == 0


def test_weak_password_is_refused_with_a_reason():
    with pytest.raises(KongsiError) as caught:
        register(password="123")
    assert caught.value.field == "password"
    assert Member.objects.count() == 0


def test_leader_registers_through_the_page(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("community:member_register"),
        {
            "full_name": "Budi Santoso",
            "phone": "0819-2222-3333",
            "username": "budi",
            "password": "kuat-sekali-123",
            "roles": ["member"],
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(user__username="budi")
    assert member.phone == "6281922223333"


def test_page_shows_the_phone_error_next_to_the_field(client, leader):
    client.force_login(leader)
    response = client.post(
        reverse("community:member_register"),
        {
            "full_name": "Budi",
            "phone": "abc",
            "username": "budi",
            "password": "kuat-sekali-123",
            "roles": ["member"],
        },
    )
    assert response.status_code == 200
    assert "Nomor HP hanya boleh berisi angka" in response.content.decode()
    assert not User.objects.filter(username="budi").exists()


def test_a_member_cannot_open_the_registration_page(client, member):
    client.force_login(member.user)
    assert client.get(reverse("community:member_register")).status_code == 403


def test_api_registration_by_leader(api_as, leader):
    mentor = MemberFactory(roles=["member", "mentor"])
    response = api_as(leader).post(
        "/api/v1/members/",
        {
            "username": "dewi",
            "password": "kuat-sekali-123",
            "full_name": "Dewi",
            "phone": "+62 812 5555 6666",
            "roles": ["member", "mentor"],
            "mentor": mentor.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "trainee"
    assert body["phone"] == "6281255556666"
    assert body["mentor"] == mentor.pk
    assert body["roles"] == ["member", "mentor"]


def test_api_registration_errors_are_field_errors(api_as, leader):
    register()
    members_before = Member.objects.count()
    response = api_as(leader).post(
        "/api/v1/members/",
        {
            "username": "siti",
            "password": "kuat-sekali-123",
            "full_name": "X",
            "phone": "0813 0000 1111",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "sudah dipakai" in response.json()["username"][0]
    assert Member.objects.count() == members_before
