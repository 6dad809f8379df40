"""A province's parks and cities side by side, read from the aggregates of its parks and
cities (benchmarking.aggregates); the enterprises outside any park are the province's
aggregate less its parks'."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Avg, Count, Q, QuerySet

from assessment.benchmarks import is_shown
from assessment.models import Target
from benchmarking.aggregates import merge
from benchmarking.distribution import histogram_quantile
from benchmarking.models import CohortAggregate
from core.stats import grouped_quantiles, json_number
from reference.models import City, Park

from .filters import CohortFilters, Scope, cohort_assessments
from .targets import indicator_row_from_aggregate, target_aggregates, target_value


@dataclass
class GroupRow:
    pk: int | None
    name: str
    n: int
    mean: float | None
    median: float | None
    indicators: list[float | None]  # None where fewer than MIN_GROUP have a value
    withheld: bool = False  # in a passed-on document: complementary suppression

    @property
    def suppressed(self) -> bool:
        return not is_shown(self.n) or self.withheld


def _group_figures_postgres(cohort: QuerySet, targets: list[Target]) -> dict[str, dict]:
    """PostgreSQL: both groupings from one scan of the cohort (GROUPING SETS), each
    assessment's indicators read once (in the subquery) before the two sorts."""
    aliases = {
        f"ind_{i}": json_number("indicators", t.indicator_code) for i, t in enumerate(targets)
    }
    inner = (
        cohort.order_by()
        .annotate(**aliases)
        .values("park_id", "city_id", "above_designated_size", "overall_score", *aliases)
    )
    sql, params = inner.query.sql_with_params()
    columns = [
        "count(*) AS n",
        "count(*) FILTER (WHERE above_designated_size) AS n_above",
        "avg(overall_score) AS mean",
        "percentile_cont(0.5) WITHIN GROUP (ORDER BY overall_score) AS median",
    ]
    for i, t in enumerate(targets):
        where = "above_designated_size" if t.population == Target.Population.ABOVE_SCALE else "true"
        columns.append(f"count(ind_{i}) FILTER (WHERE {where}) AS tn_{i}")
        if t.kind == Target.Kind.POPULATION:
            columns.append(f"count(*) FILTER (WHERE {where} AND ind_{i} >= 100) AS t_{i}")
        else:
            columns.append(f"avg(ind_{i}) FILTER (WHERE {where}) AS t_{i}")
    query = (
        f"SELECT GROUPING(park_id) AS by_city, park_id, city_id, {', '.join(columns)} "
        f"FROM ({sql} LIMIT {10**12}) AS cohort GROUP BY GROUPING SETS ((park_id), (city_id))"
    )
    groups: dict[str, dict] = {"park": {}, "city": {}}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        names = [c[0] for c in cursor.description]
        for values in cursor.fetchall():
            r = dict(zip(names, values, strict=True))
            by = "city" if r["by_city"] else "park"
            r.update({t.code: r.pop(f"t_{i}") for i, t in enumerate(targets)})
            r.update({f"{t.code}__n": r.pop(f"tn_{i}") for i, t in enumerate(targets)})
            groups[by][r[f"{by}_id"]] = r
    return groups


def _group_figures(cohort: QuerySet, key: str, targets: list[Target]) -> dict:
    """Elsewhere: one grouped query, and the medians from ordered look-ups."""
    aliases, aggregates = target_aggregates(targets)
    rows = {
        r[key]: r
        for r in cohort.alias(**aliases)
        .order_by()
        .values(key)
        .annotate(
            n=Count("pk"),
            n_above=Count("pk", filter=Q(above_designated_size=True)),
            mean=Avg("overall_score"),
            **aggregates,
        )
    }
    if rows:
        for pk, median in grouped_quantiles(cohort, key, "overall_score", probs=(0.5,)).items():
            rows[pk]["median"] = median[0.5]
    return rows


def _shown_value(t: Target, r: dict) -> float | None:
    """A group's figure of a target, if enough of its enterprises have a value."""
    n = r[f"{t.code}__n"] or 0
    return target_value(t, r[t.code], n) if is_shown(n) else None


