"""Steps that answer the answers: triggers over question codes, priority by gap × weight
× prerequisites ÷ effort, wording by size and sector, programmes of the own province."""

from pathlib import Path

import pytest
import yaml

from reference.sources import source_keys, unknown_source_keys
from reports.models import Report
from reports.recommendations import steps_catalogue, steps_choose, trigger_fires
from tests.factories import EnterpriseFactory, enterprise_user, submitted_assessment

WEIGHTS = {"D1": 10, "D2": 10, "D3": 10, "D4": 12, "D5": 10, "D6": 15, "D7": 10, "D8": 10, "D9": 13}


def _choose(answers, scores=None, *, size="small", industry="34", province="510000", **kw):
    return steps_choose(
        answers=answers,
        question_scores=scores or {},
        weights=WEIGHTS,
        size_class=size,
        industry_code=industry,
        province_code=province,
        **kw,
    )


def _codes(steps):
    return [s.code for s in steps]


# --- triggers ----------------------------------------------------------------------------


def test_45_of_120_networked_machines_asks_to_connect_the_other_75():
    (step,) = _choose({"D1_production_equipment": 120, "D1_networked_equipment": 45})
    assert step.code == "d1_connect_machines"
    assert step.params == {"part": 45, "whole": 120, "remaining": 75, "share": 37.5}
    assert step.gap == 0.625
    detail = step.entry["detail_zh"].format(**step.params)
    assert detail.startswith("45/120 台设备联网：先把其余 75 台接入")


def test_machines_mostly_networked_or_no_machines_trigger_no_networking_step():
    assert _choose({"D1_production_equipment": 100, "D1_networked_equipment": 85}) == []
    assert _choose({"D1_production_equipment": 0, "D1_networked_equipment": 0}) == []
    assert _choose({"D1_production_equipment": 120}) == []  # part not answered


def test_2d_cad_only_asks_for_3d_and_pdm_but_3d_users_are_not_asked():
    assert _codes(_choose({"D3_design_tools": ["cad_2d"]})) == ["d3_3d_and_pdm"]
    assert _codes(_choose({"D3_design_tools": ["cad_2d", "capp"]})) == ["d3_3d_and_pdm"]
    assert _choose({"D3_design_tools": ["cad_2d", "cad_3d"]}) == []
    assert _codes(_choose({"D3_design_tools": ["none"]})) == ["d3_start_cad"]


def test_no_security_inventory_asks_for_an_asset_inventory_and_a_yes_does_not():
    assert _codes(_choose({"D7_asset_inventory": False})) == ["d7_asset_inventory"]
    assert _choose({"D7_asset_inventory": True}) == []


def test_cnc_pair_fires_on_the_share_of_key_processes():
    (step,) = _choose({"D4_cnc_key_processes": {"part": 3, "whole": 8}})
    assert step.code == "d4_cnc_next_process" and step.params["remaining"] == 5
    assert _choose({"D4_cnc_key_processes": {"part": 7, "whole": 8}}) == []


def test_conditions_combine_and_an_unknown_one_is_refused():
    both = {"all": [{"question": "a", "in": ["x"]}, {"question": "b", "below": 10}]}
    assert trigger_fires(both, {"a": "x", "b": 4}) == {"value": 4.0}
    assert trigger_fires(both, {"a": "x", "b": 40}) is None
    with pytest.raises(ValueError):
        trigger_fires({"question": "a", "near": 1}, {"a": 1})


# --- priority ----------------------------------------------------------------------------


def test_priority_order_is_gap_times_weight_times_prerequisites_over_effort_by_hand():
    answers = {
        "D1_production_equipment": 120,
        "D1_networked_equipment": 45,
        "D3_design_tools": ["cad_2d"],
        "D7_asset_inventory": False,
        "D5_platform_use": ["none"],
    }
    scores = {"D3_design_tools": 20.0, "D7_asset_inventory": 0.0, "D5_platform_use": 0.0}
    steps = _choose(answers, scores)
    # d7: gap 1 × 10/100 × 1 ÷ 1 (low)          = 0.1
    # d3: gap 0.8 × 10/100 × 1 ÷ 2 (medium)     = 0.04
    # d1: gap 0.625 × 10/100 × 1 ÷ 2 (medium)   = 0.03125
    # d5: gap 1 × 10/100 × 0.5 (needs d1) ÷ 2   = 0.025
    assert [(s.code, s.priority) for s in steps] == [
        ("d7_asset_inventory", 0.1),
        ("d3_3d_and_pdm", 0.04),
        ("d1_connect_machines", 0.03125),
        ("d5_first_platform_use", 0.025),
    ]
    assert steps[3].missing == ("d1_connect_machines",)


