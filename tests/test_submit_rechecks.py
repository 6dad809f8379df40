"""Submit checks the whole answer set again: a cross-field rule broken by a later change in
another section, and every missing answer, refuse it; the review page lists each problem
with a link to its field, and the section page shows the message next to that field."""

import pytest

from assessment import method
from assessment.models import Assessment, Question
from assessment.sampling import sample_answers
from assessment.selectors import answers_of, method_spec
from assessment.services import NotComplete, assessment_start, assessment_submit
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    save_answers,
    section_post_data,
)

pytestmark = pytest.mark.django_db

PLATFORM_RULE_MESSAGE = "接入平台的设备数不能超过已联网的设备数。"


@pytest.fixture
def assessment():
    return assessment_start(enterprise=EnterpriseFactory(), round=current_round())


@pytest.fixture
def member(client, assessment):
    client.force_login(enterprise_user(assessment.enterprise))


def _complete(assessment, **overrides):
    answers = sample_answers(method_spec(assessment.questionnaire), quality=0.6, seed=3)
    answers.update(D1_production_equipment=100, D1_networked_equipment=80, D5_platform_devices=60)
    answers.update(overrides)
    save_answers(assessment, answers)
    return answers


def _lower_networked_machines(client, assessment, answers, networked: int):
    """Save section D1 again through its page with fewer networked machines."""
    questions = Question.objects.filter(
        dimension__questionnaire=assessment.questionnaire, dimension__code="D1"
    )
    data = section_post_data(questions, {**answers, "D1_networked_equipment": networked})
    response = client.post(f"/assessments/{assessment.pk}/section/D1/", data)
    assert response.status_code == 302, "D1 itself is valid and is saved as a draft"
    assert answers_of(assessment)["D1_networked_equipment"] == networked


def test_lowering_networked_machines_after_the_platform_section_refuses_the_submit(
    client, member, assessment
):
    answers = _complete(assessment)
    _lower_networked_machines(client, assessment, answers, networked=40)

    response = client.post(f"/reports/assessment/{assessment.pk}/submit/", follow=True)

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT and assessment.overall_score is None
    assert response.redirect_chain[-1][0] == f"/assessments/{assessment.pk}/review/"
    page = response.content.decode()
    link = f'href="/assessments/{assessment.pk}/section/D5/#q-D5_platform_devices"'
    assert link in page
    assert PLATFORM_RULE_MESSAGE in page
    assert "提交问卷</button>" not in page


def test_the_section_page_shows_the_broken_rule_next_to_its_field(client, member, assessment):
    answers = _complete(assessment)
    _lower_networked_machines(client, assessment, answers, networked=40)

    page = client.get(f"/assessments/{assessment.pk}/section/D5/").content.decode()

    field = page[page.index('id="q-D5_platform_devices"') + 1 :]
    field = field[: field.index('id="q-')]  # up to the next question
    assert PLATFORM_RULE_MESSAGE in field
    assert "已保存的答案中有标红的题目需要修改" in page


def test_a_section_without_problems_shows_no_message(client, member, assessment):
    _complete(assessment)
    page = client.get(f"/assessments/{assessment.pk}/section/D5/").content.decode()
    assert PLATFORM_RULE_MESSAGE not in page
    assert "已保存的答案中有标红的题目" not in page


def test_fixing_the_rule_lets_the_assessment_be_submitted(client, member, assessment):
    answers = _complete(assessment)
    _lower_networked_machines(client, assessment, answers, networked=60)

    client.post(f"/reports/assessment/{assessment.pk}/submit/")

    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_missing_answers_are_listed_each_with_a_link_to_its_field(client, member, assessment):
    answers = _complete(assessment)
    assessment.answers.all().delete()
    save_answers(assessment, {k: v for k, v in answers.items() if k != "D7_backup"})

    response = client.post(f"/reports/assessment/{assessment.pk}/submit/", follow=True)

    page = response.content.decode()
    assert f'href="/assessments/{assessment.pk}/section/D7/#q-D7_backup"' in page
    assert "必答题，请填写。" in page
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def test_the_service_refuses_with_every_problem_and_stores_nothing(assessment):
    answers = _complete(assessment, D1_networked_equipment=40, D8_employees=10, D8_digital_staff=20)
    del answers["D7_backup"]
    assessment.answers.all().delete()
    save_answers(assessment, answers)

    with pytest.raises(NotComplete) as refused:
        assessment_submit(assessment=assessment)

    found = {(p.question, p.kind, p.rule) for p in refused.value.problems}
    assert found == {
        ("D5_platform_devices", method.RULE, "R_platform_devices_le_networked"),
        ("D8_digital_staff", method.RULE, "R_digital_staff_le_employees"),
        ("D7_backup", method.MISSING, ""),
    }
    assert refused.value.missing == ["D7_backup"]
    assert Assessment.objects.get(pk=assessment.pk).status == Assessment.Status.DRAFT


def test_the_form_and_the_submit_use_the_same_rule_check():
    """One checker: what rule_problems finds, answer_problems reports."""
    spec = method.MethodSpec(
        version="t",
        dimensions=(
            method.DimensionSpec(
                "A",
                1,
                (
                    method.QuestionSpec("a_total", "A", method.INTEGER),
                    method.QuestionSpec("a_part", "A", method.INTEGER),
                ),
            ),
        ),
        levels=(),
        rules=(method.RuleSpec("R", "a_part", "a_total"),),
    )
    answers = {"a_total": 5, "a_part": 6}
    assert method.rule_problems(spec, answers) == {"a_part": "R"}
    assert method.answer_problems(spec, answers) == [
        method.Problem("a_part", method.RULE, rule="R")
    ]
    assert method.answer_problems(spec, {"a_total": 6, "a_part": 6}) == []
