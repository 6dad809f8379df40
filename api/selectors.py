"""Reads of the data interface: a cohort's figures as the dashboard shows them (withheld
figures null, with the reason), and the enterprises of a scope with their latest result."""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from assessment.benchmarks import MIN_GROUP
from assessment.models import Assessment
from cohorts.dashboard import roomy_sorts
from cohorts.filters import CohortFilters, Scope
from cohorts.statistics import CohortStatistics, cohort_funnel, cohort_statistics, dimensions_of
from cohorts.targets import TargetFigure, cohort_targets, cohort_targets_held
from enterprises.models import Enterprise

# Why a figure is null: the codes a client can rely on (the message is for people).
WITHHELD_COHORT = "cohort_too_small"
WITHHELD_TARGET = "group_too_small"


def _withheld(code: str, n: int) -> dict:
    return {
        "code": code,
        "message": _("只有 %(n)s 家企业，少于 %(min)s 家时不显示统计结果，以免识别出个别企业。")
        % {"n": n, "min": MIN_GROUP},
    }


def cohort_figures(*, scope: Scope, filters: CohortFilters) -> dict:
    """The figures the dashboard shows for the scope and filters (the same selectors, the
    same rule book); a figure the dashboard withholds is None here, with the reason."""
    with roomy_sorts():
        dimensions = dimensions_of(round=filters.round)
        held = cohort_targets_held(scope=scope, filters=filters)
        statistics = cohort_statistics(
            scope=scope, filters=filters, targets=held, dimensions=dimensions
        )
        targets = cohort_targets(
            scope=scope, filters=filters, targets=held, current=statistics.indicators
        )
        funnel = cohort_funnel(scope=scope, filters=filters, submitted=statistics.n)
    return {
        "scope": scope_data(scope=scope),
        "filters": filters_data(filters=filters),
        "min_group": MIN_GROUP,
        "funnel": funnel,
        "statistics": _statistics_data(statistics),
        "targets": [_target_data(f, cohort_shown=not statistics.is_small) for f in targets],
    }


def scope_data(*, scope: Scope) -> dict:
    return {"kind": scope.kind, "id": scope.pk, "name": str(scope.name)}


def filters_data(*, filters: CohortFilters) -> dict:
    return {
        "round": filters.round.pk,
        "round_code": filters.round.code,
        "round_name": str(filters.round.name),
        "industry": filters.industry.pk if filters.industry else None,
        "size": filters.size_class or None,
        "above": filters.above,
    }


def _statistics_data(s: CohortStatistics) -> dict:
    shown = not s.is_small
    return {
        "n": s.n,
        "withheld": None if shown else _withheld(WITHHELD_COHORT, s.n),
        "mean": s.mean if shown else None,
        "q1": s.q1 if shown else None,
        "median": s.median if shown else None,
        "q3": s.q3 if shown else None,
        "bins": [{"range": r, "count": c} for r, c in s.bins] if shown else None,
        "levels": (
            [{"level": lv, "name": str(name), "count": c} for lv, name, c in s.levels]
            if shown
            else None
        ),
        "dimensions": (
            [
                {
                    "code": d.code,
                    "name": str(d.name),
                    "q1": d.q1,
                    "median": d.median,
                    "q3": d.q3,
                    "mean": d.mean,
                }
                for d in s.dimensions
            ]
            if shown
            else None
        ),
        "weakest": [d.code for d in s.weakest] if shown else None,
    }


def _target_data(f: TargetFigure, *, cohort_shown: bool) -> dict:
    t = f.target
    shown = cohort_shown and not f.suppressed
    withheld = None
    if not shown:
        withheld = _withheld(WITHHELD_TARGET if cohort_shown else WITHHELD_COHORT, f.n)
    return {
        "code": t.code,
        "name": str(t.name),
        "indicator": t.indicator_code,
        "population": t.population,
        "comparison": t.comparison,
        "target": float(t.value),
        "unit": str(t.unit),
        "year": t.year,
        "province": t.province.code if t.province_id else None,
        "n": f.n,
        "withheld": withheld,
        "value": f.value if shown else None,
        "met": f.met if shown else None,
        "gap": f.gap if shown else None,
        "previous": f.previous if shown else None,
        "change": f.change if shown else None,
        "pooled": f.pooled if shown else None,
    }


def scope_enterprises(*, scope: Scope) -> QuerySet:
    """The scope's enterprises, each with its latest submitted assessment (the round
    that opened last): score, level, round; by name."""
    latest = Assessment.objects.filter(
        enterprise=OuterRef("pk"), status=Assessment.Status.SUBMITTED
    ).order_by("-round__opens_on", "-submitted_at", "-pk")
    return (
        Enterprise.objects.filter(scope.q())
        .annotate(
            latest_assessment_id=Subquery(latest.values("pk")[:1]),
            latest_score=Subquery(latest.values("overall_score")[:1]),
            latest_level=Subquery(latest.values("level")[:1]),
            latest_round=Subquery(latest.values("round__code")[:1]),
            latest_submitted_at=Subquery(latest.values("submitted_at")[:1]),
        )
        .select_related("industry", "park")
        .order_by("name", "pk")
    )


def enterprise_report(
    *, enterprise: Enterprise, round_code: str | None, language: str
) -> dict | None:
    """The report data of the enterprise's latest submitted assessment (or of the round
    `round_code`), its texts in `language`; None if there is no such assessment. The
    content is null while the report is not built."""
    assessments = Assessment.objects.filter(
        enterprise=enterprise, status=Assessment.Status.SUBMITTED
    ).select_related("round", "report")
    if round_code:
        assessments = assessments.filter(round__code=round_code)
    assessment = assessments.order_by("-round__opens_on", "-submitted_at", "-pk").first()
    if assessment is None:
        return None
    report = getattr(assessment, "report", None)
    return {
        "enterprise": {
            "id": enterprise.pk,
            "name": enterprise.name,
            "credit_code": enterprise.credit_code,
        },
        "assessment": assessment,
        "language": language,
        "status": report.status if report else "missing",
        "content": report.content_in(language) if report else None,
    }
