"""The login backend reads the user, the member row and the roles in one query."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.auth import MemberModelBackend
from community.roles import is_staff_role, role_names
from tests.factories import MemberFactory, UserFactory, make_staff

pytestmark = pytest.mark.django_db


def test_user_member_and_roles_come_in_one_query(mentor):
    with CaptureQueriesContext(connection) as queries:
        user = MemberModelBackend().get_user(mentor.user_id)
        roles = role_names(user)
        name = user.member.full_name
    assert len(queries) == 1
    assert roles == {"member", "mentor"}
    assert name == mentor.full_name


def test_no_group_means_no_role_and_superuser_is_leader(db):
    plain = UserFactory()
    plain.groups.clear()
    assert role_names(MemberModelBackend().get_user(plain.pk)) == set()
    boss = UserFactory(is_superuser=True)
    boss.groups.clear()
    assert role_names(MemberModelBackend().get_user(boss.pk)) == {"leader"}


def test_a_role_change_shows_on_the_next_request(client, member):
    client.force_login(member.user)
    assert client.get("/").wsgi_request.user._kongsi_roles == {"member"}
    treasurer, _created = Group.objects.get_or_create(name="treasurer")
    member.user.groups.add(treasurer)
    request = client.get("/").wsgi_request
    assert role_names(request.user) == {"member", "treasurer"}
    assert is_staff_role(request.user)
    member.user.groups.remove(treasurer)
    assert not is_staff_role(client.get("/").wsgi_request.user)


def test_an_inactive_user_is_not_loaded(db):
    member = MemberFactory()
    member.user.is_active = False
    member.user.save()
    assert MemberModelBackend().get_user(member.user_id) is None


def test_a_user_without_member_row_reads_as_select_related_does(db):
    leader = make_staff("leader", with_member=False)
    user = MemberModelBackend().get_user(leader.pk)
    assert user == leader
    with CaptureQueriesContext(connection) as queries:
        assert not hasattr(user, "member")  # RelatedObjectDoesNotExist
    assert len(queries) == 0
    assert user.has_usable_password()
    assert user.username == leader.username
    assert role_names(user) == {"leader"}


def test_loaded_fields_are_the_saved_ones(member):
    user = MemberModelBackend().get_user(member.user_id)
    assert user.username == member.user.username
    assert user.date_joined == member.user.date_joined
    assert user.member.phone == member.phone
    assert user.member.joined_on == member.joined_on
    assert user.member.user is user
    assert user._state.adding is False
    assert MemberModelBackend().get_user("not a number") is None
    assert MemberModelBackend().get_user(10**9) is None
