"""Filling one section: typed values, messages next to the wrong field, bulk saves with a
bounded number of queries, concurrent saves, and no change after submit."""

import pytest

from assessment.models import Answer, Dimension, Question, Section
from assessment.sampling import sample_answers
from assessment.selectors import answers_of, method_spec
from assessment.services import (
    AlreadySubmitted,
    SectionConflict,
    assessment_start,
    assessment_submit,
    section_save,
)
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    save_answers,
    section_post_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment():
    return assessment_start(enterprise=EnterpriseFactory(), round=current_round())


@pytest.fixture
def full_answers(assessment):
    return sample_answers(method_spec(assessment.questionnaire), quality=0.6, seed=3)


def dimension(assessment, code):
    return Dimension.objects.prefetch_related("questions__choices").get(
        questionnaire=assessment.questionnaire, code=code
    )


def section_answers(dim, answers):
    return {q.code: answers[q.code] for q in dim.questions.all()}


def url(assessment, code):
    return f"/assessments/{assessment.pk}/section/{code}/"


@pytest.fixture
def member(client, assessment):
    user = enterprise_user(assessment.enterprise)
    client.force_login(user)
    return user


def test_it_saves_a_section_in_a_bounded_number_of_queries(
    assessment, full_answers, django_assert_max_num_queries
):
    for code in ("D1", "D6", "D9"):  # sections of different lengths
        dim = dimension(assessment, code)
        method_spec(assessment.questionnaire)  # the spec is cached after the first use
        with django_assert_max_num_queries(7):
            section_save(
                assessment=assessment,
                dimension=dim,
                answers=section_answers(dim, full_answers),
                revision=0,
                user=None,
            )
    stored = answers_of(assessment)
    assert stored == {
        code: value
        for code, value in full_answers.items()
        if code[:2] in ("D1", "D6", "D9") and value not in ("", None, [])
    }


def test_it_deletes_cleared_answers_and_counts_revisions(assessment, full_answers):
    dim = dimension(assessment, "D1")
    answers = section_answers(dim, full_answers)
    assert (
        section_save(assessment=assessment, dimension=dim, answers=answers, revision=0, user=None)
        == 1
    )
    answers["D1_5g"] = None
    assert (
        section_save(assessment=assessment, dimension=dim, answers=answers, revision=1, user=None)
        == 2
    )
    assert "D1_5g" not in answers_of(assessment)
    assert Section.objects.get(assessment=assessment, dimension=dim).revision == 2


def test_a_stale_save_is_refused_and_writes_nothing(assessment, full_answers):
    dim = dimension(assessment, "D1")
    answers = section_answers(dim, full_answers)
    section_save(assessment=assessment, dimension=dim, answers=answers, revision=0, user=None)
    before = answers_of(assessment)
    with pytest.raises(SectionConflict) as error:
        section_save(
            assessment=assessment,
            dimension=dim,
            answers={**answers, "D1_5g": None},
            revision=0,
            user=None,
        )
    assert error.value.section.revision == 1
    assert answers_of(assessment) == before


def test_the_service_refuses_changes_after_submit(assessment, full_answers):
    save_answers(assessment, full_answers)
    assessment_submit(assessment=assessment)
    dim = dimension(assessment, "D1")
    with pytest.raises(AlreadySubmitted):
        section_save(
            assessment=assessment, dimension=dim, answers={"D1_5g": None}, revision=0, user=None
        )
    assert answers_of(assessment) == full_answers


