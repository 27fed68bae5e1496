"""Who may see and do what in the community app."""

import pytest
from django.urls import reverse

from community.models import Shop
from tests.factories import PASSWORD, ShopFactory

pytestmark = pytest.mark.django_db


def test_member_b_gets_404_for_member_a_shop_page(client, member, other_member):
    shop_a = ShopFactory(member=member)
    client.force_login(other_member.user)
    response = client.get(reverse("community:shop_edit", args=[shop_a.pk]))
    assert response.status_code == 404
    response = client.post(
        reverse("community:shop_edit", args=[shop_a.pk]),
        {"marketplace": "shopee", "name": "Dicuri", "url": ""},
    )
    assert response.status_code == 404
    shop_a.refresh_from_db()
    assert shop_a.name != "Dicuri"


def test_member_b_gets_404_for_member_a_shop_in_api(api_as, member, other_member):
    shop_a = ShopFactory(member=member)
    client = api_as(other_member.user)
    assert client.get(f"/api/v1/shops/{shop_a.pk}/").status_code == 404
    response = client.patch(
        f"/api/v1/shops/{shop_a.pk}/", {"name": "Dicuri"}, format="json"
    )
    assert response.status_code == 404
    listed = client.get("/api/v1/shops/").json()
    assert listed["count"] == 0 and listed["results"] == []
    shop_a.refresh_from_db()
    assert shop_a.name != "Dicuri"


def test_member_creates_and_lists_own_shops(api_as, member):
    client = api_as(member.user)
    response = client.post(
        "/api/v1/shops/",
        {"marketplace": "tokopedia", "name": "Toko Jamu", "url": ""},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["member"] == member.pk
    again = client.post(
        "/api/v1/shops/",
        {"marketplace": "tokopedia", "name": "toko jamu"},
        format="json",
    )
    assert again.status_code == 400
    assert "name" in again.json()
    assert Shop.objects.filter(member=member).count() == 1
    listed = client.get("/api/v1/shops/").json()
    assert [row["name"] for row in listed["results"]] == ["Toko Jamu"]
    assert set(listed) == {"count", "next", "previous", "results"}


def test_a_member_gets_403_on_registering_members(api_as, member):
    response = api_as(member.user).post(
        "/api/v1/members/",
        {
            "username": "x",
            "password": "kuat-sekali-123",
            "full_name": "X",
            "phone": "081200001111",
        },
        format="json",
    )
    assert response.status_code == 403
    assert "detail" in response.json()


def test_member_list_is_for_leader_and_treasurer(api_as, member, treasurer):
    assert api_as(member.user).get("/api/v1/members/").status_code == 403
    body = api_as(treasurer).get("/api/v1/members/").json()
    assert member.pk in [row["id"] for row in body["results"]]


def test_anonymous_is_sent_to_login_and_gets_401(client, api):
    response = client.get(reverse("community:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert api.get("/api/v1/members/me/").status_code == 401
    assert api.get("/api/v1/shops/").status_code == 401


def test_token_round_trip(api, member):
    response = api.post(
        "/api/v1/auth/token/",
        {"username": member.user.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/members/me/")
    assert me.status_code == 200
    body = me.json()
    assert body["id"] == member.pk
    assert body["username"] == member.user.username
    for money in ("credit_balance", "charity_contributed", "outstanding"):
        assert isinstance(body[money], int)
    wrong = api.post(
        "/api/v1/auth/token/",
        {"username": member.user.username, "password": "salah"},
        format="json",
    )
    assert wrong.status_code == 400


def test_beranda_greets_the_member_in_indonesian(client, member):
    client.force_login(member.user)
    response = client.get(reverse("community:home"))
    content = response.content.decode()
    assert f"Halo, {member.full_name}" in content
    assert 'lang="id"' in content


def test_english_is_available(client, member):
    client.force_login(member.user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("community:home")).content.decode()
    assert 'lang="en"' in content
    assert f"Hello, {member.full_name}" in content


def test_failed_logins_lock_the_account_with_a_clear_message(client, member, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _attempt in range(3):
        client.post(
            reverse("login"),
            {"username": member.user.username, "password": "salah"},
        )
    response = client.post(
        reverse("login"), {"username": member.user.username, "password": PASSWORD}
    )
    assert response.status_code == 429
    assert "dikunci sementara" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_profile_update_normalises_phone(client, member):
    client.force_login(member.user)
    response = client.post(
        reverse("community:profile"),
        {"full_name": "Nama Baru", "phone": "+62 857-1234-5678", "village": "X"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.phone) == ("Nama Baru", "6285712345678")


def test_upload_above_the_request_limit_gets_413(client, member, settings):
    settings.KONGSI_MAX_REQUEST_BYTES = 1000
    client.force_login(member.user)
    response = client.post(
        "/api/v1/shops/", data="x" * 2000, content_type="application/json"
    )
    assert response.status_code == 413
    assert "terlalu besar" in response.json()["detail"]


def test_pages_are_indonesian_even_when_the_phone_asks_for_english(client, member):
    client.force_login(member.user)
    content = client.get(
        reverse("community:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).content.decode()
    assert 'lang="id"' in content and f"Halo, {member.full_name}" in content


def test_the_api_answers_in_english_when_asked(api_as, leader):
    client = api_as(leader)
    body = {"username": "x", "password": "kuat-sekali-123", "full_name": "X"}
    indonesian = client.post(
        "/api/v1/members/", {**body, "phone": "abc"}, format="json"
    )
    english = client.post(
        "/api/v1/members/",
        {**body, "phone": "abc"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "hanya boleh berisi angka" in indonesian.json()["phone"][0]
    assert "may only contain digits" in english.json()["phone"][0]
