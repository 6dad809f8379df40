"""Cohort statistics computed in the database, on PostgreSQL and on SQLite.

PostgreSQL answers quantiles with PERCENTILE_CONT in one query (grouped, if asked);
SQLite, the embedded default, has no such aggregate and is answered with an ordered
OFFSET look-up per quantile, with the same linear interpolation.

Wherever a function takes a `field`, it takes a field name or an expression: e.g.
`json_number("scores", "D1")`, a number stored under a key of a JSON column.
"""

from math import floor

from django.db import connections
from django.db.models import Aggregate, Avg, Count, Expression, F, FloatField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.db.models.lookups import Exact, LessThan

QUARTILES = (0.25, 0.5, 0.75)
_VALUE = "stat_value"


def json_number(column: str, *path: str | int) -> Cast:
    """The number under `path` of the JSON column `column` as a float expression (NULL
    where the key is absent): json_number("scores", "D1"),
    json_number("ratio_parts", "cnc_key_process_rate", 0)."""
    return Cast(KT("__".join([column, *map(str, path)])), FloatField())


class PercentileCont(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile: float, **extra):
        if not 0 <= percentile <= 1:
            raise ValueError("percentile must be within [0, 1]")
        super().__init__(expression, percentile=float(percentile), **extra)


class PercentilesCont(Aggregate):
    """PostgreSQL: several quantiles of one expression from one sort (an array)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(ARRAY[%(percentiles)s]) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, probs, **extra):
        from django.contrib.postgres.fields import ArrayField

        if not all(0 <= p <= 1 for p in probs):
            raise ValueError("percentiles must be within [0, 1]")
        super().__init__(
            expression,
            percentiles=", ".join(repr(float(p)) for p in probs),
            output_field=ArrayField(FloatField()),
            **extra,
        )


def _expression(field: str | Expression):
    return F(field) if isinstance(field, str) else field


def _is_postgres(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def _key(p: float) -> str:
    return f"p{round(p * 1000):04d}"


def _ordered_quantiles(qs: QuerySet, field, probs) -> dict[float, float | None]:
    """SQLite: each quantile from an ordered OFFSET look-up (two neighbours, interpolated)."""
    ordered = (
        qs.annotate(**{_VALUE: _expression(field)})
        .filter(**{f"{_VALUE}__isnull": False})
        .order_by(_VALUE)
        .values_list(_VALUE, flat=True)
    )
    n = ordered.count()
    result = {}
    for p in probs:
        if n == 0:
            result[p] = None
            continue
        pos = p * (n - 1)
        low = floor(pos)
        values = list(ordered[low : low + 2])
        upper = values[1] if len(values) > 1 else values[0]
        result[p] = values[0] + (upper - values[0]) * (pos - low)
    return result


def quantiles(qs: QuerySet, field, probs=QUARTILES) -> dict[float, float | None]:
    """{p: value} of `field` over `qs` (linear interpolation, as PERCENTILE_CONT)."""
    if _is_postgres(qs):
        expression = _expression(field)
        row = qs.aggregate(**{_key(p): PercentileCont(expression, p) for p in probs})
        return {p: row[_key(p)] for p in probs}
    return _ordered_quantiles(qs, field, probs)


# A LIMIT no cohort reaches: it keeps the per-row values in a subquery that PostgreSQL does
# not flatten, so that each is computed once per row, not once per aggregate using it.
_FENCE = 10**12


def aggregate_with_quantiles(
    qs: QuerySet,
    *,
    aggregates: dict,
    fields: dict,
    probs=QUARTILES,
    means: bool = False,
    ranks: dict[str, float] | None = None,
) -> tuple[dict, dict[str, dict[float, float | None]]]:
    """(row, {name: {p: value}}) for each `fields` name: field over `qs`. The row holds
    `aggregates`, with `means` each field's mean as "mean_<name>", and for each name of
    `ranks` ({name: value}) the counts of rank_aggregates (read them with rank_from).

    On PostgreSQL all in one query: each field's value is computed once per row (in a
    subquery) and its quantiles come from one sort. Elsewhere the row in one query and the
    quantiles from ordered look-ups."""
    ranks = ranks or {}
    postgres = _is_postgres(qs)
    if postgres:
        names = {name: f"stat_{i}" for i, name in enumerate(fields)}
        source = qs.order_by().annotate(
            **{names[name]: _expression(f) for name, f in fields.items()}
        )[:_FENCE]
        values = {name: F(names[name]) for name in fields}
    else:
        source = qs
        values = {name: _expression(f) for name, f in fields.items()}
    extra = {}
    for name, value in values.items():
        if means:
            extra[f"mean_{name}"] = Avg(value)
        if name in ranks:
            extra.update(rank_aggregates(name, value, ranks[name]))
        if postgres:
            extra[f"q_{name}"] = PercentilesCont(value, probs)
    row = source.aggregate(**aggregates, **extra) if aggregates or extra else {}
    if not postgres:
        return row, {name: _ordered_quantiles(qs, f, probs) for name, f in fields.items()}
    result = {}
    for name in fields:
        found = row.pop(f"q_{name}")
        result[name] = dict(zip(probs, found or [None] * len(probs), strict=True))
    return row, result


def grouped_quantiles(
    qs: QuerySet, group: str, field, probs=QUARTILES
) -> dict[object, dict[float, float | None]]:
    """{group value: {p: value}}: e.g. each park's median score over a cohort."""
    if _is_postgres(qs):
        expression = _expression(field)
        rows = (
            qs.values(group)
            .order_by(group)
            .annotate(**{_key(p): PercentileCont(expression, p) for p in probs})
        )
        return {row[group]: {p: row[_key(p)] for p in probs} for row in rows}
    groups = qs.values_list(group, flat=True).order_by(group).distinct()
    return {g: _ordered_quantiles(qs.filter(**{group: g}), field, probs) for g in groups}


def rank_aggregates(name: str, field, value: float) -> dict:
    """The counts percent_rank needs, as aggregates to fold into a larger query."""
    expression = _expression(field)
    return {
        f"{name}_n": Count(expression),
        f"{name}_below": Count(expression, filter=LessThan(expression, value)),
        f"{name}_same": Count(expression, filter=Exact(expression, value)),
    }


def rank_from(row: dict, name: str) -> tuple[float | None, int]:
    """(percentile rank, group size) from the row of rank_aggregates."""
    n = row[f"{name}_n"]
    if not n:
        return None, 0
    return 100.0 * (row[f"{name}_below"] + 0.5 * row[f"{name}_same"]) / n, n


def percent_rank(qs: QuerySet, field, value: float) -> tuple[float | None, int]:
    """(percentile rank 0–100 of `value` among `qs`, group size), ties counted half:
    the share of the group scoring below `value`, plus half of those scoring the same.
    Rows without a value (a JSON key absent) are not in the group."""
    row = qs.aggregate(**rank_aggregates("r", field, value))
    return rank_from(row, "r")
