"""The login backend: Django's, loading the member row and the roles with the user.

Almost every page needs ``request.user.member`` and the user's roles (the
navigation, every role check); reading both in the same query as the user
saves two queries per page.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value

ROLE_SEPARATOR = ","


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


class MemberModelBackend(ModelBackend):
    def get_user(self, user_id):
        from community.roles import Role

        user_model = get_user_model()
        try:
            user = (
                user_model._default_manager.select_related("member")
                .annotate(kongsi_role_names=_role_names_subquery(user_model))
                .get(pk=user_id)
            )
        except user_model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # What ``community.roles.role_names`` would read with its own query.
        roles = {name for name in (user.kongsi_role_names or "").split(",") if name}
        if user.is_superuser:
            roles.add(Role.LEADER)
        user._kongsi_roles = roles
        return user
