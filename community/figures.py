"""Figures about one member that later apps provide, read in one query.

``members/me/`` shows ``credit_balance`` (returns), ``charity_contributed``
(charity) and ``outstanding`` (settlements); Beranda also shows a few counts.
Community cannot import those apps, so each registers, from its
AppConfig.ready(), a function that builds the figure as a SQL expression of the
member's primary key (``member_ref``, an ``OuterRef``). ``member_figures`` then
reads every figure asked for in ONE query, whatever the number of rows behind
them. A figure no app provides reads 0.
"""

from collections.abc import Callable, Iterable

from django.db.models import BigIntegerField, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from community.prepared import PreparedQuery

MEMBER_FIGURES = ("credit_balance", "charity_contributed", "outstanding")
# Also on Beranda: submitted orders in no settlement, returns waiting, the fund.
HOME_FIGURES = (*MEMBER_FIGURES, "unsettled_orders", "open_returns", "fund_balance")

_expressions: dict[str, Callable] = {}


def register_member_figure(name: str, expression: Callable) -> None:
    """Register ``expression(member_ref) -> Expression`` for a HOME_FIGURES name."""
    if name not in HOME_FIGURES:
        raise ValueError(f"Unknown member figure {name!r}")
    _expressions[name] = expression


def sum_of(queryset, expression) -> Coalesce:
    """Σ expression over the queryset's rows, as a subquery (0 when none)."""
    if isinstance(expression, str):
        expression = F(expression)
    total = queryset.order_by().annotate(total=Func(expression, function="SUM"))
    return Coalesce(
        Subquery(total.values("total")[:1]),
        Value(0),
        output_field=BigIntegerField(),
    )


def count_of(queryset) -> Coalesce:
    """How many rows the queryset has, as a subquery."""
    return sum_of(queryset, Value(1))


def _figures_query(expressions: dict[str, Callable]):
    def build(member_id):
        from community.models import Member

        return Member.objects.filter(pk=member_id).values(
            **{
                f"figure_{name}": expression(OuterRef("pk"))
                for name, expression in expressions.items()
            }
        )

    return PreparedQuery(build, member_id=int)


# One prepared query per set of figures (community/prepared.py): Beranda's
# figures query is built and compiled once per process, not on every request.
_prepared: dict[tuple, PreparedQuery] = {}


def _read(member, expressions: dict[str, Callable]) -> dict:
    if not expressions:
        return {}
    key = tuple((name, expressions[name]) for name in sorted(expressions))
    prepared = _prepared.get(key)
    if prepared is None:
        prepared = _prepared[key] = _figures_query(dict(expressions))
    rows = prepared.rows(member_id=member.pk)
    if not rows:
        raise member.DoesNotExist(f"No member {member.pk}")
    return rows[0]


def member_figures(member, names: Iterable[str] = MEMBER_FIGURES) -> dict[str, int]:
    """Return each asked figure for the member, 0 where no app provides it."""
    names = tuple(names)
    values = _read(
        member, {name: _expressions[name] for name in names if name in _expressions}
    )
    return {name: int(values.get(f"figure_{name}") or 0) for name in names}


def figure_of(member, expression: Callable) -> int:
    """One figure, from its expression builder, for one member (one query)."""
    return int(_read(member, {"value": expression})["figure_value"] or 0)


def request_figures(request, member) -> dict[str, int]:
    """Beranda's figures, read once per request and shared by every panel."""
    if request is None:  # a panel rendered outside a request
        return member_figures(member, HOME_FIGURES)
    cached = getattr(request, "_kongsi_figures", None)
    if cached is None or cached[0] != member.pk:
        cached = (member.pk, member_figures(member, HOME_FIGURES))
        request._kongsi_figures = cached
    return cached[1]
