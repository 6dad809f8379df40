"""Cohort statistics in the database give the textbook answers on SQLite and PostgreSQL,
over a column or over a number kept under a key of a JSON column."""

import pytest
from django.db.models import Count

from assessment.models import Assessment
from core.stats import (
    aggregate_with_quantiles,
    grouped_quantiles,
    json_number,
    percent_rank,
    quantiles,
)
from tests.factories import submitted_assessment

D1 = json_number("scores", "D1")


@pytest.fixture
def five_scores(db):
    """Five submitted assessments whose D1 scores we then set to 10, 20, 30, 40, 100
    (D2 a tenth of that); the first three are small enterprises, the others medium."""
    assessments = [submitted_assessment(seed=i) for i in range(5)]
    for i, (a, value) in enumerate(zip(assessments, [10, 20, 30, 40, 100], strict=True)):
        a.scores = {**a.scores, "D1": value, "D2": value / 10}
        a.size_class = "small" if i < 3 else "medium"
        a.save(update_fields=["scores", "size_class"])
    return assessments


def _quartiles_and_tenth():
    qs = Assessment.objects.all()
    assert quantiles(qs, D1) == {0.25: 20.0, 0.5: 30.0, 0.75: 40.0}
    assert quantiles(qs, D1, probs=(0.1,))[0.1] == pytest.approx(14.0)


def test_quartiles_of_a_json_key_interpolate_like_percentile_cont(five_scores):
    _quartiles_and_tenth()


def test_quartiles_of_a_column(five_scores):
    scores = sorted(a.overall_score for a in five_scores)
    assert quantiles(Assessment.objects.all(), "overall_score", probs=(0.5,)) == {0.5: scores[2]}


def test_grouped_quantiles_give_each_group_its_median(five_scores):
    medians = grouped_quantiles(Assessment.objects.all(), "size_class", D1, probs=(0.5,))
    assert medians == {"small": {0.5: 20.0}, "medium": {0.5: 70.0}}


def test_aggregates_and_several_fields_quantiles_together(five_scores):
    row, spreads = aggregate_with_quantiles(
        Assessment.objects.all(),
        aggregates={"n": Count("pk")},
        fields={"D1": D1, "D2": json_number("scores", "D2")},
    )
    assert row == {"n": 5}
    assert spreads == {
        "D1": {0.25: 20.0, 0.5: 30.0, 0.75: 40.0},
        "D2": {0.25: 2.0, 0.5: 3.0, 0.75: 4.0},
    }


def test_an_absent_key_is_left_out(five_scores):
    a = five_scores[-1]
    a.scores = {k: v for k, v in a.scores.items() if k != "D1"}  # the 100 is gone
    a.save(update_fields=["scores"])
    assert quantiles(Assessment.objects.all(), D1, probs=(0.5,)) == {0.5: 25.0}
    assert percent_rank(Assessment.objects.all(), D1, 30) == (62.5, 4)


def test_percent_rank_counts_ties_as_half(five_scores):
    qs = Assessment.objects.all()
    assert percent_rank(qs, D1, 30) == (50.0, 5)
    assert percent_rank(qs, D1, 100) == (90.0, 5)
    assert percent_rank(qs, D1, 5) == (0.0, 5)


def test_an_empty_cohort_has_no_quantiles(db):
    assert quantiles(Assessment.objects.none(), "overall_score") == {
        0.25: None,
        0.5: None,
        0.75: None,
    }
    assert percent_rank(Assessment.objects.none(), "overall_score", 50) == (None, 0)
    row, spreads = aggregate_with_quantiles(
        Assessment.objects.all(), aggregates={"n": Count("pk")}, fields={"D1": D1}
    )
    assert row == {"n": 0} and spreads == {"D1": {0.25: None, 0.5: None, 0.75: None}}


def test_postgres_gives_the_same_quartiles(require_postgres, five_scores):
    _quartiles_and_tenth()
