"""The figures of a cohort: its funnel, the distribution of its scores and levels, and
each dimension's quartiles, read from the cohort's aggregate (benchmarking.aggregates:
kept up to date as assessments are submitted, so a page costs the same however large the
cohort), or computed in the database from the rows where no aggregate keeps them (a park
narrowed by filters keeps the overall histogram only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from assessment.benchmarks import is_shown, spread_shown
from assessment.models import Assessment, Dimension, Round, Target
from benchmarking.aggregates import aggregate_key
from benchmarking.distribution import BINS_PER_POINT, LAST_BIN, histogram_quantile
from benchmarking.models import CohortAggregate
from benchmarking.selectors import cohort_aggregate
from core.stats import aggregate_with_quantiles, json_number
from enterprises.models import Enterprise

from .filters import CohortFilters, Scope, cohort_assessments
from .targets import indicator_aggregates, indicator_row, indicator_row_from_aggregate

SCORE_BINS = tuple((low, low + 10) for low in range(0, 100, 10))


def cohort_funnel(*, scope: Scope, filters: CohortFilters, submitted: int | None = None) -> dict:
    """Invited (enterprises of the park or province), started (an assessment of the round
    exists), submitted. `submitted`, the cohort's size if already counted (the statistics'
    n), leaves only the unsubmitted assessments to count (an index look-up, not a scan)."""
    invited = Enterprise.objects.filter(scope.q(), filters.q()).count()
    of_round = Assessment.objects.filter(scope.q(), filters.q(), round=filters.round)
    if submitted is None:
        row = of_round.aggregate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status=Assessment.Status.SUBMITTED)),
        )
    else:
        unsubmitted = [s for s in Assessment.Status.values if s != Assessment.Status.SUBMITTED]
        row = {
            "started": submitted + of_round.filter(status__in=unsubmitted).count(),
            "submitted": submitted,
        }
    invited = max(invited, row["started"])
    return {
        "invited": invited,
        "started": row["started"],
        "submitted": row["submitted"],
        "not_started": invited - row["started"],
        "not_submitted": row["started"] - row["submitted"],
    }


@dataclass
class DimensionFigure:
    code: str
    name: str
    q1: float | None
    median: float | None
    q3: float | None
    mean: float | None


@dataclass
class CohortStatistics:
    n: int
    n_above: int
    mean: float | None
    quartiles: dict[float, float | None]
    bins: list[tuple[str, int]]
    levels: list[tuple[int, str, int]]
    dimensions: list[DimensionFigure] = field(default_factory=list)
    indicators: dict | None = None  # this round's target figures, if targets were given

    @property
    def is_small(self) -> bool:
        return not is_shown(self.n)

    @property
    def quartiles_shown(self) -> bool:
        """Whether the cohort is large enough for quartiles (the rule book's spread rule)."""
        return spread_shown(self.n)["p25"]

    @property
    def q1(self) -> float | None:
        return self.quartiles.get(0.25)

    @property
    def median(self) -> float | None:
        return self.quartiles.get(0.5)

    @property
    def q3(self) -> float | None:
        return self.quartiles.get(0.75)

    @property
    def weakest(self) -> list[DimensionFigure]:
        ranked = [d for d in self.dimensions if d.median is not None]
        return sorted(ranked, key=lambda d: (d.median, d.mean or 0))[:3]


def _dimensions_of(round: Round) -> list[Dimension]:
    return list(Dimension.objects.filter(questionnaire_id=round.questionnaire_id).order_by("order"))


def dimensions_of(*, round: Round) -> list[Dimension]:
    """The round's dimensions in order (read once and handed to the figures that need them)."""
    return _dimensions_of(round)


def _levels_of(round: Round) -> list[tuple[int, str]]:
    return [(lv["level"], lv["name"]) for lv in round.questionnaire.level_table()]


def scope_aggregate_ident(scope) -> tuple[str, int]:
    """(aggregate kind, scope id) of a park, a province or the nation."""
    if scope.kind == "national":
        return CohortAggregate.Kind.NATIONAL, 0
    return scope.kind, scope.pk


def filters_key(filters: CohortFilters) -> str:
    return aggregate_key(
        industry_id=filters.industry.pk if filters.industry else None,
        size_class=filters.size_class,
        above=filters.above,
    )


def cohort_aggregate_of(
    *, scope: Scope, filters: CohortFilters, round: Round | None = None
) -> CohortAggregate | None:
    """The stored aggregate of the cohort in the filters' round (or `round`)."""
    kind, scope_id = scope_aggregate_ident(scope)
    return cohort_aggregate(
        round_id=(round or filters.round).pk, kind=kind, scope_id=scope_id, key=filters_key(filters)
    )


def _empty_statistics_row() -> CohortAggregate:
    return CohortAggregate(n=0, full=True, figures={})


def _statistics_from_aggregate(
    row: CohortAggregate, levels, dimensions, targets
) -> CohortStatistics:
    figures = row.figures
    hist, sums = figures.get("hist", {}), figures.get("sums", {})

    def quartiles_of(name: str) -> dict[float, float | None]:
        return {p: histogram_quantile(hist.get(name, {}), p) for p in (0.25, 0.5, 0.75)}

    def mean_of(name: str) -> float | None:
        count, total = sums.get(name) or (0, 0)
        return total / count if count else None

    overall = hist.get("overall", {})
    bins = []
    for low, high in SCORE_BINS:
        top = high * BINS_PER_POINT if high < 100 else LAST_BIN + 1
        count = sum(c for b, c in overall.items() if low * BINS_PER_POINT <= int(b) < top)
        bins.append((f"{low}–{high}", count))
    counts = figures.get("levels", {})
    quartiles = {"overall": quartiles_of("overall")}
    quartiles.update({d.code: quartiles_of(d.code) for d in dimensions})
    if not spread_shown(row.n)["p25"]:
        for q in quartiles.values():
            q[0.25] = q[0.75] = None
    return CohortStatistics(
        n=row.n,
        n_above=figures.get("n_above", 0),
        mean=mean_of("overall"),
        quartiles=quartiles["overall"],
        bins=bins,
        levels=[(level, name, counts.get(str(level), 0)) for level, name in levels],
        dimensions=[
            DimensionFigure(
                code=d.code,
                name=d.name,
                q1=quartiles[d.code][0.25],
                median=quartiles[d.code][0.5],
                q3=quartiles[d.code][0.75],
                mean=mean_of(d.code),
            )
            for d in dimensions
        ],
        indicators=None if targets is None else indicator_row_from_aggregate(row, targets),
    )


def cohort_statistics(
    *,
    scope: Scope,
    filters: CohortFilters,
    targets: list[Target] | None = None,
    dimensions: list[Dimension] | None = None,
) -> CohortStatistics:
    """Count, mean, quartiles, histogram and levels of the overall score, and each
    dimension's quartiles and mean (and with `targets` this round's figure of each
    target): from the cohort's aggregate where it keeps every score's histogram, else
    from the rows (cohort_statistics_from_rows)."""
    dimensions = _dimensions_of(filters.round) if dimensions is None else dimensions
    row = cohort_aggregate_of(scope=scope, filters=filters)
    if row is None:
        row = _empty_statistics_row()
    if row.full:
        return _statistics_from_aggregate(row, _levels_of(filters.round), dimensions, targets)
    statistics = cohort_statistics_from_rows(scope=scope, filters=filters, dimensions=dimensions)
    if targets is not None:
        statistics.indicators = indicator_row_from_aggregate(row, targets)
    return statistics


def cohort_statistics_from_rows(
    *,
    scope: Scope,
    filters: CohortFilters,
    targets: list[Target] | None = None,
    dimensions: list[Dimension] | None = None,
) -> CohortStatistics:
    """Count, mean, quartiles, histogram and levels of the overall score, and each
    dimension's quartiles and mean, read from one row per assessment (the dimension scores
    are keys of its `scores`): on PostgreSQL one aggregate query. With `targets`, the same
    query also gives this round's figure of each target (`indicators`, as
    indicator figures give them per round): they read the same rows."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    dimensions = _dimensions_of(filters.round) if dimensions is None else dimensions
    aggregates = {
        "n": Count("pk"),
        "n_above": Count("pk", filter=Q(above_designated_size=True)),
        "mean": Avg("overall_score"),
    }
    for i, (low, high) in enumerate(SCORE_BINS):
        upper = Q(overall_score__lt=high) if high < 100 else Q(overall_score__lte=high)
        aggregates[f"bin{i}"] = Count("pk", filter=Q(overall_score__gte=low) & upper)
    levels = _levels_of(filters.round)
    for level, _name in levels:
        aggregates[f"level{level}"] = Count("pk", filter=Q(level=level))
    if targets is not None:
        # Annotated (not aliased): on PostgreSQL each indicator is then read once per row in
        # the fenced subquery, beside the dimension scores.
        values, target_aggregates = indicator_aggregates(targets, filters.round)
        cohort = cohort.annotate(**values)
        aggregates.update(target_aggregates)
    fields = {"overall": "overall_score"}
    fields.update({d.code: json_number("scores", d.code) for d in dimensions})
    row, quartiles = aggregate_with_quantiles(
        cohort, aggregates=aggregates, fields=fields, means=True
    )
    if not spread_shown(row["n"])["p25"]:
        # Too few for quartiles: with the median they would give the values back.
        for q in quartiles.values():
            q[0.25] = q[0.75] = None
    return CohortStatistics(
        n=row["n"],
        n_above=row["n_above"],
        mean=row["mean"],
        quartiles=quartiles["overall"],
        bins=[(f"{low}–{high}", row[f"bin{i}"]) for i, (low, high) in enumerate(SCORE_BINS)],
        levels=[(level, name, row[f"level{level}"]) for level, name in levels],
        dimensions=[
            DimensionFigure(
                code=d.code,
                name=d.name,
                q1=quartiles[d.code][0.25],
                median=quartiles[d.code][0.5],
                q3=quartiles[d.code][0.75],
                mean=row[f"mean_{d.code}"],
            )
            for d in dimensions
        ],
        indicators=None if targets is None else indicator_row(row, targets),
    )
