"""Cohort statistics computed in the database, on PostgreSQL and on SQLite.

PostgreSQL answers quantiles with PERCENTILE_CONT in one query (grouped, if asked);
SQLite, the embedded default, has no such aggregate and is answered with an ordered
OFFSET look-up per quantile, with the same linear interpolation.
"""

from math import floor

from django.db import connections
from django.db.models import Aggregate, Count, FloatField, Q, QuerySet

QUARTILES = (0.25, 0.5, 0.75)


class PercentileCont(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, percentile: float, **extra):
        if not 0 <= percentile <= 1:
            raise ValueError("percentile must be within [0, 1]")
        super().__init__(expression, percentile=float(percentile), **extra)


def _is_postgres(qs: QuerySet) -> bool:
    return connections[qs.db].vendor == "postgresql"


def _key(p: float) -> str:
    return f"p{round(p * 1000):04d}"


def quantiles(qs: QuerySet, field: str, probs=QUARTILES) -> dict[float, float | None]:
    """{p: value} of `field` over `qs` (linear interpolation, as PERCENTILE_CONT)."""
    if _is_postgres(qs):
        row = qs.aggregate(**{_key(p): PercentileCont(field, p) for p in probs})
        return {p: row[_key(p)] for p in probs}
    ordered = qs.exclude(**{f"{field}__isnull": True}).order_by(field).values_list(field, flat=True)
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


def grouped_quantiles(
    qs: QuerySet, group: str, field: str, probs=QUARTILES
) -> dict[object, dict[float, float | None]]:
    """{group value: {p: value}}: e.g. each dimension's quartiles over a cohort."""
    if _is_postgres(qs):
        rows = (
            qs.values(group)
            .order_by(group)
            .annotate(**{_key(p): PercentileCont(field, p) for p in probs})
        )
        return {row[group]: {p: row[_key(p)] for p in probs} for row in rows}
    groups = qs.values_list(group, flat=True).order_by(group).distinct()
    return {g: quantiles(qs.filter(**{group: g}), field, probs) for g in groups}


def percent_rank(qs: QuerySet, field: str, value: float) -> tuple[float | None, int]:
    """(percentile rank 0–100 of `value` among `qs`, group size), ties counted half:
    the share of the group scoring below `value`, plus half of those scoring the same."""
    row = qs.aggregate(
        n=Count("pk"),
        below=Count("pk", filter=Q(**{f"{field}__lt": value})),
        same=Count("pk", filter=Q(**{field: value})),
    )
    if not row["n"]:
        return None, 0
    return 100.0 * (row["below"] + 0.5 * row["same"]) / row["n"], row["n"]
