"""Which recommendations a report gives: a pure function of scores and target gaps."""

from reference.sources import source_keys, unknown_source_keys
from reports.recommendations import catalogue, rank_gaps, recommendations_choose

WEIGHTS = {"D1": 10, "D2": 10, "D3": 10, "D4": 12, "D5": 10, "D6": 15, "D7": 10, "D8": 10, "D9": 13}


def _scores(**low) -> dict[str, float]:
    scores = dict.fromkeys(WEIGHTS, 75.0)
    scores.update(low)
    return scores


def _choose(scores, *, gaps=None, gate=40.0, size="small", industry="34"):
    return recommendations_choose(
        dimension_scores=scores,
        weights=WEIGHTS,
        level_gate=gate,
        target_gaps=gaps or {},
        size_class=size,
        industry_code=industry,
    )


def test_two_enterprises_with_different_weaknesses_get_different_recommendations():
    weak_security = [r.entry["code"] for r in _choose(_scores(D7=10, D8=20, D1=30))]
    weak_design = [r.entry["code"] for r in _choose(_scores(D3=10, D5=15, D2=25))]
    assert weak_security[:3] == ["security", "organisation", "network"], weak_security
    assert weak_design[:3] == ["design", "platform", "cloud"]
    assert not set(weak_security[:3]) & set(weak_design[:3])


def test_between_three_and_five_recommendations_one_per_dimension():
    chosen = _choose(_scores(D1=10, D2=12, D3=14, D4=16, D5=18, D6=20, D7=22))
    assert len(chosen) == 5
    assert len({r.gap.dimension for r in chosen}) == 5
    one_glaring_gap = dict.fromkeys(WEIGHTS, 95.0) | {"D9": 0.0}
    assert len(_choose(one_glaring_gap, gate=None)) == 3


def test_a_missed_cnc_target_brings_the_cnc_recommendation_with_its_gap():
    chosen = _choose(_scores(D4=60, D7=40), gaps={"cnc_key_process_rate": ("D4", 30.0)})
    first = chosen[0]
    assert first.entry["code"] == "cnc" and first.gap.target_gap == 30.0
    assert "D4" not in [r.gap.dimension for r in chosen[1:]]  # no second D4 entry


def test_a_dimension_below_the_next_levels_minimum_counts_more_than_its_weight_alone():
    gaps = rank_gaps(
        dimension_scores=_scores(D7=35, D6=45), weights=WEIGHTS, level_gate=40, target_gaps={}
    )
    assert gaps[0].dimension == "D7" and gaps[0].level_gate == 40


def test_steps_are_worded_for_the_size_and_the_industry():
    small_machinery = _choose(_scores(D4=10), size="micro", industry="34")[0]
    large_chemicals = _choose(_scores(D4=10), size="large", industry="26")[0]
    assert (small_machinery.size, small_machinery.industry) == ("small", "discrete")
    assert (large_chemicals.size, large_chemicals.industry) == ("medium", "process")
    entry = small_machinery.entry
    assert entry["by_size"]["small"]["zh"] != entry["by_size"]["medium"]["zh"]
    assert entry["by_industry"]["discrete"]["zh"] != entry["by_industry"]["process"]["zh"]


def test_every_catalogue_entry_is_bilingual_and_names_its_source_and_policy_task():
    for entry in catalogue():
        assert entry["title_zh"] and entry["title_en"]
        assert len(entry["steps_zh"]) == len(entry["steps_en"]) >= 3
        assert entry["task_zh"] and entry["task_en"]
        assert source_keys(entry["source"]) and not unknown_source_keys(entry["source"])
        for group in ("small", "medium"):
            assert entry["by_size"][group]["zh"] and entry["by_size"][group]["en"]
        for group in ("process", "discrete", "consumer"):
            assert entry["by_industry"][group]["zh"] and entry["by_industry"][group]["en"]


def test_a_perfect_enterprise_gets_no_recommendations():
    assert _choose(dict.fromkeys(WEIGHTS, 100.0), gate=None) == []
