"""A small Beranda panel linking to the impact report: the leader and mentors
get the community's report (learners at risk first), a member their own
income against the UMK and their turnover.

No queries: the roles are cached on the user (i20 is redesigning Beranda, so
this stays a link through ``community.home``)."""

from django.urls import reverse

from community.roles import Role, has_role


def impact_panel_context(request, member) -> dict | None:
    if member is None and not has_role(request.user, Role.LEADER, Role.MENTOR):
        return None
    return {
        "url": reverse("insights:impact"),
        "community": has_role(request.user, Role.LEADER, Role.MENTOR),
    }