def test_a_prerequisite_in_place_no_longer_halves_a_steps_priority():
    answers = {"D1_production_equipment": 100, "D1_networked_equipment": 90}
    (step,) = _choose(answers | {"D5_platform_use": ["none"]}, {"D5_platform_use": 0.0})
    assert step.missing == () and step.priority == 0.05


def test_at_most_two_steps_of_one_dimension_and_six_in_all():
    answers = {
        "D7_asset_inventory": False,
        "D7_responsible": "nobody",
        "D7_backup": "none",
        "D7_incident_drill": "none",
        "D8_strategy": "none",
        "D9_roi_measured": False,
        "D3_design_library": False,
        "D3_design_to_production": "paper",
        "D5_public_service": False,
    }
    steps = _choose(answers)
    assert len(steps) == 6
    assert sum(s.dimension == "D7" for s in steps) == 2


# --- wording -----------------------------------------------------------------------------


def test_wording_follows_size_and_process_or_discrete_production():
    answers = {"D7_asset_inventory": False}
    small_machinery = _choose(answers, size="micro", industry="34")[0]
    large_chemicals = _choose(answers, size="large", industry="26")[0]
    textiles = _choose(answers, size="small", industry="17")[0]
    assert (small_machinery.size, small_machinery.sector) == ("small", "discrete")
    assert (large_chemicals.size, large_chemicals.sector) == ("medium", "process")
    assert textiles.sector == "discrete"


def test_programmes_are_those_of_the_enterprises_own_province_only():
    answers = {"D7_assessment": False}
    jiangsu = _choose(answers, province="320000")[0]
    sichuan = _choose(answers, province="510000")[0]
    assert [p["province"] for p in jiangsu.programmes] == ["320000"]
    assert sichuan.programmes == ()


def _versions() -> list[dict]:
    versions = []
    for path in sorted(Path("assessment/data").glob("questionnaire*.yaml")):
        with path.open(encoding="utf-8") as fh:
            versions.append(yaml.safe_load(fh))
    return versions


def _referenced(condition) -> list[list[str]]:
    """The question codes of each alternative way a condition can fire."""
    if "any" in condition:
        return [codes for item in condition["any"] for codes in _referenced(item)]
    if "all" in condition:
        return [[q for item in condition["all"] for codes in _referenced(item) for q in codes]]
    return [
        list(condition.get("ratio", []))
        + [condition[k] for k in ("question", "pair") if k in condition]
    ]


def test_every_step_can_fire_under_every_questionnaire_version():
    for version in _versions():
        asked = {q["code"] for d in version["dimensions"] for q in d["questions"]}
        for s in steps_catalogue():
            alternatives = _referenced(s["trigger"])
            assert any(set(codes) <= asked for codes in alternatives), (
                version["version"],
                s["code"],
            )


def test_the_networking_step_reads_the_2027_part_whole_answer_too():
    (step,) = _choose({"D1_equipment_networked": {"part": 45, "whole": 120}})
    assert step.code == "d1_connect_machines" and step.params["remaining"] == 75


