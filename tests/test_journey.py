"""The enterprise's whole journey through Django's test client: sign up, profile, two
sections, leave, log in again, resume, a validation error that keeps the input, finish,
review, submit, the score; then an edit after submit is refused."""

import pytest

from assessment.models import Assessment, Dimension
from assessment.sampling import sample_answers
from assessment.selectors import answers_of, method_spec
from reference.models import Industry, Park
from tests.factories import credit_code, current_round, section_post_data

pytestmark = pytest.mark.django_db

PASSWORD = "Gear-Box-2026!"


def section_form_data(assessment, code, answers, **kwargs):
    questions = Dimension.objects.get(questionnaire=assessment.questionnaire, code=code)
    return section_post_data(questions.questions.all(), answers, **kwargs)


def test_an_enterprise_signs_up_fills_in_over_two_sittings_and_submits(client):
    current_round()
    park = Park.objects.filter(city__province__code="510000").first()

    # Sign up and register the enterprise with the park's invitation code.
    response = client.post(
        "/accounts/signup/",
        {
            "username": "plant-manager",
            "email": "manager@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/enterprise/profile/"
    response = client.post(
        "/enterprise/profile/",
        {
            "name": "绵阳精工机械有限公司",
            "credit_code": credit_code(4242).lower(),
            "industry": Industry.objects.get(code="34").pk,
            "size_class": "small",
            "employees": "85",
            "revenue": "1500",
            "park_code": park.invitation_code.lower(),
        },
        follow=True,
    )
    assert "企业信息已登记" in response.content.decode()
    assert "绵阳精工机械有限公司" in response.content.decode()

    # Start and fill in two sections.
    response = client.post("/assessments/start/", follow=True)
    assessment = Assessment.objects.get(enterprise__name="绵阳精工机械有限公司")
    assert assessment.park == park
    assert response.redirect_chain[-1][0] == f"/assessments/{assessment.pk}/section/D1/"
    answers = sample_answers(method_spec(assessment.questionnaire), quality=0.7, seed=11)
    for code in ("D1", "D2"):
        response = client.post(
            f"/assessments/{assessment.pk}/section/{code}/",
            section_form_data(assessment, code, answers),
        )
        assert response.status_code == 302

    # Leave, come back another day: resume at the first unfinished section.
    client.post("/accounts/logout/")
    assert client.get(f"/assessments/{assessment.pk}/").status_code == 302  # to the login page
    response = client.post(
        "/accounts/login/", {"username": "plant-manager", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/enterprise/"  # straight to their own work
    assert "下一步：继续填写“数字化研发设计”" in response.content.decode()
    response = client.get(f"/assessments/{assessment.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/assessments/{assessment.pk}/section/D3/"

    # A validation error keeps everything typed on the page; nothing is stored.
    d4 = section_form_data(assessment, "D4", answers)
    wrong = {**d4, "D4_cnc_key_processes__part": "30", "D4_cnc_key_processes__whole": "20"}
    response = client.post(f"/assessments/{assessment.pk}/section/D4/", wrong)
    assert response.status_code == 200
    assert response.context["form"].errors["D4_cnc_key_processes__part"]
    html = response.content.decode()
    assert 'value="30"' in html and 'value="20"' in html
    assert f'value="{d4["D4_equipment_data__whole"]}"' in html
    assert not any(code.startswith("D4") for code in answers_of(assessment))

    # Finish the rest, review and submit.
    for code in ("D3", "D4", "D5", "D6", "D7", "D8", "D9"):
        response = client.post(
            f"/assessments/{assessment.pk}/section/{code}/",
            section_form_data(assessment, code, answers),
        )
        assert response.status_code == 302, response.context["form"].errors
    assert response.url == f"/assessments/{assessment.pk}/review/"
    response = client.get(response.url)
    assert "所有必答题都已回答" in response.content.decode()
    response = client.post(f"/reports/assessment/{assessment.pk}/submit/", follow=True)
    assessment.refresh_from_db()
    assert assessment.is_submitted
    html = response.content.decode()
    assert f"{assessment.overall_score:.1f}" in html
    assert response.context["level_name"] in html
    assert "关键工序数控化率" in html

    # After submit, the server refuses a change.
    before = answers_of(assessment)
    response = client.post(
        f"/assessments/{assessment.pk}/section/D1/",
        section_form_data(assessment, "D1", {**answers, "D1_5g": "none"}, revision=1),
        follow=True,
    )
    assert "不能再修改" in response.content.decode()
    assert answers_of(assessment) == before
