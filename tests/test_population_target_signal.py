"""A population target is never judged for one enterprise with an invented number: an
enterprise that does not yet count towards the share gets the indicator's recommendation
as a yes/no signal, with no gap figure in the recommendations or on the report."""

import pytest

from reports.models import Report
from reports.recommendations import rank_gaps, recommendations_choose
from tests.factories import enterprise_user, submitted_assessment

WEIGHTS = {"D1": 10, "D2": 10, "D3": 10, "D4": 12, "D5": 10, "D6": 15, "D7": 10, "D8": 10, "D9": 13}


def _scores(**low) -> dict[str, float]:
    return dict.fromkeys(WEIGHTS, 75.0) | low


def test_not_counting_adds_no_priority_and_carries_no_gap():
    gaps = rank_gaps(
        dimension_scores=_scores(D3=40.0),
        weights=WEIGHTS,
        level_gate=None,
        target_gaps={},
        not_counting={"uses_digital_design_tools": "D3"},
    )
    signal = next(g for g in gaps if g.indicator == "uses_digital_design_tools")
    general = next(g for g in gaps if g.dimension == "D3" and g.indicator is None)
    assert signal.priority == general.priority  # a signal, not a number of points
    assert signal.target_gap is None and signal.not_counting is True
    assert gaps.index(signal) < gaps.index(general)  # the target's entry is the one shown


def test_the_target_recommendation_is_chosen_without_a_gap():
    chosen = recommendations_choose(
        dimension_scores=_scores(D3=40.0),
        weights=WEIGHTS,
        level_gate=None,
        target_gaps={},
        not_counting={"uses_digital_design_tools": "D3"},
        size_class="small",
        industry_code="34",
    )
    design = next(r for r in chosen if r.gap.dimension == "D3")
    assert design.entry["code"] == "design_tools_target"
    assert design.gap.target_gap is None


@pytest.mark.django_db
def test_the_report_shows_no_gap_figure_for_a_population_target(client, on_commit_now):
    user = enterprise_user()
    assessment = submitted_assessment(
        user.memberships.get().enterprise,
        quality=0.2,
        seed=11,
        overrides={"D3_design_tools": ["none"], "D3_digital_design_share": 0},
    )
    report = Report.objects.get(assessment=assessment)
    content = report.content_in("zh-hans")
    row = next(
        r for r in content["targets"]["rows"] if r["indicator"] == "uses_digital_design_tools"
    )
    assert row["kind"] == "population" and row["counts"] is False and "gap" not in row
    design = next(r for r in content["recommendations"] if r["code"] == "design_tools_target")
    assert design["target_gap"] is None and design["not_counting"] is True
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    card = page[page.index('data-code="design_tools_target"') :]
    card = card[: card.index("</div>")]
    assert "距目标差" not in card
    assert "本企业尚未计入相关群体目标的比例" in page