def test_the_catalogue_has_twenty_bilingual_steps_over_the_nine_dimensions_on_real_codes():
    versions = _versions()
    questions = {q["code"]: q for v in versions for d in v["dimensions"] for q in d["questions"]}
    indicators = {i["code"] for v in versions for i in v["indicators"]}
    steps = steps_catalogue()
    codes = [s["code"] for s in steps]
    assert len(steps) >= 20 and len(set(codes)) == len(codes)
    assert {s["dimension"] for s in steps} == set(WEIGHTS)

    for s in steps:
        for field in ("title", "detail"):
            assert s[f"{field}_zh"] and s[f"{field}_en"], s["code"]
        for group in ("small", "medium"):
            assert s["by_size"][group]["zh"] and s["by_size"][group]["en"]
        for group in ("process", "discrete"):
            assert s["by_sector"][group]["zh"] and s["by_sector"][group]["en"]
        referenced = [q for codes in _referenced(s["trigger"]) for q in codes]
        assert all(q in questions for q in referenced + s["questions"]), s["code"]
        for value in s["trigger"].get("in", []) + s["trigger"].get("has_any", []):
            choices = {c["value"] for c in questions[s["trigger"]["question"]]["choices"]}
            assert value in choices, (s["code"], value)
        assert set(s["indicators"]) <= indicators and set(s.get("requires", [])) <= set(codes)
        assert s["effort"] in ("low", "medium", "high") and s["cost"] in ("low", "medium", "high")
        assert source_keys(s["source"]) and not unknown_source_keys(s["source"])
        for p in s.get("programmes", []):
            assert p["zh"] and p["en"] and not unknown_source_keys(p["source"])
            assert p["source"] != "product_guidance"  # a programme is never the product's own


# --- the report and the result page ------------------------------------------------------

# Two answer sets of the network dimension: most machines offline but identifiers and 5G
# in use; or nearly all machines networked, no identifiers and no 5G.
NETWORK_45_OF_120 = {
    "D1_production_equipment": 120,
    "D1_networked_equipment": 45,
    "D1_inner_network": "partial",
    "D1_identifier": "traceability",
    "D1_5g": "in_use",
    "D5_platform_devices": 10,
}
NETWORK_110_OF_120 = NETWORK_45_OF_120 | {
    "D1_networked_equipment": 110,
    "D1_inner_network": "full",
    "D1_identifier": "aware",
    "D1_5g": "none",
}


@pytest.mark.django_db
def test_two_answer_sets_of_the_network_dimension_get_different_steps_on_report_and_result(
    on_commit_now, client
):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    a = submitted_assessment(enterprise, quality=0.95, seed=3, overrides=NETWORK_45_OF_120)
    b = submitted_assessment(quality=0.95, seed=3, overrides=NETWORK_110_OF_120)
    steps_a = Report.objects.get(assessment=a).content_in("zh-hans")["steps"]
    steps_b = Report.objects.get(assessment=b).content_in("zh-hans")["steps"]
    d1_a = [s for s in steps_a if s["dimension"] == "D1"]
    d1_b = [s for s in steps_b if s["dimension"] == "D1"]
    assert [s["code"] for s in d1_a] == ["d1_connect_machines"]
    assert [s["code"] for s in d1_b] == ["d1_identifier_prefix", "d1_5g_use_case"]
    connect = next(s for s in d1_a if s["code"] == "d1_connect_machines")
    assert connect["detail"].startswith("45/120 台设备联网：先把其余 75 台接入")
    assert connect["title"] == "把其余 75 台设备接入网络"
    client.force_login(user)
    result = client.get(f"/assessments/{a.pk}/result/").content.decode()
    assert "先看下面得分最低的方面。" not in result
    assert steps_a[0]["detail"] in result  # the first step named under "next step"
    report = client.get(f"/reports/{a.report.pk}/").content.decode()
    assert "45/120 台设备联网：先把其余 75 台接入" in report


@pytest.mark.django_db
def test_a_jiangsu_enterprise_sees_jiangsu_programmes_and_a_sichuan_one_none(on_commit_now):
    from reference.models import City

    nanjing = City.objects.get(code="320100")
    answers = {"D7_assessment": False, "D7_asset_inventory": True}
    js = submitted_assessment(
        EnterpriseFactory(park=None, city=nanjing), quality=0.9, seed=4, overrides=answers
    )
    sc = submitted_assessment(quality=0.9, seed=4, overrides=answers)
    step_js = next(
        s for s in js.report.content_in("zh-hans")["steps"] if s["code"] == "d7_risk_assessment"
    )
    step_sc = next(
        s for s in sc.report.content_in("zh-hans")["steps"] if s["code"] == "d7_risk_assessment"
    )
    assert "江苏" in step_js["programmes"][0]["text"]
    assert step_sc["programmes"] == []
