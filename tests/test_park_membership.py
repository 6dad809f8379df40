"""An enterprise joins a park only with the park's invitation code or with the park
administrator's approval; a park sees the reports of the rounds the enterprise spent in it."""

import pytest

from enterprises.models import Enterprise, ParkJoinRequest
from reference.models import City, Industry, Park
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    credit_code,
    current_round,
    enterprise_user,
    park_admin,
    province_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def park():
    return Park.objects.select_related("city__province").get(code="chengdu-hitech")


def profile_data(**changes):
    chengdu = City.objects.get(code="510100")
    data = {
        "name": "成都冒名电子有限公司",
        "credit_code": credit_code(5101),
        "industry": Industry.objects.get(code="39").pk,
        "size_class": "micro",
        "employees": "12",
        "revenue": "800",
        "province": chengdu.province_id,
        "city": chengdu.pk,
    }
    return {**data, **changes}


def _register(client, **changes) -> Enterprise:
    user = UserFactory()
    client.force_login(user)
    response = client.post("/enterprise/profile/", profile_data(**changes), follow=True)
    assert response.status_code == 200
    return Enterprise.objects.get(memberships__user=user)


def test_choosing_a_park_without_its_code_only_asks_to_join(client, park):
    enterprise = _register(client, park=park.pk)
    assert enterprise.park is None
    assert enterprise.province == park.city.province  # it still counts in its province
    request = ParkJoinRequest.objects.get(enterprise=enterprise)
    assert (request.park, request.decision) == (park, "pending")
    page = client.get("/enterprise/profile/").content.decode()
    assert "等待园区管理员同意" in page
    assert not Enterprise.objects.filter(park=park, pk=enterprise.pk).exists()


def test_the_park_code_still_places_the_enterprise_at_once(client, park):
    enterprise = _register(client, park_code=park.invitation_code)
    assert enterprise.park == park
    assert not ParkJoinRequest.objects.exists()


def test_the_park_administrator_approves_a_request_from_the_enterprises_page(client, park):
    enterprise = _register(client, park=park.pk)
    admin = park_admin(park)
    client.force_login(admin)
    page = client.get(f"/cohorts/park/{park.pk}/enterprises/").content.decode()
    assert enterprise.name in page and "申请加入" in page
    request = ParkJoinRequest.objects.get(enterprise=enterprise)
    client.post(f"/cohorts/join-requests/{request.pk}/approve/")
    enterprise.refresh_from_db()
    request.refresh_from_db()
    assert enterprise.park == park
    assert (request.decision, request.decided_by) == ("approved", admin)
    assert request.decided_at is not None
    assert (
        enterprise.name
        not in client.get(f"/cohorts/park/{park.pk}/enterprises/")
        .content.decode()
        .split('id="requests"')[1]
        .split("</ul>")[0]
    )


def test_a_refused_request_leaves_the_enterprise_without_a_park(client, park):
    enterprise = _register(client, park=park.pk)
    client.force_login(park_admin(park))
    request = ParkJoinRequest.objects.get(enterprise=enterprise)
    client.post(f"/cohorts/join-requests/{request.pk}/refuse/")
    enterprise.refresh_from_db()
    assert enterprise.park is None
    assert ParkJoinRequest.objects.get().decision == "refused"


def test_another_parks_administrator_cannot_decide_or_see_the_request(client, park):
    enterprise = _register(client, park=park.pk)
    request = ParkJoinRequest.objects.get(enterprise=enterprise)
    other = Park.objects.exclude(city__province=park.city.province).first()
    client.force_login(park_admin(other))
    assert client.post(f"/cohorts/join-requests/{request.pk}/approve/").status_code == 404
    assert (
        enterprise.name not in client.get(f"/cohorts/park/{other.pk}/enterprises/").content.decode()
    )
    request.refresh_from_db()
    assert request.decision == "pending"
    # An enterprise cannot approve its own request either.
    client.force_login(enterprise.memberships.get().user)
    assert client.post(f"/cohorts/join-requests/{request.pk}/approve/").status_code == 404


def test_the_provincial_administrator_may_decide_too(client, park):
    enterprise = _register(client, park=park.pk)
    client.force_login(province_admin(park.city.province))
    page = client.get(f"/cohorts/province/{park.city.province_id}/requests/").content.decode()
    assert enterprise.name in page
    request = ParkJoinRequest.objects.get(enterprise=enterprise)
    client.post(f"/cohorts/join-requests/{request.pk}/approve/")
    enterprise.refresh_from_db()
    assert enterprise.park == park


def test_moving_park_without_a_code_leaves_the_old_park_until_the_new_one_approves(client, park):
    old = Park.objects.filter(city__province=park.city.province).exclude(pk=park.pk).first()
    owner = enterprise_user(EnterpriseFactory(park=old))
    enterprise = owner.memberships.get().enterprise
    client.force_login(owner)
    data = profile_data(
        name=enterprise.name, credit_code=enterprise.credit_code, park=park.pk, province="", city=""
    )
    client.post("/enterprise/profile/", data)
    enterprise.refresh_from_db()
    assert enterprise.park is None
    assert ParkJoinRequest.objects.get(enterprise=enterprise).park == park


def test_a_new_park_does_not_see_reports_of_rounds_spent_in_the_old_one(
    client, park, on_commit_now
):
    old = Park.objects.filter(city__province=park.city.province).exclude(pk=park.pk).first()
    enterprise = EnterpriseFactory(park=old, name="迁园测试有限公司")
    last_year = Report.objects.get(
        assessment=submitted_assessment(enterprise, current_round(2025), seed=3)
    )
    owner = enterprise_user(enterprise)
    client.force_login(owner)
    client.post(
        "/enterprise/profile/",
        profile_data(
            name=enterprise.name, credit_code=enterprise.credit_code, park_code=park.invitation_code
        ),
    )
    enterprise.refresh_from_db()
    assert enterprise.park == park

    client.force_login(park_admin(park))
    assert client.get(f"/reports/{last_year.pk}/").status_code == 404
    client.force_login(park_admin(old))
    assert "迁园测试有限公司" in client.get(f"/reports/{last_year.pk}/").content.decode()
    client.force_login(owner)
    assert client.get(f"/reports/{last_year.pk}/").status_code == 200
