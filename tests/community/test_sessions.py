"""Database sessions read through a prepared query (community/sessions.py)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from community.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_loads_back_and_other_keys_do_not_mix():
    first = SessionStore()
    first["cart"] = [1, 2]
    first.save()
    second = SessionStore()
    second["cart"] = [3]
    second.save()
    assert SessionStore(session_key=first.session_key).load() == {"cart": [1, 2]}
    assert SessionStore(session_key=second.session_key).load() == {"cart": [3]}


def test_an_expired_or_unknown_session_is_empty_and_gets_a_new_key():
    store = SessionStore()
    store["cart"] = [1]
    store.save()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    expired = SessionStore(session_key=store.session_key)
    assert expired.load() == {}
    assert expired.session_key is None
    unknown = SessionStore(session_key="x" * 40)
    assert unknown.load() == {}
    assert unknown.session_key is None


def test_signing_in_and_out_through_pages(client, member):
    from tests.factories import PASSWORD

    response = client.post(
        "/masuk/", {"username": member.user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == member.user
    assert home.wsgi_request.user.member == member
    client.post("/keluar/")
    assert client.get("/").status_code == 302