def _less(figures: dict, other: dict) -> dict:
    """`figures` less `other` (in place): what a cohort holds beyond a part of it."""
    for name, value in other.items():
        if isinstance(value, dict):
            _less(figures.setdefault(name, {}), value)
        elif isinstance(value, list):
            have = figures.get(name) or [0] * len(value)
            figures[name] = [a - b for a, b in zip(have, value, strict=True)]
        elif value is not None:
            figures[name] = (figures.get(name) or 0) - value
    return figures


def _aggregate_group(row: CohortAggregate, targets: list[Target]) -> dict:
    figures = row.figures
    count, total = figures.get("sums", {}).get("overall") or (0, 0)
    values = indicator_row_from_aggregate(row, targets)
    r = {
        "n": row.n,
        "mean": total / count if count else None,
        "median": histogram_quantile(figures.get("hist", {}).get("overall", {}), 0.5),
    }
    for t in targets:
        n = values[t.code]["n"]
        r[f"{t.code}__n"] = n
        r[t.code] = _raw(t, values[t.code]["value"], n)
    return r


def _raw(t: Target, value: float | None, n: int):
    """Back from a shown figure to the aggregate target_value reads (a share's count)."""
    if t.kind == Target.Kind.POPULATION:
        return None if value is None else value * n / 100.0
    return value


def _group_figures_aggregated(
    scope: Scope, filters: CohortFilters, targets: list[Target]
) -> dict[str, dict]:
    from .statistics import cohort_aggregate_of, filters_key

    key = filters_key(filters)
    groups: dict[str, dict] = {"park": {}, "city": {}}
    parks = CohortAggregate(n=0, figures={})
    for by in ("park", "city"):
        rows = CohortAggregate.objects.filter(
            round=filters.round, kind=by, key=key, province_id=scope.province.pk
        )
        for row in rows:
            groups[by][row.scope_id] = _aggregate_group(row, targets)
            if by == "park":
                parks.n += row.n
                merge(parks.figures, row.figures)
    province = cohort_aggregate_of(scope=scope, filters=filters)
    if province is not None and province.n > parks.n:
        rest = CohortAggregate(
            n=province.n - parks.n, figures=_less(province.figures, parks.figures)
        )
        groups["park"][None] = _aggregate_group(rest, targets)
    return groups


def cohort_comparison(
    *, scope: Scope, filters: CohortFilters, targets: list[Target]
) -> dict[str, list[GroupRow]]:
    """The province's parks and cities side by side ({"park": rows, "city": rows}): count,
    mean and median score and each target's figure, from their aggregates. Groups under
    MIN_GROUP submitted keep only their count, and a target's figure is shown only where
    MIN_GROUP of the group's enterprises have a value."""
    return _comparison(scope, _group_figures_aggregated(scope, filters, targets), targets)


def cohort_comparison_from_rows(
    *, scope: Scope, filters: CohortFilters, targets: list[Target]
) -> dict[str, list[GroupRow]]:
    """The province's parks and cities side by side ({"park": rows, "city": rows}): count,
    mean and median score and each target's figure (on PostgreSQL one query for both).
    Groups under MIN_GROUP submitted keep only their count, and a target's figure is shown
    only where MIN_GROUP of the group's enterprises have a value."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    if connection.vendor == "postgresql":
        groups = _group_figures_postgres(cohort, targets)
    else:
        groups = {by: _group_figures(cohort, f"{by}_id", targets) for by in ("park", "city")}
    return _comparison(scope, groups, targets)


def _comparison(scope: Scope, groups: dict, targets: list[Target]) -> dict[str, list[GroupRow]]:
    result = {}
    for by, model in (("park", Park), ("city", City)):
        rows = groups[by]
        names = {o.pk: o.name for o in model.objects.filter(pk__in=[k for k in rows if k])}
        result[by] = sorted(
            (
                GroupRow(
                    pk=pk,
                    name=names.get(pk, "—"),
                    n=r["n"],
                    mean=r["mean"],
                    median=r.get("median"),
                    indicators=[_shown_value(t, r) for t in targets],
                )
                for pk, r in rows.items()
            ),
            key=lambda g: (-g.n, g.name),
        )
    return result
