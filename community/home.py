"""Panels on the member's Beranda, and the day's work of leader and treasurer.

Later apps (orders, settlements, training, insights …) add a panel from their
AppConfig.ready(); community itself never imports them. A panel is a template
plus a function that returns its context for the request's member, or None to
hide the panel.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable  # (request, member) -> dict | None
    order: int = 100
    # A panel that is the member's next step (what to pay) comes before the
    # notifications, so it is on the first screen of a phone.
    first: bool = False


_panels: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    """Add (or replace, by key) a Beranda panel."""
    _panels[panel.key] = panel


def home_panels() -> list[HomePanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


# -- the day's work of leader and treasurer ----------------------------------------
#
# A work card is one kind of task (orders to pack, proofs to check …) with a
# count and one link. Each app registers its cards from AppConfig.ready(), as
# it does its panels. A card gives SQL expressions (subqueries of its own
# tables, usually ``community.figures.count_of``) for the user, and a function
# that turns their values into what the card shows, or None to hide it.
# ``work_cards_for`` reads the expressions of every card the user's roles see
# in ONE query, however many cards and rows there are.


@dataclass(frozen=True)
class WorkCard:
    key: str
    roles: tuple[str, ...]  # any of these roles sees the card
    expressions: Callable  # (user) -> dict[str, Expression]
    # (values: dict, user) -> a card dict, a list of them (several cards from
    # the same figures), or None
    build: Callable
    order: int = 100


_work_cards: dict[str, WorkCard] = {}


def register_work_card(card: WorkCard) -> None:
    """Add (or replace, by key) a card of the day's work on Beranda."""
    _work_cards[card.key] = card


def work_cards_for(user) -> list[dict]:
    """The cards the user's roles see, each ``{key, count, title, text, url,
    urgent}``, in order; one query for all their figures."""
    from django.contrib.auth import get_user_model

    from community.roles import has_role

    cards = sorted(
        (card for card in _work_cards.values() if has_role(user, *card.roles)),
        key=lambda card: (card.order, card.key),
    )
    if not cards:
        return []
    expressions = {}
    for card in cards:
        for name, expression in card.expressions(user).items():
            expressions[f"{card.key}__{name}"] = expression
    values = get_user_model().objects.filter(pk=user.pk).values(**expressions).get()
    shown = []
    for card in cards:
        prefix = f"{card.key}__"
        own = {
            k.removeprefix(prefix): v for k, v in values.items() if k.startswith(prefix)
        }
        built = card.build(own, user)
        for one in built if isinstance(built, list) else [built]:
            if one is not None:
                shown.append({"key": card.key, "urgent": False, "text": "", **one})
    return shown


def when_text(moment: datetime) -> str:
    """A deadline on a card or a step: ``Sen, 7 Des 14:00``, Jakarta clock."""
    return date_format(timezone.localtime(moment), "D, j M H:i")


# Pages of the day's work that Beranda always links for leader and treasurer,
# also when no card shows: (url name, label, roles).
WORK_LINKS = [
    ("settlements:reconciliation", _("Check transfers"), ("leader", "treasurer")),
    ("orders:fulfilment", _("Pack and ship"), ("leader",)),
    ("returns:queue", _("Returns"), ("leader",)),
    ("charity:manage", _("Charity fund"), ("leader", "treasurer")),
]


def work_links_for(user) -> list[dict]:
    from django.urls import NoReverseMatch, reverse

    from community.roles import has_role

    links = []
    for name, label, roles in WORK_LINKS:
        if not has_role(user, *roles):
            continue
        try:
            links.append({"url": reverse(name), "label": label})
        except NoReverseMatch:
            continue
    return links
