"""What a cohort document that leaves the administrators' hands (the cohort PDF) may
publish: no two of its figures, nor a figure and the same figure of a wider cohort, may
differ by fewer than MIN_GROUP enterprises (complementary suppression, the rule book's
`differ_too_little` and `complementary_shown`). Administrators on screen keep every figure
their own cohort has."""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

from django.db.models import Count

from assessment.benchmarks import complementary_shown, differ_too_little
from assessment.models import Target

from .filters import CohortFilters, Scope, cohort_assessments
from .targets import target_aggregates


def _wider(filters: CohortFilters) -> list[CohortFilters]:
    """Every cohort the filters narrow: the same round with a proper subset of them."""
    active = [
        name
        for name, on in (
            ("industry", filters.industry is not None),
            ("size_class", bool(filters.size_class)),
            ("above", filters.above is not None),
        )
        if on
    ]
    cleared = {"industry": None, "size_class": "", "above": None}
    wider = []
    for k in range(len(active)):
        for kept in combinations(active, k):
            drop = {name: cleared[name] for name in active if name not in kept}
            wider.append(replace(filters, **drop))
    return wider


def cohort_counts(*, scope: Scope, filters: CohortFilters, targets: list[Target]) -> dict:
    """{"n": enterprises, target code: enterprises with a value} of a cohort, one query."""
    aliases, aggregates = target_aggregates(targets)
    counts = {t.code: aggregates[f"{t.code}__n"] for t in targets}
    return (
        cohort_assessments(scope=scope, filters=filters)
        .annotate(**aliases)
        .aggregate(n=Count("pk"), **counts)
    )


def parents_of(
    *, scope: Scope, filters: CohortFilters, targets: list[Target], province: bool = False
) -> list[dict]:
    """The counts of every published or publishable cohort that contains this one: the
    same scope under fewer filters and, for a park's section (`province`), its province
    under the same filters."""
    parents = [
        cohort_counts(scope=scope, filters=wider, targets=targets) for wider in _wider(filters)
    ]
    if province:
        whole = Scope(park=None, province=scope.province)
        parents.append(cohort_counts(scope=whole, filters=filters, targets=targets))
    return parents


def publication_withhold(*, context: dict, parents: list[dict]) -> dict:
    """Mark in a dashboard context what a passed-on document withholds: the whole cohort
    (context["withheld"]) if it is within MIN_GROUP of a wider one, else each target figure
    within MIN_GROUP of the same figure of a wider cohort; and, in a province's comparison,
    the parks and cities that complementary suppression withholds."""
    n = context["statistics"].n
    context["withheld"] = any(differ_too_little(p["n"], n) for p in parents)
    for figure in context["targets"]:
        code = figure.target.code
        figure.withheld = any(differ_too_little(p.get(code), figure.n) for p in parents)
    comparison = context.get("comparison")
    if comparison:
        for rows in (comparison["parks"], comparison["cities"]):
            shown = complementary_shown(total=n, sizes=[r.n for r in rows])
            for row, ok in zip(rows, shown, strict=True):
                row.withheld = not ok and not row.suppressed
    return context


def parks_published(*, scope: Scope, filters: CohortFilters) -> set[int]:
    """The parks of a province whose sections a province's document may carry under the
    filters: complementary suppression over the province's parks (those outside a park
    count in the province, not in any section)."""
    cohort = cohort_assessments(scope=Scope(park=None, province=scope.province), filters=filters)
    rows = list(cohort.order_by().values("park_id").annotate(n=Count("pk")))
    total = sum(r["n"] for r in rows)
    parks = [r for r in rows if r["park_id"] is not None]
    shown = complementary_shown(total=total, sizes=[r["n"] for r in parks])
    return {r["park_id"] for r, ok in zip(parks, shown, strict=True) if ok}
