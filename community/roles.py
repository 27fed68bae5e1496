"""Roles are Django groups; a superuser counts as leader."""

from django.db import models


class Role(models.TextChoices):
    LEADER = "leader", "leader"
    TREASURER = "treasurer", "treasurer"
    MENTOR = "mentor", "mentor"
    MEMBER = "member", "member"


ALL_ROLES = [role.value for role in Role]


def role_names(user) -> set[str]:
    """Return the set of role names the user holds (cached on the user object)."""
    if user is None or not user.is_authenticated:
        return set()
    cached = getattr(user, "_kongsi_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.LEADER)
        user._kongsi_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    """Return True when the user holds any of the roles."""
    return bool(role_names(user) & set(roles))


def is_leader(user) -> bool:
    return has_role(user, Role.LEADER)


def is_staff_role(user) -> bool:
    """Leader or treasurer: the people who see the whole community's money."""
    return has_role(user, Role.LEADER, Role.TREASURER)
