"""An enterprise user sees and edits only their own enterprise's assessment: any other
one, by URL or by a tampered form, is a 404 on every view."""

import pytest

from assessment.models import Assessment
from assessment.selectors import answers_of
from assessment.services import assessment_start
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    current_round,
    enterprise_user,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(client):
    user = enterprise_user()
    client.force_login(user)
    return user


@pytest.fixture
def draft():
    return assessment_start(enterprise=EnterpriseFactory(), round=current_round())


@pytest.mark.parametrize(
    "path", ["/assessments/{pk}/", "/assessments/{pk}/section/D1/", "/assessments/{pk}/review/"]
)
def test_it_hides_another_enterprises_draft(client, outsider, draft, path):
    assert client.get(path.format(pk=draft.pk)).status_code == 404


def test_it_refuses_a_save_into_another_enterprises_draft(client, outsider, draft):
    response = client.post(
        f"/assessments/{draft.pk}/section/D1/", {"revision": 0, "D1_production_equipment": "5"}
    )
    assert response.status_code == 404
    assert answers_of(draft) == {}


def test_it_refuses_to_submit_another_enterprises_draft(client, outsider, draft):
    assert client.post(f"/reports/assessment/{draft.pk}/submit/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT


def test_it_hides_another_enterprises_result(client, outsider):
    other = submitted_assessment()
    assert client.get(f"/assessments/{other.pk}/result/").status_code == 404


def test_a_user_without_enterprise_sees_no_assessment(client, draft):
    client.force_login(UserFactory())
    assert client.get(f"/assessments/{draft.pk}/section/D1/").status_code == 404
    assert client.get("/enterprise/", follow=True).redirect_chain[-1][0] == "/enterprise/profile/"


def test_the_dashboard_lists_only_the_users_enterprise(client, outsider, draft):
    response = client.get("/enterprise/")
    assert draft.enterprise.name not in response.content.decode()
    assert response.context["enterprise"] == outsider.memberships.get().enterprise


def test_starting_opens_the_users_own_enterprise_assessment(client, outsider, draft):
    response = client.post("/assessments/start/", {"enterprise": draft.enterprise_id})
    mine = Assessment.objects.get(enterprise__memberships__user=outsider)
    assert response.url == f"/assessments/{mine.pk}/"


def test_it_asks_anonymous_visitors_to_log_in(client, draft):
    response = client.get(f"/assessments/{draft.pk}/section/D1/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
