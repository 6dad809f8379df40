"""Cohort statistics in the database give the textbook answers on SQLite and PostgreSQL."""

import pytest

from assessment.models import Assessment, DimensionScore
from core.stats import grouped_quantiles, percent_rank, quantiles
from tests.factories import submitted_assessment


@pytest.fixture
def five_scores(db):
    """Five submitted assessments whose D1 scores we then set to 10, 20, 30, 40, 100."""
    assessments = [submitted_assessment(seed=i) for i in range(5)]
    for a, value in zip(assessments, [10, 20, 30, 40, 100], strict=True):
        DimensionScore.objects.filter(assessment=a, dimension_code="D1").update(score=value)
        DimensionScore.objects.filter(assessment=a, dimension_code="D2").update(score=value / 10)
    return assessments


def test_quartiles_interpolate_like_percentile_cont(five_scores):
    qs = DimensionScore.objects.filter(dimension_code="D1")
    assert quantiles(qs, "score") == {0.25: 20.0, 0.5: 30.0, 0.75: 40.0}
    assert quantiles(qs, "score", probs=(0.1,))[0.1] == pytest.approx(14.0)


def test_grouped_quantiles_give_each_dimension_its_median(five_scores):
    qs = DimensionScore.objects.filter(dimension_code__in=["D1", "D2"])
    medians = grouped_quantiles(qs, "dimension_code", "score", probs=(0.5,))
    assert medians == {"D1": {0.5: 30.0}, "D2": {0.5: 3.0}}


def test_percent_rank_counts_ties_as_half(five_scores):
    qs = DimensionScore.objects.filter(dimension_code="D1")
    assert percent_rank(qs, "score", 30) == (50.0, 5)
    assert percent_rank(qs, "score", 100) == (90.0, 5)
    assert percent_rank(qs, "score", 5) == (0.0, 5)


def test_an_empty_cohort_has_no_quantiles(db):
    assert quantiles(Assessment.objects.none(), "overall_score") == {
        0.25: None,
        0.5: None,
        0.75: None,
    }
    assert percent_rank(Assessment.objects.none(), "overall_score", 50) == (None, 0)


def test_postgres_gives_the_same_quartiles(require_postgres, five_scores):
    qs = DimensionScore.objects.filter(dimension_code="D1")
    assert quantiles(qs, "score") == {0.25: 20.0, 0.5: 30.0, 0.75: 40.0}
