"""Registering the enterprise: credit code, regions, park by invitation code; colleagues."""

import pytest

from enterprises.models import Enterprise, Invitation, Membership
from reference.models import City, Industry, Park, Province
from tests.factories import EnterpriseFactory, UserFactory, credit_code, enterprise_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(client):
    user = UserFactory()
    client.force_login(user)
    return user


def profile_data(**changes):
    chengdu = City.objects.get(code="510100")
    data = {
        "name": "成都新锐电子有限公司",
        "credit_code": credit_code(777),
        "industry": Industry.objects.get(code="39").pk,
        "size_class": "micro",
        "employees": "12",
        "revenue": "250",
        "province": chengdu.province_id,
        "city": chengdu.pk,
    }
    return {**data, **changes}


def test_it_registers_the_enterprise_with_the_user_as_owner(client, newcomer):
    response = client.post("/enterprise/profile/", profile_data())
    assert response.url == "/enterprise/"
    membership = Membership.objects.get(user=newcomer)
    assert membership.role == "owner"
    assert membership.enterprise.city.code == "510100"


def test_it_refuses_a_credit_code_already_registered(client, newcomer):
    existing = EnterpriseFactory()
    response = client.post("/enterprise/profile/", profile_data(credit_code=existing.credit_code))
    assert response.context["form"].errors["credit_code"] == ["该统一社会信用代码的企业已经注册。"]
    assert not Membership.objects.filter(user=newcomer).exists()


def test_it_refuses_a_wrong_check_character(client, newcomer):
    code = credit_code(778)
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    response = client.post("/enterprise/profile/", profile_data(credit_code=wrong))
    assert "校验位不正确" in response.context["form"].errors["credit_code"][0]


def test_a_park_invitation_code_sets_park_city_and_province(client, newcomer):
    park = Park.objects.select_related("city").get(code="chengdu-hitech")
    client.post(
        "/enterprise/profile/",
        profile_data(province="", city="", park_code=park.invitation_code.lower()),
    )
    enterprise = Enterprise.objects.get(memberships__user=newcomer)
    assert (enterprise.park, enterprise.city) == (park, park.city)


def test_an_unknown_park_code_is_refused_next_to_its_field(client, newcomer):
    response = client.post("/enterprise/profile/", profile_data(park_code="NOPE0000"))
    assert "没有找到这个园区邀请码" in response.context["form"].errors["park_code"][0]


def test_a_city_must_lie_in_the_chosen_province(client, newcomer):
    other = Province.objects.exclude(code="510000").first()
    response = client.post("/enterprise/profile/", profile_data(province=other.pk))
    assert response.context["form"].errors["city"] == ["所选城市不在所选省份。"]


def test_the_profile_page_groups_cities_by_province_for_use_without_javascript(client, newcomer):
    html = client.get("/enterprise/profile/").content.decode()
    assert '<optgroup label="四川省">' in html
    assert 'data-parent="' in html
    assert "js/region-select.js" in html


def test_a_colleague_joins_with_an_invitation_link_once(client):
    owner = enterprise_user()
    enterprise = owner.memberships.get().enterprise
    client.force_login(owner)
    response = client.post("/enterprise/colleagues/", {"email": "colleague@example.com"})
    invitation = Invitation.objects.get(enterprise=enterprise)
    assert invitation.code in response.url

    colleague = UserFactory()
    client.force_login(colleague)
    assert enterprise.name in client.get(f"/enterprise/join/{invitation.code}/").content.decode()
    client.post(f"/enterprise/join/{invitation.code}/")
    assert Membership.objects.get(user=colleague).enterprise == enterprise

    latecomer = UserFactory()
    client.force_login(latecomer)
    response = client.post(f"/enterprise/join/{invitation.code}/", follow=True)
    assert "邀请码无效或已过期" in response.content.decode()
    assert not Membership.objects.filter(user=latecomer).exists()


def test_an_invitation_is_mailed_when_an_address_is_given(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    owner = enterprise_user()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/enterprise/colleagues/", {"email": "colleague@example.com"})
    invitation = Invitation.objects.get()
    assert mailoutbox[0].to == ["colleague@example.com"]
    assert f"/enterprise/join/{invitation.code}/" in mailoutbox[0].body


def test_only_the_owner_may_change_the_enterprise_profile(client):
    owner = enterprise_user()
    enterprise = owner.memberships.get().enterprise
    colleague = UserFactory()
    Membership.objects.create(enterprise=enterprise, user=colleague, role=Membership.Role.COLLEAGUE)
    client.force_login(colleague)
    page = client.get("/enterprise/profile/").content.decode()
    assert "只有企业负责人可以修改企业信息" in page
    assert 'name="name"' in page and "disabled" in page
    response = client.post(
        "/enterprise/profile/", profile_data(name="改过的名字", credit_code=enterprise.credit_code)
    )
    assert response.status_code == 403
    enterprise.refresh_from_db()
    assert enterprise.name != "改过的名字"

    client.force_login(owner)
    assert "只有企业负责人" not in client.get("/enterprise/profile/").content.decode()
