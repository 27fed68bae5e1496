"""Panels on the member's Beranda.

Later apps (orders, settlements, training, insights …) add a panel from their
AppConfig.ready(); community itself never imports them. A panel is a template
plus a function that returns its context for the request's member, or None to
hide the panel.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable  # (request, member) -> dict | None
    order: int = 100


_panels: dict[str, HomePanel] = {}


def register_home_panel(panel: HomePanel) -> None:
    """Add (or replace, by key) a Beranda panel."""
    _panels[panel.key] = panel


def home_panels() -> list[HomePanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))
