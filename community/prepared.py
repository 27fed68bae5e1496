"""Querysets built and compiled once per process, run with each request's values.

A member's pages read a handful of small aggregates (this month's orders, the
figures on Beranda, the week's sales). The database answers each in well under
a millisecond; building the queryset (filters, Q objects, subqueries) and
compiling it to SQL cost Python several times that, on every request, for the
same SQL text each time (issue 22's profile: half of Beranda's time).

``PreparedQuery`` builds its queryset once with placeholder values, compiles
it once per database connection, finds where each placeholder landed in the
compiled parameters, and afterwards runs the same SQL with the request's
values put in those places. The rows still go through the compiler's own
converters (decimals, dates, booleans of the database), so the answer is what
the queryset itself would give; a test compares the two for every prepared
query of the project.

Only values that Django passes as SQL parameters can be placeholders: ints,
strings, dates and aware datetimes in filters and expressions. A limit or a
list's length is part of the SQL text, so it is fixed when the query is
prepared (``static`` arguments: one compiled query per distinct value).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet, Value
from django.db.models.query import ModelIterable

_SAMPLES: dict[type, Callable[[int], Any]] = {
    # Negative (no row has such an id) and within a 32-bit integer column's
    # range: Django refuses a lookup past a column's range as an empty result.
    int: lambda i: -2_073_741_817 - i,
    str: lambda i: f"kongsi-placeholder-{i}-7c1e",
    datetime.date: lambda i: datetime.date(1901, 2, 3 + i),
    datetime.datetime: lambda i: datetime.datetime(
        1901, 2, 3, 4, 5, 6, 700 + i, tzinfo=datetime.UTC
    ),
}


def _adapter(kind: type, connection) -> Callable[[Any], Any]:
    """Turn a value into the parameter the backend sends for a field of ``kind``."""
    if kind is datetime.datetime:
        return connection.ops.adapt_datetimefield_value
    if kind is datetime.date:
        return connection.ops.adapt_datefield_value
    return lambda value: value


@dataclass
class _Compiled:
    sql: str
    params: tuple
    slots: list[tuple[int, str]]  # (position in params, placeholder name)
    adapters: dict[str, Callable]
    compiler: Any
    converters: dict
    names: list[str]
    model: Any = None  # set when the query gives model objects


class PreparedQuery:
    """A ``values()`` queryset compiled once per connection (see module doc).

    ``build(**placeholders, **static)`` returns the queryset; ``placeholders``
    names each argument that changes per request and its type.
    """

    def __init__(self, build: Callable[..., QuerySet], **placeholders: type):
        for kind in placeholders.values():
            if kind not in _SAMPLES:
                raise TypeError(f"A placeholder cannot be of type {kind!r}")
        self.build = build
        self.placeholders = placeholders

    def rows(self, *, using: str = "default", static=None, **values) -> list[dict]:
        """Run the query with ``values``; return its rows as ``values()`` would."""
        if set(values) != set(self.placeholders):
            raise TypeError(
                f"Expected {sorted(self.placeholders)}, got {sorted(values)}"
            )
        connection = connections[using]
        compiled = self._compiled(connection, using, static or {})
        params = list(compiled.params)
        for position, name in compiled.slots:
            params[position] = compiled.adapters[name](values[name])
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        rows = fetched
        if compiled.converters:
            rows = compiled.compiler.apply_converters(fetched, compiled.converters)
        names = compiled.names
        return [dict(zip(names, row, strict=False)) for row in rows]

    def instances(self, *, using: str = "default", static=None, **values) -> list:
        """Run a model queryset's query; return its model objects.

        For a plain queryset of one model (no ``select_related``, no
        ``values()``): the objects are made from the row as Django makes them.
        """
        compiled = self._compiled(connections[using], using, static or {})
        if compiled.model is None:
            raise TypeError("instances() needs a queryset of model objects")
        attnames = compiled.names
        return [
            compiled.model.from_db(using, attnames, [row[name] for name in attnames])
            for row in self.rows(using=using, static=static, **values)
        ]

    def one(self, *, using: str = "default", static=None, **values) -> dict:
        """The first row (an aggregate's only row)."""
        rows = self.rows(using=using, static=static, **values)
        return rows[0] if rows else {}

    def _compiled(self, connection, using: str, static: dict) -> _Compiled:
        cache = connection.__dict__.setdefault("_kongsi_prepared", {})
        key = (id(self), tuple(sorted(static.items())))
        compiled = cache.get(key)
        if compiled is None:
            compiled = self._compile(connection, using, static)
            cache[key] = compiled
        return compiled

    def _compile(self, connection, using: str, static: dict) -> _Compiled:
        samples = {
            name: _SAMPLES[kind](index)
            for index, (name, kind) in enumerate(self.placeholders.items())
        }
        adapters = {
            name: _adapter(kind, connection) for name, kind in self.placeholders.items()
        }
        queryset = self.build(**samples, **static)
        model = None
        if queryset._fields is None and queryset._iterable_class is ModelIterable:
            if queryset.query.select_related:
                raise ValueError("A prepared query of objects cannot select_related")
            model = queryset.model
            queryset = queryset.values(
                *[field.attname for field in model._meta.concrete_fields]
            )
        query = queryset.query
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        forms = {
            name: [samples[name], adapters[name](samples[name])] for name in samples
        }
        slots = []
        for position, param in enumerate(params):
            for name, candidates in forms.items():
                if any(
                    type(param) is type(form) and param == form for form in candidates
                ):
                    slots.append((position, name))
        missing = set(samples) - {name for _position, name in slots}
        if missing:
            raise ValueError(
                f"Placeholders {sorted(missing)} are not SQL parameters of {sql!r}"
            )
        fields = [selected[0] for selected in compiler.select[0 : compiler.col_count]]
        if query.selected:
            names = list(query.selected)
        else:
            names = [
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            ]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            adapters=adapters,
            compiler=compiler,
            converters=compiler.get_converters(fields),
            names=names,
            model=model,
        )


def aggregate_values(queryset: QuerySet, **aggregates) -> QuerySet:
    """``queryset.aggregate(**aggregates)`` as a one-row ``values()`` queryset.

    A prepared query needs a queryset; ``aggregate()`` runs at once. Grouping
    by a constant groups nothing (Django leaves constants out of GROUP BY), so
    this is the same single row of sums, NULL where no row matched.
    """
    return (
        queryset.order_by()
        .annotate(_one_row=Value(1))
        .values("_one_row")
        .annotate(**aggregates)
        .values(*aggregates)
    )
