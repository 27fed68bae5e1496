"""Template context for every page: the bottom navigation and roles."""

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from community.roles import Role, role_names

# (url name, label, icon, roles that see it; empty = every signed-in person)
NAVIGATION = [
    ("community:home", _("Home"), "home", ()),
    ("catalog:product_list", _("Catalog"), "box", ()),
    ("orders:order_list", _("Orders"), "list", ()),
    ("settlements:settlement_list", _("Pay"), "wallet", ()),
    ("training:path", _("Learn"), "book", ()),
]


def _resolvable(name: str) -> str | None:
    from community.templatetags.kongsi import reverse_once

    try:
        return reverse_once(name)
    except NoReverseMatch:
        return None


def kongsi(request) -> dict:
    from community.offline import is_low_data

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_roles": set(), "low_data": False}
    roles = role_names(user)
    items = []
    current = request.path
    for name, label, icon, allowed in NAVIGATION:
        if allowed and not roles & set(allowed):
            continue
        url = _resolvable(name)
        if url is None:
            continue
        active = current == url or (url != "/" and current.startswith(url))
        items.append({"url": url, "label": label, "icon": icon, "active": active})
    return {
        "low_data": is_low_data(request),
        "nav_items": items,
        "user_roles": roles,
        "is_leader": Role.LEADER in roles,
        "is_treasurer": Role.TREASURER in roles,
        "is_mentor": Role.MENTOR in roles,
        "is_staff_role": bool(roles & {Role.LEADER, Role.TREASURER}),
    }
