"""Zero key processes is "not applicable": the CNC question neither helps nor punishes
(left out of the dimension's weighted mean), the CNC rate has no value, and the section
page and the report say "不适用（没有关键工序）" instead of "未填报"."""

import pytest

from assessment import method
from assessment.models import Question
from assessment.selectors import answers_of
from assessment.services import assessment_start
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    save_answers,
    section_post_data,
    submitted_assessment,
)

NOT_APPLICABLE = "不适用（没有关键工序）"

# D4 by hand (questionnaire DTMA 2026.1): CNC pair weight 4 (full at 80 %), equipment data
# pair weight 2 (full at 80 %), process parameters weight 2, quality inspection weight 1,
# MES weight 1.
D4_ANSWERS = {
    "D4_cnc_key_processes": {"part": 0, "whole": 0},
    "D4_equipment_data": {"part": 30, "whole": 40},  # 75 % of 80 % → 93.75
    "D4_process_parameters": "electronic",  # 55
    "D4_quality_inspection": "digital_entry",  # 55
    "D4_mes": True,  # 100
}
# (2 × 93.75 + 2 × 55 + 1 × 55 + 1 × 100) ÷ (2 + 2 + 1 + 1) = 452.5 ÷ 6 = 75.41… → 75.4.
# Counting the CNC question as 0 at weight 4 would give 452.5 ÷ 10 = 45.25 → 45.3.
D4_BY_HAND = 75.4


def _spec():
    pair = method.QuestionSpec("cnc", "D", method.PAIR, weight=4, scoring={"full_at": 80})
    mes = method.QuestionSpec("mes", "D", method.YESNO, weight=1)
    return method.MethodSpec(
        version="t",
        dimensions=(method.DimensionSpec("D", 1, (pair, mes)),),
        levels=(),
        indicators=(method.IndicatorSpec("cnc_rate", "ratio", "cnc"),),
    )


def test_a_whole_of_zero_is_left_out_of_the_dimension_mean():
    result = method.score(_spec(), {"cnc": {"part": 0, "whole": 0}, "mes": True})
    assert result.dimension_scores == {"D": 100.0}  # not (4 × 0 + 1 × 100) ÷ 5 = 20
    assert result.indicators == {"cnc_rate": None}
    assert method.not_applicable(_spec().questions["cnc"], {"part": 0, "whole": 0})


def test_a_whole_above_zero_still_counts_its_ratio():
    result = method.score(_spec(), {"cnc": {"part": 2, "whole": 5}, "mes": False})
    # 40 % of a full mark at 80 % → 50; (4 × 50 + 1 × 0) ÷ 5 = 40.
    assert result.dimension_scores == {"D": 40.0}
    assert result.indicators == {"cnc_rate": 40.0}


@pytest.mark.django_db
def test_the_submitted_score_matches_the_hand_computed_d4(on_commit_now):
    assessment = submitted_assessment(seed=7, overrides=D4_ANSWERS)
    assert assessment.scores["D4"] == D4_BY_HAND
    assert "cnc_key_process_rate" not in assessment.indicators


@pytest.mark.django_db
def test_the_report_says_not_applicable_instead_of_not_filled_in(client, on_commit_now):
    user = enterprise_user()
    assessment = submitted_assessment(
        user.memberships.get().enterprise, seed=7, overrides=D4_ANSWERS
    )
    report = Report.objects.get(assessment=assessment)
    content = report.content_in("zh-hans")
    cnc = next(r for r in content["targets"]["rows"] if r["indicator"] == "cnc_key_process_rate")
    assert cnc["value"] is None and cnc["met"] is None
    assert cnc["not_applicable"] == NOT_APPLICABLE
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    block = page[page.index(f'data-target="{cnc["code"]}"') :]
    block = block[: block.index("report-target-value") + 200]
    assert NOT_APPLICABLE in block and "未填报" not in block


@pytest.mark.django_db
def test_the_section_page_says_not_applicable_once_zero_is_saved(client):
    assessment = assessment_start(enterprise=EnterpriseFactory(), round=current_round())
    client.force_login(enterprise_user(assessment.enterprise))
    questions = Question.objects.filter(
        dimension__questionnaire=assessment.questionnaire, dimension__code="D4"
    )
    url = f"/assessments/{assessment.pk}/section/D4/"
    assert NOT_APPLICABLE not in client.get(url).content.decode()

    client.post(url, section_post_data(questions, D4_ANSWERS, go="stay"))

    assert answers_of(assessment)["D4_cnc_key_processes"] == {"part": 0, "whole": 0}
    page = client.get(url).content.decode()
    field = page[page.index('id="q-D4_cnc_key_processes"') + 1 :]
    assert NOT_APPLICABLE in field[: field.index('id="q-')]


@pytest.mark.django_db
def test_a_stored_whole_above_zero_shows_no_such_note(client):
    assessment = assessment_start(enterprise=EnterpriseFactory(), round=current_round())
    save_answers(assessment, {"D4_cnc_key_processes": {"part": 1, "whole": 3}})
    client.force_login(enterprise_user(assessment.enterprise))
    page = client.get(f"/assessments/{assessment.pk}/section/D4/").content.decode()
    assert NOT_APPLICABLE not in page


@pytest.mark.django_db
def test_the_methodology_page_states_the_change(client):
    page = client.get("/methodology/").content.decode()
    assert "总数为 0 时（例如没有关键工序）该题不适用" in page
    assert "已提交的评估保留提交时的分数" in page
