"""A round past its closing date refuses saves and submits; a park or provincial
administrator extends it for their own scope, recorded with who and when."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from assessment.models import Assessment, Question, Round, RoundExtension
from assessment.rounds import published_questionnaire
from assessment.sampling import sample_answers
from assessment.selectors import answers_of, method_spec
from assessment.services import RoundClosed, assessment_start, assessment_submit
from reference.models import Park
from tests.factories import (
    EnterpriseFactory,
    enterprise_user,
    park_admin,
    province_admin,
    save_answers,
    section_post_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round():
    today = timezone.localdate()
    return Round.objects.create(
        code="closed",
        year=today.year,
        name_zh="已截止的轮次",
        name_en="Closed round",
        questionnaire=published_questionnaire(),
        opens_on=today - timedelta(days=60),
        closes_on=today - timedelta(days=1),
    )


@pytest.fixture
def parks():
    sichuan = Park.objects.filter(city__province__code="510000").order_by("code")
    return sichuan[0], sichuan[1]


@pytest.fixture
def draft(closed_round, parks):
    enterprise = EnterpriseFactory(park=parks[0])
    assessment = assessment_start(enterprise=enterprise, round=closed_round)
    answers = sample_answers(method_spec(assessment.questionnaire), quality=0.6, seed=5)
    save_answers(assessment, answers)
    return assessment


@pytest.fixture
def member(client, draft):
    client.force_login(enterprise_user(draft.enterprise))


def _d1_post(draft, networked=7):
    questions = Question.objects.filter(
        dimension__questionnaire=draft.questionnaire, dimension__code="D1"
    )
    answers = {**answers_of(draft), "D1_networked_equipment": networked}
    return section_post_data(questions, answers, revision=0, go="stay")


def test_a_closed_round_stores_nothing_from_a_section_post(client, member, draft):
    before = answers_of(draft)
    response = client.post(f"/assessments/{draft.pk}/section/D1/", _d1_post(draft), follow=True)
    assert answers_of(draft) == before
    page = response.content.decode()
    assert "本轮评估已于" in page and "截止，不能再保存或提交" in page


def test_the_section_page_of_a_closed_round_says_so_with_inputs_disabled(client, member, draft):
    page = client.get(f"/assessments/{draft.pk}/section/D1/").content.decode()
    assert "round-closed" in page
    assert "<fieldset disabled>" in page
    assert 'value="stay"' not in page  # no save button


def test_a_closed_round_refuses_the_submit(client, member, draft):
    response = client.post(f"/reports/assessment/{draft.pk}/submit/", follow=True)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT
    assert "本轮评估已截止，问卷不能再提交。" in response.content.decode()
    with pytest.raises(RoundClosed):
        assessment_submit(assessment=draft)


def test_the_enterprise_dashboard_says_the_round_closed(client, member, draft, closed_round):
    page = client.get("/enterprise/").content.decode()
    assert "round-closed" in page
    assert "截止，问卷没有提交，不能再修改或提交" in page


def test_a_park_administrator_extends_the_round_for_their_park_only(
    client, draft, closed_round, parks
):
    admin = park_admin(parks[0])
    client.force_login(admin)
    later = timezone.localdate() + timedelta(days=14)
    url = f"/cohorts/park/{parks[0].pk}/round-extension/?round={closed_round.pk}"

    client.post(url, {"closes_on": later.isoformat()})

    extension = RoundExtension.objects.get()
    assert (extension.round, extension.park, extension.province) == (closed_round, parks[0], None)
    assert extension.closes_on == later and extension.by == admin
    assert (timezone.now() - extension.at).total_seconds() < 60
    page = client.get(f"/cohorts/park/{parks[0].pk}/?round={closed_round.pk}").content.decode()
    assert f"延长至 {date_format(later)}（{admin.get_username()}，" in page

    # The enterprise of that park saves and submits again ...
    client.force_login(enterprise_user(draft.enterprise))
    client.post(f"/assessments/{draft.pk}/section/D1/", _d1_post(draft, networked=7))
    assert answers_of(draft)["D1_networked_equipment"] == 7
    # ... one of another park of the province does not.
    other = assessment_start(enterprise=EnterpriseFactory(park=parks[1]), round=closed_round)
    with pytest.raises(RoundClosed):
        assessment_submit(assessment=other)


def test_a_provincial_extension_covers_every_park_of_the_province(draft, closed_round, parks):
    from assessment.services import round_extend

    admin = province_admin(parks[0].city.province)
    round_extend(
        round=closed_round,
        province=parks[0].city.province,
        closes_on=timezone.localdate() + timedelta(days=3),
        by=admin,
    )
    assessment_submit(assessment=draft)
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.SUBMITTED


def test_an_extension_must_be_later_than_the_current_date(client, closed_round, parks):
    client.force_login(park_admin(parks[0]))
    url = f"/cohorts/park/{parks[0].pk}/round-extension/?round={closed_round.pk}"
    response = client.post(url, {"closes_on": closed_round.closes_on.isoformat()}, follow=True)
    assert not RoundExtension.objects.exists()
    assert "新的截止日期不能早于今天。" in response.content.decode()


def test_another_scopes_administrator_gets_a_404_and_nothing_is_recorded(
    client, closed_round, parks
):
    client.force_login(park_admin(parks[1]))
    url = f"/cohorts/park/{parks[0].pk}/round-extension/?round={closed_round.pk}"
    later = (timezone.localdate() + timedelta(days=5)).isoformat()
    assert client.post(url, {"closes_on": later}).status_code == 404
    other_province = province_admin(
        type(parks[0].city.province).objects.exclude(pk=parks[0].city.province_id).first()
    )
    client.force_login(other_province)
    assert client.post(url, {"closes_on": later}).status_code == 404
    assert not RoundExtension.objects.exists()


def test_an_open_round_takes_saves_without_any_extension(client):
    today = timezone.localdate()
    round_ = Round.objects.create(
        code="open",
        year=today.year,
        name_zh="开放的轮次",
        name_en="Open round",
        questionnaire=published_questionnaire(),
        opens_on=date(today.year, 1, 1) if today.month > 1 else today,
        closes_on=today,  # the closing day itself still takes answers
    )
    assessment = assessment_start(enterprise=EnterpriseFactory(), round=round_)
    save_answers(
        assessment, sample_answers(method_spec(assessment.questionnaire), quality=0.6, seed=5)
    )
    assessment_submit(assessment=assessment)
    assert Assessment.objects.get(pk=assessment.pk).is_submitted
