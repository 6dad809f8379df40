"""The enterprise × dimension heat map an administrator drills down from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Page, Paginator

from assessment.models import Dimension
from assessment.templatetags.figures import one_decimal

from .filters import CohortFilters, Scope, cohort_assessments
from .statistics import dimensions_of

HEATMAP_PAGE = 40


class CountedPaginator(Paginator):
    """A paginator over a list whose size is already known: it never counts it again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # overrides the cached property that would run a COUNT


@dataclass
class HeatmapPage:
    dimensions: list[Dimension]
    page: Page  # its object_list: the rows, each with its `overall_text` and `cells`
    total: int

    @property
    def rows(self) -> list[dict]:
        return self.page.object_list


def whole_number(score: float | None) -> str:
    """A cell's score as shown: half-up to a whole number ("" for none), written here
    once rather than by a template filter in each of a page's 400 cells."""
    if score is None:
        return ""
    return str(int(Decimal(repr(float(score))).quantize(Decimal(1), ROUND_HALF_UP)))


def heat_band(score: float | None) -> str:
    """The heat-map colour class of a score: heat-0 (below 20) to heat-4 (80 and over)."""
    if score is None:
        return "heat-none"
    return f"heat-{min(4, int(score // 20))}"


def cohort_heatmap(
    *,
    scope: Scope,
    filters: CohortFilters,
    page: int | str | None = 1,
    total: int | None = None,
    dimensions: list[Dimension] | None = None,
) -> HeatmapPage:
    """Enterprise × dimension scores, one page at a time (weakest overall first; the
    indexes on round, status, park or province and overall score give the page without a
    sort). `page` is the number asked for as given (a number past the end is the last
    page, anything else the first). `total`, the cohort's size if already counted, and
    `dimensions`, the round's if already read, save reading them again."""
    cohort = cohort_assessments(scope=scope, filters=filters)
    total = cohort.count() if total is None else total
    rows = cohort.order_by("overall_score", "pk").values(
        "pk", "enterprise__name", "overall_score", "level", "report__id", "scores"
    )
    shown = CountedPaginator(rows, HEATMAP_PAGE, count=total).get_page(page)
    shown.object_list = rows = list(shown.object_list)
    dimensions = dimensions_of(round=filters.round) if dimensions is None else dimensions
    for r in rows:
        scores = r.pop("scores")
        r["overall_text"] = one_decimal(r["overall_score"])
        r["cells"] = [
            (whole_number(score), heat_band(score))
            for score in (scores.get(d.code) for d in dimensions)
        ]
    return HeatmapPage(dimensions=dimensions, page=shown, total=total)
