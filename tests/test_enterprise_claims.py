"""A credit code registered first by someone else can be claimed by the enterprise: an
imported enterprise's park invitation goes again to the contact the park holds; otherwise
the park (or province) administrator decides a claim, and the claimant becomes the owner."""

import pytest
from django.core import mail
from django.core.cache import cache

from enterprises.models import Enterprise, Invitation, Membership
from onboarding.models import EnterpriseClaim, ParkInvitation
from onboarding.services import invitations_send
from reference.models import City, Industry, Park
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    credit_code,
    enterprise_user,
    park_admin,
    province_admin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()


@pytest.fixture
def park():
    return Park.objects.select_related("city__province").get(code="chengdu-hitech")


def profile_data(code: str, **changes):
    chengdu = City.objects.get(code="510100")
    data = {
        "name": "成都真主电子有限公司",
        "credit_code": code,
        "industry": Industry.objects.get(code="39").pk,
        "size_class": "micro",
        "employees": "12",
        "revenue": "800",
        "province": chengdu.province_id,
        "city": chengdu.pk,
    }
    return {**data, **changes}


@pytest.fixture
def squatted(client, park):
    """An enterprise of the park registered first by someone who is not it, who has also
    made a colleague invitation."""
    squatter = UserFactory(username="squatter")
    enterprise = EnterpriseFactory(park=park, credit_code=credit_code(6001))
    Membership.objects.create(enterprise=enterprise, user=squatter, role=Membership.Role.OWNER)
    Invitation.objects.create(enterprise=enterprise, code="squatter-door", created_by=squatter)
    return enterprise


def _claim(client, enterprise) -> object:
    owner = UserFactory(username="rightful")
    client.force_login(owner)
    page = client.post("/enterprise/profile/", profile_data(enterprise.credit_code))
    html = page.content.decode()
    assert "该统一社会信用代码的企业已经注册" in html
    assert f"/cohorts/claim/?code={enterprise.credit_code}" in html
    claim_page = client.get(f"/cohorts/claim/?code={enterprise.credit_code}").content.decode()
    assert "提交认领申请" in claim_page
    client.post(
        f"/cohorts/claim/?code={enterprise.credit_code}", {"note": "总经理，电话 028-12345678"}
    )
    return owner


def test_a_claim_approved_by_the_park_makes_the_claimant_owner_and_ends_the_squatter(
    client, park, squatted
):
    owner = _claim(client, squatted)
    claim = EnterpriseClaim.objects.get(enterprise=squatted)
    assert (claim.claimant, claim.decision) == (owner, "pending")

    admin = park_admin(park)
    client.force_login(admin)
    page = client.get(f"/cohorts/park/{park.pk}/enterprises/").content.decode()
    assert "rightful" in page and "028-12345678" in page
    client.post(f"/cohorts/claims/{claim.pk}/approve/")

    claim.refresh_from_db()
    assert (claim.decision, claim.decided_by) == ("approved", admin) and claim.decided_at
    assert [m["username"] for m in claim.ended_memberships] == ["squatter"]
    assert list(squatted.memberships.values_list("user__username", "role")) == [
        ("rightful", "owner")
    ]
    # The squatter's open colleague invitation no longer lets anyone back in.
    client.force_login(UserFactory())
    client.post("/enterprise/join/squatter-door/")
    assert squatted.memberships.count() == 1


def test_a_refused_claim_changes_nothing_but_is_recorded(client, park, squatted):
    _claim(client, squatted)
    claim = EnterpriseClaim.objects.get()
    client.force_login(park_admin(park))
    client.post(f"/cohorts/claims/{claim.pk}/refuse/")
    claim.refresh_from_db()
    assert claim.decision == "refused" and claim.decided_at
    assert squatted.memberships.get().user.username == "squatter"


