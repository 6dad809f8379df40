"""The enterprise × dimension heat map an administrator drills down from."""

from __future__ import annotations

from dataclasses import dataclass

from assessment.models import Dimension

from .filters import CohortFilters, Scope, cohort_assessments
from .statistics import dimensions_of

HEATMAP_PAGE = 40


@dataclass
class HeatmapPage:
    dimensions: list[Dimension]
    rows: list[dict]
    page: int
    pages: int
    total: int


def heat_band(score: float | None) -> str:
    """The heat-map colour class of a score: heat-0 (below 20) to heat-4 (80 and over)."""
    if score is None:
        return "heat-none"
    return f"heat-{min(4, int(score // 20))}"


def cohort_heatmap(
    *,
    scope: Scope,
    filters: CohortFilters,
    page: int = 1,
    total: int | None = None,
    dimensions: list[Dimension] | None = None,
) -> HeatmapPage:
    """Enterprise × dimension scores, one page at a time (weakest overall first; the
    indexes on round, status, park or province and overall score give the page without a
    sort). `total`, the cohort's size if already counted, and `dimensions`, the round's
    if already read, save reading them again."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    total = cohort.count() if total is None else total
    pages = max(1, -(-total // HEATMAP_PAGE))
    page = min(max(1, page), pages)
    start = (page - 1) * HEATMAP_PAGE
    rows = list(
        cohort.order_by("overall_score", "pk").values(
            "pk", "enterprise__name", "overall_score", "level", "report__id", "scores"
        )[start : start + HEATMAP_PAGE]
    )
    dimensions = dimensions_of(round=filters.round) if dimensions is None else dimensions
    for r in rows:
        scores = r.pop("scores")
        r["cells"] = [
            (score, heat_band(score)) for score in (scores.get(d.code) for d in dimensions)
        ]
    return HeatmapPage(dimensions=dimensions, rows=rows, page=page, pages=pages, total=total)