def test_a_wrong_value_shows_its_message_next_to_the_field_and_keeps_the_page(
    client, member, assessment
):
    data = {
        "revision": 0,
        "D4_cnc_key_processes__part": "12",
        "D4_cnc_key_processes__whole": "10",
        "D4_equipment_data__part": "-3",
        "D4_equipment_data__whole": "abc",
    }
    response = client.post(url(assessment, "D4"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "不能大于" in form.errors["D4_cnc_key_processes__part"][0]
    assert "请输入整数" in form.errors["D4_equipment_data__whole"][0]
    html = response.content.decode()
    assert 'value="12"' in html and 'value="abc"' in html
    assert "本页还没有保存" in html
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_percentage_above_100_is_refused_next_to_its_field(client, member, assessment):
    question = (
        Question.objects.filter(
            dimension__questionnaire=assessment.questionnaire, kind=Question.Kind.PERCENT
        )
        .select_related("dimension")
        .order_by("dimension__order", "code")
        .first()
    )
    response = client.post(
        url(assessment, question.dimension.code), {"revision": 0, question.code: "120"}
    )
    assert response.status_code == 200
    assert "不能大于 100" in response.context["form"].errors[question.code][0]
    assert 'value="120"' in response.content.decode()
    assert not Answer.objects.filter(assessment=assessment).exists()


def test_a_negative_count_is_refused(client, member, assessment):
    response = client.post(url(assessment, "D1"), {"revision": 0, "D1_production_equipment": "-5"})
    assert "不能小于 0" in response.context["form"].errors["D1_production_equipment"][0]


def test_a_cross_field_rule_is_shown_on_its_left_question(client, member, assessment):
    response = client.post(
        url(assessment, "D1"),
        {"revision": 0, "D1_production_equipment": "10", "D1_networked_equipment": "20"},
    )
    assert response.context["form"].errors["D1_networked_equipment"] == [
        "联网设备数不能超过生产设备总数。"
    ]


def test_full_width_digits_and_a_percent_sign_are_understood(client, member, assessment):
    client.post(
        url(assessment, "D1"),
        {"revision": 0, "D1_production_equipment": "１２０", "D1_networked_equipment": "1,00"},
    )
    # "1,00" is no thousands grouping: an integer field refuses it rather than guess.
    assert answers_of(assessment) == {}
    client.post(
        url(assessment, "D1"),
        {"revision": 0, "D1_production_equipment": "１,２００", "D1_networked_equipment": "100%"},
    )
    stored = answers_of(assessment)
    assert stored["D1_production_equipment"] == 1200
    assert stored["D1_networked_equipment"] == 100


def test_a_second_tab_is_told_what_changed_and_keeps_what_it_typed(
    client, member, assessment, full_answers
):
    dim = dimension(assessment, "D1")
    answers = section_answers(dim, full_answers)
    first = section_post_data(dim.questions.all(), answers, revision=0)
    assert client.post(url(assessment, "D1"), first).status_code == 302

    second = section_post_data(
        dim.questions.all(), {**answers, "D1_production_equipment": 999}, revision=0
    )
    response = client.post(url(assessment, "D1"), second)
    assert response.status_code == 200
    html = response.content.decode()
    assert "在您打开本页之后" in html
    assert 'value="999"' in html
    assert [c["question"].code for c in response.context["changes"]] == ["D1_production_equipment"]
    assert answers_of(assessment)["D1_production_equipment"] == answers["D1_production_equipment"]
    # Saving again from the warned page is deliberate: it now goes through.
    assert response.context["form"]["revision"].value() == 1
    second["revision"] = 1
    assert client.post(url(assessment, "D1"), second).status_code == 302
    assert answers_of(assessment)["D1_production_equipment"] == 999


def test_progress_counts_required_answers_per_section_and_overall(
    client, member, assessment, full_answers
):
    dim = dimension(assessment, "D1")
    client.post(url(assessment, "D1"), section_post_data(dim.questions.all(), full_answers))
    response = client.get(url(assessment, "D2"))
    progress = response.context["progress"]
    d1 = progress.sections[0]
    assert d1.complete and d1.answered_required == d1.required
    assert progress.answered_required == d1.required
    assert progress.first_unfinished.dimension.code == "D2"
    html = response.content.decode()
    assert f"必答题已答 {d1.required} / {progress.required}" in html
    assert '<input type="hidden" name="revision" value="0"' in html
