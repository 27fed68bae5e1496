"""A small Beranda panel linking the leader and mentors to the impact report.

No queries: the roles are cached on the user (i20 is redesigning Beranda, so
this stays a link through ``community.home``)."""

from django.urls import reverse

from community.roles import Role, has_role


def impact_panel_context(request, member) -> dict | None:
    if not has_role(request.user, Role.LEADER, Role.MENTOR):
        return None
    return {"url": reverse("insights:impact")}
