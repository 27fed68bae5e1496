"""Money figures about one member that later apps provide.

``members/me/`` shows ``credit_balance`` (returns), ``charity_contributed``
(charity) and ``outstanding`` (orders). Community cannot import those apps, so
each registers a function from its AppConfig.ready(); a figure no app provides
reads 0.
"""

from collections.abc import Callable

MEMBER_FIGURES = ("credit_balance", "charity_contributed", "outstanding")

_providers: dict[str, Callable] = {}


def register_member_figure(name: str, provider: Callable) -> None:
    """Register ``provider(member) -> int`` for a figure in MEMBER_FIGURES."""
    if name not in MEMBER_FIGURES:
        raise ValueError(f"Unknown member figure {name!r}")
    _providers[name] = provider


def member_figures(member) -> dict[str, int]:
    """Return every figure for the member, 0 where no app provides it."""
    return {
        name: int(_providers[name](member)) if name in _providers else 0
        for name in MEMBER_FIGURES
    }