def test_only_the_enterprises_own_park_or_province_decides_a_claim(client, park, squatted):
    _claim(client, squatted)
    claim = EnterpriseClaim.objects.get()
    other = Park.objects.exclude(city__province=park.city.province).first()
    for user in (park_admin(other), enterprise_user(squatted), UserFactory()):
        client.force_login(user)
        assert client.post(f"/cohorts/claims/{claim.pk}/approve/").status_code == 404
    claim.refresh_from_db()
    assert claim.decision == "pending"


def test_an_enterprise_without_park_is_claimed_from_its_province(client, park):
    enterprise = EnterpriseFactory(park=None, credit_code=credit_code(6002))
    enterprise_user(enterprise)
    owner = _claim(client, enterprise)
    claim = EnterpriseClaim.objects.get()
    client.force_login(park_admin(park))
    assert client.post(f"/cohorts/claims/{claim.pk}/approve/").status_code == 404
    client.force_login(province_admin(enterprise.province))
    page = client.get(f"/cohorts/province/{enterprise.province_id}/requests/").content.decode()
    assert enterprise.name in page
    client.post(f"/cohorts/claims/{claim.pk}/approve/")
    assert Membership.objects.get(enterprise=enterprise).user == owner


@pytest.fixture
def imported(park, django_capture_on_commit_callbacks):
    """An enterprise the park imported and invited at its contact address."""
    enterprise = EnterpriseFactory(
        park=park, credit_code=credit_code(6003), contact_email="boss@real.example"
    )
    invitation = ParkInvitation.objects.create(
        park=park, enterprise=enterprise, email=enterprise.contact_email
    )
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(invitations=[invitation], base_url="http://testserver")
    mail.outbox.clear()
    return enterprise


def test_the_contact_who_signs_up_directly_gets_the_parks_invitation_again(
    client, imported, django_capture_on_commit_callbacks
):
    contact = UserFactory(email="someone@else.example")
    client.force_login(contact)
    page = client.post("/enterprise/profile/", profile_data(imported.credit_code))
    assert f"/cohorts/claim/?code={imported.credit_code}" in page.content.decode()
    assert (
        "重新发送园区邀请"
        in client.get(f"/cohorts/claim/?code={imported.credit_code}").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cohorts/claim/?code={imported.credit_code}", {"resend": "1"})

    assert [m.to for m in mail.outbox] == [["boss@real.example"]]  # never the claimant's
    newest = ParkInvitation.objects.filter(enterprise=imported).first()
    assert f"/cohorts/invitation/{newest.token}/" in mail.outbox[0].body
    # The earlier link stops working; the new one, opened signed in, makes them the owner.
    assert ParkInvitation.objects.filter(enterprise=imported, accepted_at__isnull=True).count() == 1
    assert "以当前账户" in client.get(f"/cohorts/invitation/{newest.token}/").content.decode()
    client.post(f"/cohorts/invitation/{newest.token}/")
    assert Membership.objects.get(user=contact).enterprise == imported
    assert Membership.objects.get(user=contact).role == "owner"


def test_the_invitation_is_resent_a_few_times_an_hour_at_most(
    client, imported, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            client.post(f"/cohorts/claim/?code={imported.credit_code}", follow=True)
            for _ in range(5)
        ]
    assert len(mail.outbox) == 3
    assert "请一小时后再试" in responses[-1].content.decode()


def test_a_member_of_an_enterprise_cannot_claim_another(client, squatted):
    client.force_login(enterprise_user())
    client.post(f"/cohorts/claim/?code={squatted.credit_code}", {"note": "我是老板"})
    assert not EnterpriseClaim.objects.exists()


def test_the_import_of_a_squatted_code_says_how_the_enterprise_gets_it_back(client, park, squatted):
    from tests.test_import_enterprises import _csv, _upload

    client.force_login(park_admin(park))
    _batch, html = _upload(
        client, park, _csv(f"真主电子有限公司,{squatted.credit_code},34,small,a@example.com")
    )
    assert "申请认领" in html
    assert Enterprise.objects.filter(credit_code=squatted.credit_code).count() == 1
