"""The login backend: Django's, loading the member row and the roles with the user.

Almost every page needs ``request.user.member`` and the user's roles (the
navigation, every role check). ``get_user`` reads all three in one query, and
that query is compiled once per process (``community/prepared.py``): on a
member's page the user load was a tenth of the whole request's time.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value

from community.prepared import PreparedQuery

ROLE_SEPARATOR = ","
ROLES = "kongsi_role_names"


def _role_names_subquery(user_model) -> Subquery:
    """The user's group names joined by commas (NULL when none), as a subquery."""
    memberships = user_model.groups.through.objects.filter(user=OuterRef("pk"))
    return Subquery(
        memberships.order_by()
        .values("user")
        .annotate(names=StringAgg("group__name", Value(ROLE_SEPARATOR)))
        .values("names"),
        output_field=TextField(),
    )


def _member_model():
    return get_user_model().member.related.related_model


def _user_query(user_id):
    user_model = get_user_model()
    user_fields = [field.name for field in user_model._meta.concrete_fields]
    member_fields = [
        f"member__{field.name}" for field in _member_model()._meta.concrete_fields
    ]
    return user_model._default_manager.filter(pk=user_id).values(
        *user_fields, *member_fields, **{ROLES: _role_names_subquery(user_model)}
    )


USER_WITH_MEMBER = PreparedQuery(_user_query, user_id=int)


def user_with_member_and_roles(user_id: int):
    """The user with ``user.member`` (or none) and the roles cached, or None."""
    from community.roles import Role

    rows = USER_WITH_MEMBER.rows(user_id=user_id)
    if not rows:
        return None
    row = rows[0]
    user_model, member_model = get_user_model(), _member_model()
    user_fields = user_model._meta.concrete_fields
    user = user_model.from_db(
        "default",
        [field.attname for field in user_fields],
        [row[field.name] for field in user_fields],
    )
    member = None
    if row["member__id"] is not None:
        member_fields = member_model._meta.concrete_fields
        member = member_model.from_db(
            "default",
            [field.attname for field in member_fields],
            [row[f"member__{field.name}"] for field in member_fields],
        )
        member_model.user.field.set_cached_value(member, user)
    # As select_related("member") leaves it: the row, or None (no member).
    user_model.member.related.set_cached_value(user, member)
    roles = {name for name in (row[ROLES] or "").split(ROLE_SEPARATOR) if name}
    if user.is_superuser:
        roles.add(Role.LEADER)
    # What ``community.roles.role_names`` would read with its own query.
    user._kongsi_roles = roles
    return user


class MemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user_id = int(user_id)
        except (TypeError, ValueError):
            return None
        user = user_with_member_and_roles(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user
