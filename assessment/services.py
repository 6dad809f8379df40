"""Writes that concern assessments."""

from django.db import transaction
from django.utils import timezone

from enterprises.models import Enterprise
from reports.services import report_request

from .method import Result, missing_required, score
from .models import Assessment, DimensionScore, IndicatorValue, Round
from .selectors import answers_of, method_spec


class NotComplete(Exception):
    """Required answers are missing; `.missing` lists their question codes."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


class AlreadySubmitted(Exception):
    pass


def _snapshot(enterprise: Enterprise) -> dict:
    return {
        "province_id": enterprise.province_id,
        "city_id": enterprise.city_id,
        "park_id": enterprise.park_id,
        "industry_id": enterprise.industry_id,
        "size_class": enterprise.size_class,
        "above_designated_size": enterprise.above_designated_size,
    }


def assessment_start(*, enterprise: Enterprise, round: Round) -> Assessment:
    """The enterprise's assessment of the round, created on first use."""
    assessment, _ = Assessment.objects.get_or_create(
        enterprise=enterprise,
        round=round,
        defaults={"questionnaire_id": round.questionnaire_id, **_snapshot(enterprise)},
    )
    return assessment


def assessment_store_result(*, assessment: Assessment, result: Result) -> None:
    """Write the scores of a scored assessment (replacing any earlier ones)."""
    DimensionScore.objects.filter(assessment=assessment).delete()
    IndicatorValue.objects.filter(assessment=assessment).delete()
    DimensionScore.objects.bulk_create(
        DimensionScore(assessment=assessment, dimension_code=code, score=value)
        for code, value in result.dimension_scores.items()
    )
    IndicatorValue.objects.bulk_create(
        IndicatorValue(assessment=assessment, code=code, value=value)
        for code, value in result.indicators.items()
        if value is not None
    )


@transaction.atomic
def assessment_submit(*, assessment: Assessment, user=None) -> Result:
    """Score the assessment with its questionnaire's method and make it read-only."""
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.is_submitted:
        raise AlreadySubmitted
    spec = method_spec(assessment.questionnaire)
    answers = answers_of(assessment)
    missing = missing_required(spec, answers)
    if missing:
        raise NotComplete(missing)
    result = score(spec, answers)
    assessment_store_result(assessment=assessment, result=result)
    for name, value in _snapshot(assessment.enterprise).items():
        setattr(assessment, name, value)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.overall_score = result.overall
    assessment.level = result.level
    assessment.save()
    report_request(assessment=assessment)  # built by a worker once this commits
    return result


def round_ensure(*, year: int, questionnaire) -> Round:
    """The calendar-year round `year`, created with `questionnaire` if missing."""
    from datetime import date

    round_, _ = Round.objects.get_or_create(
        code=str(year),
        defaults={
            "year": year,
            "name_zh": f"{year} 年度评估",
            "name_en": f"{year} assessment",
            "questionnaire": questionnaire,
            "opens_on": date(year, 1, 1),
            "closes_on": date(year, 12, 31),
        },
    )
    return round_
