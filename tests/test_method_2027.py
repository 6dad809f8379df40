"""Questionnaire DTMA 2027.1: hand-computed results of a discrete and a process-industry
enterprise (dimension scores, overall score, level with its gates, national-scale
estimate), the sector modules, and the properties of the new scoring rules."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import method
from assessment.models import Question, Questionnaire
from assessment.selectors import assessment_problems, assessment_spec, method_spec
from assessment.services import assessment_start, round_ensure
from reference.models import Industry
from tests.factories import EnterpriseFactory, enterprise_user, save_answers

pytestmark = pytest.mark.django_db

# A discrete manufacturer (division 34, general equipment), every 2027.1 question answered.
DISCRETE = {
    # D1: (3·75 + 3·75 + 1·80 + 2·50 + 1·100 + 2·50) ÷ 12 = 830 ÷ 12 = 69.17 → 69.2
    "D1_equipment_networked": {"part": 30, "whole": 50},  # 60 % of full at 80 % → 75
    "D1_inner_network": "full",
    "D1_broadband": "gigabit",
    "D1_5g": "pilot",
    "D1_ipv6": True,
    "D1_identifier": "registered",
    # D2: (2·50 + 2·60 + 2·40) ÷ 6 = 50.0
    "D2_cloud_star": "star3",
    "D2_cloud_systems": ["infrastructure", "management", "production"],
    "D2_equipment_on_cloud": 20,  # 20 ÷ 50 → 40
    "D2_cloud_certified": False,
    # D3: (3·45 + 3·75 + 2·55 + 1·40 + 1·100) ÷ 10 = 61.0
    "D3_design_tools": ["cad_2d", "cad_3d"],
    "D3_digital_design_share": 60,
    "D3_design_to_production": "shared_folder",
    "D3_simulation": "sometimes",
    "D3_design_library": True,
    # D4 (discrete module): (4·75 + 2·50 + 2·55 + 1·55 + 1·100) ÷ 10 = 66.5
    "D4_cnc_key_processes": {"part": 6, "whole": 10},  # 60 % of full at 80 % → 75
    "D4_equipment_data": {"part": 8, "whole": 20},  # 40 % → 50
    "D4_process_parameters": "electronic",
    "D4_quality_inspection": "digital_entry",
    "D4_mes": True,
    # D5: depth 5·50, apps 1·30 (2 apps), public service 1·100 → 380 ÷ 7 = 54.29 → 54.3
    "D5_platform_use": ["sector"],
    "D5_platform_depth": "one_area",
    "D5_industrial_apps": 2,
    "D5_platform_devices": 10,
    "D5_public_service": True,
    # D6: best three modes 70, 35, 35 (two at 0 left out) + operations 2·50
    #     → (70 + 35 + 35 + 100) ÷ 5 = 48.0
    "D6_digital_management": "in_use",
    "D6_customisation": "none",
    "D6_collaboration": "pilot",
    "D6_smart_production": "pilot",
    "D6_service_extension": "none",
    "D6_operations": ["purchasing", "sales"],
    # D7: (2·70 + 30 + 0 + 2·60 + 40 + 2·30 + 2·70 + 100) ÷ 12 = 630 ÷ 12 = 52.5
    "D7_responsible": "person_rules",
    "D7_grading": "aware",
    "D7_asset_inventory": False,
    "D7_monitoring": "isolation",
    "D7_incident_drill": "plan_only",
    "D7_data_classification": "informal",
    "D7_backup": "scheduled",
    "D7_assessment": True,
    # D8: 1 digital person per 120 employees = 0.83 per 100 → 40;
    #     (3·65 + 40 + 2·50 + 2·50 + 40 + 0 + 50) ÷ 11 = 525 ÷ 11 = 47.73 → 47.7
    "D8_strategy": "plan_dept",
    "D8_employees": 120,
    "D8_digital_staff": 1,
    "D8_training_share": 15,  # 15 ÷ 30 → 50
    "D8_investment_share": 1.5,  # 1.5 ÷ 3 → 50
    "D8_data_management": "master_codes",
    "D8_im_system": "none",
    "D8_cmmm_level": "none",
    "D8_service_providers": ["software_integrator", "platform_provider"],
    # D9: measured 2·50, yield 2·50, delivery 2·80, ROI 0; cost and energy not measured
    #     (left out, not 0) → 360 ÷ 7 = 51.43 → 51.4
    "D9_measured": ["yield", "delivery"],
    "D9_yield_change": "up_to_5",
    "D9_yield_now": 96.5,
    "D9_cost_change": "not_measured",
    "D9_energy_change": "not_measured",
    "D9_delivery_change": "from_5_to_10",
    "D9_delivery_days": 20,
    "D9_roi_measured": False,
}
DISCRETE_SCORES = {
    "D1": 69.2,
    "D2": 50.0,
    "D3": 61.0,
    "D4": 66.5,
    "D5": 54.3,
    "D6": 48.0,
    "D7": 52.5,
    "D8": 47.7,
    "D9": 51.4,
}
# Σ weight × score = 692 + 400 + 610 + 798 + 543 + 720 + 630 + 477 + 668.2 = 5538.2 → 55.4
DISCRETE_OVERALL = 55.4

# The same enterprise in chemicals (division 26): the process module asks the automation
# rate of key processes instead of CNC: 7 of 8 = 87.5 % of full at 80 % → 100;
# D4 = (4·100 + 100 + 110 + 55 + 100) ÷ 10 = 76.5; overall (5538.2 + 12 × 10) ÷ 100 → 56.6.
PROCESS = {
    **{k: v for k, v in DISCRETE.items() if k != "D4_cnc_key_processes"},
    "D4_automated_key_processes": {"part": 7, "whole": 8},
}


@pytest.fixture
def v2027():
    return Questionnaire.objects.get(code="DTMA", version="2027.1")


def _assessment(division: str, answers: dict):
    enterprise = EnterpriseFactory(industry=Industry.objects.get(code=division))
    assessment = assessment_start(enterprise=enterprise, round=round_ensure(year=2027))
    save_answers(assessment, answers)
    return assessment


def test_the_2027_round_takes_version_2027_1_and_the_2026_round_keeps_2026_1():
    assert round_ensure(year=2027).questionnaire.version == "2027.1"
    assert round_ensure(year=2026).questionnaire.version == "2026.1"
    assert round_ensure(year=2030).questionnaire.version == "2027.1"


def test_discrete_enterprise_by_hand_reaches_connected_and_national_level_2():
    assessment = _assessment("34", DISCRETE)
    spec = assessment_spec(assessment=assessment)
    result = method.score(spec, DISCRETE)
    assert result.dimension_scores == DISCRETE_SCORES
    assert result.overall == DISCRETE_OVERALL
    assert result.level == 3  # 互联: ≥ 40, D1, D2, D4, D5 ≥ 40; not 4: below 60
    assert method.national_estimate(result.overall) == 2  # [40, 60)
    assert result.indicators["cnc_key_process_rate"] == 60.0
    assert (
        "process_automation_rate" not in spec.questions
        and result.indicators.get("process_automation_rate") is None
    )
    assert result.indicators["equipment_networked_rate"] == 60.0


def test_process_enterprise_by_hand_answers_the_automation_rate_instead_of_cnc():
    assessment = _assessment("26", PROCESS)
    spec = assessment_spec(assessment=assessment)
    assert "D4_cnc_key_processes" not in spec.questions
    assert assessment_problems(assessment=assessment, answers=PROCESS) == []
    result = method.score(spec, PROCESS)
    assert result.dimension_scores == {**DISCRETE_SCORES, "D4": 76.5}
    assert result.overall == 56.6
    assert (result.level, method.national_estimate(result.overall)) == (3, 2)
    assert result.indicators["process_automation_rate"] == 87.5
    assert "cnc_key_process_rate" not in result.indicators
    assert set(result.ratio_parts) == {
        "process_automation_rate",
        "equipment_networked_rate",
        "equipment_data_collection_rate",
    }


def test_a_platform_barely_used_holds_back_the_connected_level_whatever_the_total():
    answers = {**DISCRETE, "D5_platform_depth": "view_only"}  # D5: (125+30+100) ÷ 7 = 36.4
    spec = assessment_spec(assessment=_assessment("34", answers))
    result = method.score(spec, answers)
    assert result.dimension_scores["D5"] == 36.4
    assert result.overall == 53.6  # (5538.2 − 10 × 17.9) ÷ 100
    assert result.level == 2  # ≥ 40 overall, but the gate D5 ≥ 40 of level 3 is missed


def test_a_process_enterprise_is_not_asked_the_cnc_question_and_vice_versa(v2027):
    process = _assessment("27", {})  # pharmaceuticals
    discrete = _assessment("39", {})  # electronics
    missing_process = {p.question.code for p in assessment_problems(assessment=process, answers={})}
    missing_discrete = {
        p.question.code for p in assessment_problems(assessment=discrete, answers={})
    }
    assert "D4_automated_key_processes" in missing_process
    assert "D4_cnc_key_processes" not in missing_process
    assert "D4_cnc_key_processes" in missing_discrete
    assert "D4_automated_key_processes" not in missing_discrete


@pytest.mark.parametrize(
    ("division", "module"),
    [("13", "process"), ("15", "process"), ("25", "process"), ("27", "process")]
    + [("30", "process"), ("33", "process"), ("16", "discrete"), ("34", "discrete")]
    + [("29", "discrete"), ("43", "discrete")],
)
def test_sector_module_follows_the_gbt_4754_division(v2027, division, module):
    assert v2027.sector_module(division) == module


@pytest.mark.parametrize(
    ("overall", "national"),
    [(0, 0), (19.9, 0), (20, 1), (39.9, 1), (40, 2), (59.9, 2), (60, 3), (79.9, 3), (80, 4)]
    + [(100, 4), (None, None)],
)
def test_national_sme_scale_bands_are_half_open(overall, national):
    assert method.national_estimate(overall) == national


def test_levels_of_2027_1_have_their_own_names_and_align_with_national_bands(v2027):
    levels = v2027.level_table()
    assert [lv["min_score"] for lv in levels] == [0, 20, 40, 60, 80]
    names = {lv["name_zh"] for lv in levels}
    assert not names & {"规划级", "规范级", "集成级", "优化级", "引领级"}
    assert all(lv.get("gates") for lv in levels[1:])  # every level above the first is gated


def test_outcome_not_measured_is_left_out_while_worse_counts_zero():
    spec = method_spec(Questionnaire.objects.get(version="2027.1"), sector="discrete")
    d9 = next(d for d in spec.dimensions if d.code == "D9")
    base = {"D9_measured": ["yield"], "D9_yield_change": "up_to_5", "D9_roi_measured": True}
    not_measured = method.dimension_score(d9, {**base, "D9_cost_change": "not_measured"})
    worse = method.dimension_score(d9, {**base, "D9_cost_change": "worse"})
    # (2·25 + 2·50 + 1·100) ÷ 5 = 50.0; with a change for the worse (… + 2·0) ÷ 7 = 35.7
    assert (not_measured, worse) == (50.0, 35.7)


def test_digital_staff_are_scored_per_100_employees():
    spec = method_spec(Questionnaire.objects.get(version="2027.1"), sector="discrete")
    staff = spec.questions["D8_digital_staff"]
    # 2 people: in 40 employees 5 per 100 (full), in 400 employees 0.5 per 100 (40)
    assert method.question_score(staff, 2, {"D8_employees": 40}) == 100
    assert method.question_score(staff, 2, {"D8_employees": 400}) == 40


# --- properties over the 2027.1 method ----------------------------------------------------

MODES = ["none", "pilot", "in_use", "mature"]
CHANGE = ["worse", "no_change", "up_to_5", "from_5_to_10", "over_10"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.sampled_from(MODES), min_size=5, max_size=5),
    st.integers(0, 4),
    st.lists(st.sampled_from(CHANGE + ["not_measured"]), min_size=4, max_size=4),
    st.integers(0, 3),
    st.integers(0, 60),
    st.integers(1, 60),
)
def test_a_better_answer_never_lowers_a_score_or_level_in_2027_1(
    v2027, modes, improve, changes, better_change, cnc, staff
):
    spec = method_spec(v2027, sector="discrete")
    codes = ["D6_digital_management", "D6_customisation", "D6_collaboration"]
    codes += ["D6_smart_production", "D6_service_extension"]
    outcome = ["D9_yield_change", "D9_cost_change", "D9_energy_change", "D9_delivery_change"]
    answers = {
        **DISCRETE,
        **dict(zip(codes, modes, strict=True)),
        **dict(zip(outcome, changes, strict=True)),
        "D4_cnc_key_processes": {"part": cnc, "whole": 60},
        "D8_digital_staff": staff,
    }
    before = method.score(spec, answers)
    for better in (
        {codes[improve]: MODES[min(3, MODES.index(modes[improve]) + 1)]},
        {"D4_cnc_key_processes": {"part": min(60, cnc + 5), "whole": 60}},
        {"D8_digital_staff": staff + 1},
        # a measured change one step better (a not-measured one stays not measured)
        {
            outcome[better_change]: changes[better_change]
            if changes[better_change] == "not_measured"
            else CHANGE[min(4, CHANGE.index(changes[better_change]) + 1)]
        },
    ):
        after = method.score(spec, {**answers, **better})
        assert all(after.dimension_scores[d] >= before.dimension_scores[d] for d in DISCRETE_SCORES)
        assert after.overall >= before.overall
        assert after.level >= before.level


def test_the_key_process_page_of_a_process_plant_asks_the_automation_rate(client, v2027):
    user = enterprise_user(EnterpriseFactory(industry=Industry.objects.get(code="30")))
    assessment = assessment_start(
        enterprise=user.memberships.get().enterprise, round=round_ensure(year=2027)
    )
    client.force_login(user)
    html = client.get(reverse("assessment:section", args=[assessment.pk, "D4"])).content.decode()
    questions = {q.code: q for q in Question.objects.filter(dimension__questionnaire=v2027)}
    assert questions["D4_automated_key_processes"].text_zh in html
    assert 'name="D4_automated_key_processes__part"' in html
    assert 'name="D4_cnc_key_processes__part"' not in html
