"""What a cohort dashboard shows (on screen and in the cohort PDF): the selectors' figures
and the charts drawn from them."""

import hashlib
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from actions.models import Action, ActionStatus
from assessment.benchmarks import MIN_GROUP, SPREAD_FLOORS
from core.db_routers import replica_reads
from enterprises.models import Enterprise
from providers.selectors import matching_summary

from . import charts
from .comparison import cohort_comparison
from .filters import CohortFilters, Scope
from .heatmap import cohort_heatmap
from .statistics import cohort_funnel, cohort_statistics, dimensions_of
from .targets import cohort_targets, cohort_targets_held

CHART_SECONDS = 24 * 3600


@contextmanager
def roomy_sorts():
    """On PostgreSQL, let this transaction's quantile sorts stay in memory (work_mem)
    instead of spilling to disk: a province's overall and nine dimension quartiles sort
    ten columns of 100 000 values in one aggregate."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
                # The statistics and the comparison read each row's JSON values in a fenced
                # subquery that hands 100 000 rows up to the aggregate; at the default
                # per-row cost of a parallel worker's row (0.1) the planner never lets the
                # workers do that reading, and one process does it alone.
                cursor.execute("SET LOCAL parallel_tuple_cost = 0.01")
        yield


def dashboard_figures(
    *, scope: Scope, filters: CohortFilters, page: int | None = 1, compare: bool = True
) -> dict:
    """Figures and charts of one cohort; `page=None` leaves out the enterprise list and
    `compare=False` the comparison of parks and cities. Read from the replica if there
    is one."""
    with roomy_sorts(), replica_reads():
        return _figures(scope=scope, filters=filters, page=page, compare=compare)


def _figures(*, scope: Scope, filters: CohortFilters, page: int | None, compare: bool) -> dict:
    # The round's dimensions and the province's targets read once; this round's target
    # figures come with the statistics (one scan of the cohort), the funnel's submitted
    # count is the statistics' n.
    dimensions = dimensions_of(round=filters.round)
    held = cohort_targets_held(scope=scope, filters=filters)
    statistics = cohort_statistics(
        scope=scope, filters=filters, targets=held, dimensions=dimensions
    )
    targets = cohort_targets(
        scope=scope, filters=filters, targets=held, current=statistics.indicators
    )
    context = {
        "scope": scope,
        "filters": filters,
        "funnel": cohort_funnel(scope=scope, filters=filters, submitted=statistics.n),
        "statistics": statistics,
        "targets": targets,
        "min_group": MIN_GROUP,
        "quartile_floor": SPREAD_FLOORS["p25"],
        "charts": {},
    }
    if not statistics.is_small:
        dimension_data = [(d.code, d.name, d.q1, d.median, d.q3) for d in statistics.dimensions]
        target_data = [(f.target.name, f.target.value, f.value, f.suppressed) for f in targets]
        context["charts"] = {
            "histogram": _chart(
                "histogram", statistics.bins, lambda: charts.score_histogram(statistics.bins)
            ),
            "levels": _chart(
                "levels", statistics.levels, lambda: charts.level_bars(statistics.levels)
            ),
            "dimensions": _chart(
                "dimensions",
                dimension_data,
                lambda: charts.dimension_quartiles(statistics.dimensions),
            ),
            "targets": _chart("targets", target_data, lambda: charts.target_bars(targets)),
        }
    if compare and scope.kind == "province" and not statistics.is_small:
        groups = cohort_comparison(scope=scope, filters=filters, targets=held)
        parks, cities = groups["park"], groups["city"]
        context["comparison"] = {"parks": parks, "cities": cities, "targets": held}
        context["charts"]["parks"] = charts.group_scores(parks, _("各园区总分"))
        context["charts"]["cities"] = charts.group_scores(cities, _("各城市总分"))
    if page is not None:
        context["heatmap"] = cohort_heatmap(
            scope=scope, filters=filters, page=page, total=statistics.n, dimensions=dimensions
        )
        context["matching"] = matching_summary(park=scope.park, province=scope.province)
        context["matching"]["demand"] = _demand(scope, dimensions)
    return context


def _chart(name: str, data, draw) -> SafeString:
    """The chart `draw` makes of `data`, drawn once per language and data: the figures
    change only as assessments are submitted, and drawing is most of a dashboard's time."""
    key = "chart:" + hashlib.sha256(repr((name, get_language(), data)).encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = str(draw())
        cache.set(key, svg, CHART_SECONDS)
    return mark_safe(svg)  # noqa: S308 (drawn by pygal, which escapes labels)


def _demand(scope: Scope, dimensions) -> list[dict]:
    """The scope's demand: per dimension, the actions its enterprises adopted into their
    plans and how many they have done (counts only, never an action)."""
    rows = (
        Action.objects.filter(enterprise__in=Enterprise.objects.filter(scope.q()))
        .exclude(dimension_code="")
        .values("dimension_code")
        .annotate(
            adopted=Count("pk"),
            done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        )
        .order_by()
    )
    names = {d.code: d.name for d in dimensions}
    return [
        {"code": r["dimension_code"], "name": names.get(r["dimension_code"], ""), **r}
        for r in sorted(rows, key=lambda r: r["dimension_code"])
    ]
