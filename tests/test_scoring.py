"""The scoring method: worked examples computed by hand, and properties that must hold
for any answers (hypothesis)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessment.method import (
    ChoiceSpec,
    DimensionSpec,
    IndicatorSpec,
    LevelSpec,
    MethodSpec,
    QuestionSpec,
    RuleSpec,
    question_problem,
    question_score,
    rule_problems,
    score,
)

LEVELS = (
    LevelSpec(1, 0),
    LevelSpec(2, 30),
    LevelSpec(3, 50),
    LevelSpec(4, 70, 40),
    LevelSpec(5, 85, 60),
)
CLOUD = QuestionSpec(
    code="cloud",
    dimension="A",
    kind="single",
    weight=2,
    choices=(ChoiceSpec("none", 0), ChoiceSpec("some", 50), ChoiceSpec("all", 100)),
)
TOOLS = QuestionSpec(
    code="tools",
    dimension="A",
    kind="multi",
    scoring={"cap": 100},
    choices=(
        ChoiceSpec("cad", 40),
        ChoiceSpec("cae", 40),
        ChoiceSpec("plm", 40),
        ChoiceSpec("none", 0, exclusive=True),
    ),
)
BACKUP = QuestionSpec(code="backup", dimension="A", kind="yesno", required=False)
CNC = QuestionSpec(code="cnc", dimension="B", kind="pair", scoring={"full_at": 80})
DESIGN = QuestionSpec(code="design", dimension="B", kind="percent", scoring={"full_at": 80})
STAFF = QuestionSpec(
    code="staff", dimension="B", kind="integer", scoring={"steps": [[1, 30], [3, 60], [10, 100]]}
)
EQUIPMENT = QuestionSpec(code="equipment", dimension="B", kind="integer", weight=0)
NOTE = QuestionSpec(code="note", dimension="B", kind="text", required=False, weight=0)
SPEC = MethodSpec(
    version="test",
    dimensions=(
        DimensionSpec("A", 40, (CLOUD, TOOLS, BACKUP)),
        DimensionSpec("B", 60, (CNC, DESIGN, STAFF, EQUIPMENT, NOTE)),
    ),
    levels=LEVELS,
    rules=(RuleSpec("staff_le_equipment", "staff", "equipment"),),
    indicators=(
        IndicatorSpec("cnc_rate", "ratio", "cnc"),
        IndicatorSpec("uses_tools", "any_of", "tools", {"choices": ["cad", "cae", "plm"]}),
        IndicatorSpec("cloud_some", "choice_at_least", "cloud", {"from": "some"}),
    ),
)


def test_worked_example_by_hand():
    answers = {
        "cloud": "some",  # 50, weight 2
        "tools": ["cad", "cae"],  # 40 + 40 = 80
        "backup": True,  # 100
        "cnc": {"part": 30, "whole": 50},  # 60 % -> 60 / 80 * 100 = 75
        "design": 40,  # 40 / 80 * 100 = 50
        "staff": 4,  # >= 3 -> 60
        "equipment": 9,
    }
    result = score(SPEC, answers)
    # A = (2*50 + 80 + 100) / 4 = 70.0 ; B = (75 + 50 + 60) / 3 = 61.67 -> 61.7
    assert result.dimension_scores == {"A": 70.0, "B": 61.7}
    # overall = (40*70 + 60*61.7) / 100 = 65.02 -> 65.0 ; level 3 (>= 50, < 70)
    assert result.overall == 65.0
    assert result.level == 3
    assert result.indicators == {"cnc_rate": 60.0, "uses_tools": 100.0, "cloud_some": 100.0}


def test_unanswered_optional_question_neither_helps_nor_punishes():
    base = {"cloud": "all", "tools": ["cad", "cae", "plm"], "cnc": {"part": 8, "whole": 10}}
    without = score(SPEC, base).dimension_scores["A"]
    assert without == 100.0  # (2*100 + 100) / 3, backup left out
    assert score(SPEC, {**base, "backup": True}).dimension_scores["A"] == 100.0
    assert score(SPEC, {**base, "backup": False}).dimension_scores["A"] == 75.0


def test_level_gate_holds_back_an_enterprise_with_a_weak_dimension():
    strong_b = {"cnc": {"part": 10, "whole": 10}, "design": 100, "staff": 20}
    # A = 0 and B = 100: overall 60 -> level 3 by score alone
    result = score(SPEC, {"cloud": "none", "tools": ["none"], **strong_b})
    assert (result.overall, result.level) == (60.0, 3)
    # A = 37.5 (cloud some, tools one): overall 75 reaches level 4's band, but A < 40
    result = score(SPEC, {"cloud": "some", "tools": ["cad"], "backup": False, **strong_b})
    assert result.dimension_scores["A"] == 35.0
    assert result.overall == 74.0
    assert result.level == 3


def test_half_up_rounding_is_documented_rounding():
    q = QuestionSpec(code="p", dimension="A", kind="percent", scoring={"full_at": 100})
    spec = MethodSpec("t", (DimensionSpec("A", 1, (q,)),), LEVELS)
    assert score(spec, {"p": 12.25}).dimension_scores["A"] == 12.3


def test_a_pair_with_no_whole_scores_zero_and_has_no_rate():
    result = score(SPEC, {"cnc": {"part": 0, "whole": 0}})
    assert result.indicators["cnc_rate"] is None
    assert question_score(CNC, {"part": 0, "whole": 0}) == 0.0


def test_ratio_indicators_keep_their_part_and_whole_for_pooled_rates():
    assert score(SPEC, {"cnc": {"part": 30, "whole": 50}}).ratio_parts == {"cnc_rate": (30, 50)}
    # A whole of 0 has no rate but still counts (as nothing) in a pooled sum.
    assert score(SPEC, {"cnc": {"part": 0, "whole": 0}}).ratio_parts == {"cnc_rate": (0, 0)}
    assert score(SPEC, {"cloud": "all"}).ratio_parts == {}


@pytest.mark.parametrize(
    ("question", "value", "problem"),
    [
        (CNC, {"part": 31, "whole": 30}, "part_gt_whole"),
        (CNC, {"part": -1, "whole": 30}, "below_min"),
        (DESIGN, 120, "above_max"),
        (STAFF, -2, "below_min"),
        (CLOUD, "most", "not_a_choice"),
        (TOOLS, ["cad", "none"], "exclusive"),
        (CNC, {"part": 30, "whole": 30}, None),
        (DESIGN, 100, None),
    ],
)
def test_invalid_answers_are_named(question, value, problem):
    assert question_problem(question, value) == problem


def test_cross_field_rule_names_the_left_question():
    assert rule_problems(SPEC, {"staff": 12, "equipment": 9}) == {"staff": "staff_le_equipment"}
    assert rule_problems(SPEC, {"staff": 9, "equipment": 9}) == {}
    assert rule_problems(SPEC, {"staff": 9}) == {}


# --- properties --------------------------------------------------------------------------

percent = st.floats(min_value=0, max_value=100, allow_nan=False)
whole = st.integers(min_value=0, max_value=500)


@st.composite
def answer_sets(draw):
    w = draw(whole)
    return {
        "cloud": draw(st.sampled_from(["none", "some", "all"])),
        "tools": draw(
            st.one_of(
                st.just(["none"]),
                st.lists(
                    st.sampled_from(["cad", "cae", "plm"]), min_size=1, max_size=3, unique=True
                ),
            )
        ),
        "backup": draw(st.one_of(st.none(), st.booleans())),
        "cnc": {"part": draw(st.integers(0, w)), "whole": w},
        "design": draw(percent),
        "staff": draw(st.integers(0, 1000)),
    }


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_scores_stay_within_0_and_100(answers):
    result = score(SPEC, answers)
    assert all(0 <= s <= 100 for s in result.dimension_scores.values())
    assert 0 <= result.overall <= 100
    assert 1 <= result.level <= 5


@settings(max_examples=200, deadline=None)
@given(answer_sets(), st.sampled_from(["cloud", "tools", "backup", "cnc", "design", "staff"]))
def test_a_better_answer_never_lowers_a_score(answers, code):
    better = dict(answers)
    if code == "cloud":
        better["cloud"] = "all"
    elif code == "tools":
        better["tools"] = ["cad", "cae", "plm"]
    elif code == "backup":
        better["backup"] = True if answers["backup"] is not None else None
    elif code == "cnc":
        better["cnc"] = {"part": answers["cnc"]["whole"], "whole": answers["cnc"]["whole"]}
    elif code == "design":
        better["design"] = min(100.0, answers["design"] + 10)
    else:
        better["staff"] = answers["staff"] + 5
    before, after = score(SPEC, answers), score(SPEC, better)
    assert all(after.dimension_scores[d] >= before.dimension_scores[d] for d in ("A", "B"))
    assert after.overall >= before.overall
    assert after.level >= before.level


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_a_part_never_exceeds_its_whole(part, whole_):
    problem = question_problem(CNC, {"part": part, "whole": whole_})
    assert (problem == "part_gt_whole") == (part > whole_)
    if problem is None and whole_:
        assert score(SPEC, {"cnc": {"part": part, "whole": whole_}}).indicators["cnc_rate"] <= 100
