"""Two published versions side by side: 2026.1 results stay as they were, 2027.1 is loaded
by the same command and shown on the methodology page, and a trend across versions is
shown only where a score means the same."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessment.models import Assessment, Questionnaire
from assessment.services import assessment_start, round_ensure
from reports.models import Report
from reports.services import assessment_submit_and_report
from tests.factories import EnterpriseFactory, enterprise_user, save_answers
from tests.test_method_2027 import DISCRETE

pytestmark = pytest.mark.django_db

# A fixed 2026.1 answer set, every required question answered.
ANSWERS_2026 = {
    "D1_production_equipment": 50,
    "D1_networked_equipment": 30,
    "D1_inner_network": "full",
    "D1_broadband": "gigabit",
    "D1_5g": "pilot",
    "D1_ipv6": True,
    "D1_identifier": "registered",
    "D2_cloud_star": "star3",
    "D2_cloud_systems": ["infrastructure", "management", "production"],
    "D2_equipment_on_cloud": 20,
    "D2_cloud_certified": False,
    "D3_design_tools": ["cad_2d", "cad_3d"],
    "D3_digital_design_share": 60,
    "D3_design_to_production": "shared_folder",
    "D3_simulation": "sometimes",
    "D3_design_library": True,
    "D4_cnc_key_processes": {"part": 6, "whole": 10},
    "D4_equipment_data": {"part": 8, "whole": 20},
    "D4_process_parameters": "electronic",
    "D4_quality_inspection": "digital_entry",
    "D4_mes": True,
    "D5_platform_use": ["sector"],
    "D5_platform_depth": "view_only",
    "D5_industrial_apps": 2,
    "D5_platform_devices": 10,
    "D5_public_service": True,
    "D6_digital_management": "in_use",
    "D6_customisation": "none",
    "D6_collaboration": "pilot",
    "D6_smart_production": "pilot",
    "D6_service_extension": "none",
    "D7_responsible": "person_rules",
    "D7_grading": "aware",
    "D7_asset_inventory": False,
    "D7_monitoring": "isolation",
    "D7_incident_drill": "plan_only",
    "D7_backup": "scheduled",
    "D7_assessment": True,
    "D8_strategy": "plan_dept",
    "D8_employees": 120,
    "D8_digital_staff": 1,
    "D8_training_share": 15,
    "D8_investment_share": 1.5,
    "D8_service_providers": ["software_integrator", "platform_provider"],
    "D9_yield_change": "up_to_5",
    "D9_cost_change": "not_measured",
    "D9_energy_change": "not_measured",
    "D9_efficiency_change": "from_5_to_10",
    "D9_roi_measured": False,
}
# The figures of this answer set under 2026.1 as scored before 2027.1 existed.
PINNED_2026 = {
    "scores": {
        "D1": 67.2,
        "D2": 50.0,
        "D3": 61.0,
        "D4": 66.5,
        "D5": 46.1,
        "D6": 28.0,
        "D7": 57.0,
        "D8": 49.4,
        "D9": 28.9,
    },
    "overall": 49.0,
    "level": 2,
}


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


def _submitted(enterprise, year: int, answers: dict) -> Assessment:
    assessment = assessment_start(enterprise=enterprise, round=round_ensure(year=year))
    save_answers(assessment, answers)
    assessment_submit_and_report(assessment=assessment, past_round=True)
    assessment.refresh_from_db()
    return assessment


def _content(assessment: Assessment) -> dict:
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.DONE, report.error
    return report.content_in("zh-hans")


def test_a_2026_assessment_keeps_its_score_level_and_dimension_scores():
    assessment = _submitted(EnterpriseFactory(), 2026, ANSWERS_2026)
    assert assessment.questionnaire.version == "2026.1"
    assert assessment.scores == PINNED_2026["scores"]
    assert (assessment.overall_score, assessment.level) == (49.0, 2)
    content = _content(assessment)
    assert content["overall"]["score"] == 49.0
    assert (content["overall"]["level"], content["overall"]["level_name"]) == (2, "规范级")
    assert {d["code"]: d["score"] for d in content["dimensions"]} == PINNED_2026["scores"]
    assert content["overall"]["national_level"] == 2  # 49.0 in [40, 60)


def test_load_questionnaire_loads_every_version_file_and_again_changes_nothing():
    out = io.StringIO()
    call_command("load_questionnaire", stdout=out)
    assert "DTMA 2026.1: unchanged" in out.getvalue()
    assert "DTMA 2027.1: unchanged" in out.getvalue()
    versions = Questionnaire.objects.filter(status="published").values_list("version", flat=True)
    assert sorted(versions) == ["2026.1", "2027.1"]


def test_methodology_page_of_2027_1_shows_gates_modules_decisions_and_national_bands(client):
    html = client.get("/methodology/", {"version": "2027.1"}).content.decode()
    assert "2 · 上线" in html and "3 · 互联" in html and "5 · 示范" in html
    assert 'data-gate="3-D5"' in html and "D5 平台应用 ≥ 40" in html
    assert 'data-module="process"' in html and "25-28" in html
    assert "D4_automated_key_processes" in html
    assert "五种新模式取最好的三种" in html and "等级用本产品自己的名称" in html
    assert 'data-national-band="2"' in html
    assert "正式等级以全国中小企业数字化水平评测的结果为准" in html
    default = client.get("/methodology/").content.decode()
    assert "规范级" in default  # this year's rounds still use 2026.1


def test_result_page_shows_the_national_scale_estimate_beside_the_level(client):
    user = enterprise_user()
    assessment = _submitted(user.memberships.get().enterprise, 2026, ANSWERS_2026)
    client.force_login(user)
    html = client.get(reverse("assessment:result", args=[assessment.pk])).content.decode()
    assert 'data-national-level="2"' in html
    assert "全国中小企业数字化水平（按总分估计）" in html
    assert "企业的正式等级以全国评测的结果为准" in html


def test_a_2027_report_after_a_2026_one_says_changed_scores_are_not_comparable(client):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    _submitted(enterprise, 2026, ANSWERS_2026)
    later = _submitted(enterprise, 2027, DISCRETE)
    assert later.questionnaire.version == "2027.1"
    progress = _content(later)["progress"]
    assert progress["comparable"] is False and progress["overall_change"] is None
    rows = {row["name"]: row for row in progress["dimensions"]}
    assert rows["数字化研发设计"]["change"] == 0.0  # D3 unchanged: 61.0 then 61.0
    assert rows["平台应用"]["change"] is None and rows["平台应用"]["comparable"] is False
    client.force_login(user)
    report = Report.objects.get(assessment=later)
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "口径变化，不可比" in html and "不给出升降" in html
    assert 'data-national-level="2"' in html  # 55.4


def test_a_second_report_on_the_same_version_still_shows_the_change():
    enterprise = EnterpriseFactory()
    _submitted(enterprise, 2027, DISCRETE)
    later = _submitted(enterprise, 2028, {**DISCRETE, "D5_platform_depth": "several_areas"})
    progress = _content(later)["progress"]
    assert progress["comparable"] is True
    rows = {row["name"]: row for row in progress["dimensions"]}
    assert rows["平台应用"]["change"] == 17.8  # (5·75 + 30 + 100) ÷ 7 = 72.1 vs 54.3
