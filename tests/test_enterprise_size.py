"""Size class and 规模以上 are derived from employees and revenue (工信部联企业〔2011〕300号,
industry), shown on the profile, and asked of existing enterprises until confirmed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessment.services import assessment_start
from enterprises.size import enterprise_size
from reference.models import City, Industry
from tests.factories import UserFactory, credit_code, current_round, enterprise_user


@pytest.mark.parametrize(
    ("employees", "revenue", "size_class", "above"),
    [
        (19, 100000, "micro", True),  # fewer than 20 people is micro whatever the revenue
        (20, Decimal("299.9"), "micro", False),
        (20, 300, "small", False),
        (299, 100000, "small", True),  # below 300 people: not medium
        (300, Decimal("1999.9"), "small", False),  # below 2 000 万元: not medium
        (300, 2000, "medium", True),
        (999, 100000, "medium", True),  # below 1 000 people: not large
        (1000, Decimal("39999.9"), "medium", True),  # below 40 000 万元: not large
        (1000, 40000, "large", True),
        (5000, 1000, "small", False),  # many people, little revenue: both minimums needed
        (0, 0, "micro", False),
    ],
)
def test_size_class_and_above_scale_at_each_boundary(employees, revenue, size_class, above):
    facts = enterprise_size(employees=employees, revenue=revenue)
    assert (facts.size_class, facts.above_designated_size) == (size_class, above)


def _profile_data(enterprise, **changes):
    return {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "industry": enterprise.industry_id,
        "employees": "85",
        "revenue": "2500",
        "province": enterprise.province_id,
        "city": enterprise.city_id,
        "park": enterprise.park_id or "",
        **changes,
    }


@pytest.mark.django_db
def test_the_profile_derives_size_and_above_scale_and_says_so(client):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    client.force_login(user)
    response = client.post(reverse("enterprises:profile"), _profile_data(enterprise))
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert (enterprise.size_class, enterprise.above_designated_size) == ("small", True)
    assert enterprise.revenue == Decimal("2500") and enterprise.size_confirmed_at is not None
    html = client.get(reverse("enterprises:profile")).content.decode()
    assert "按从业人员 85 人、营业收入 2500 万元，属于 小型企业（工业）" in html
    assert "规模以上企业" in html
    assert 'name="size_class"' not in html  # derived, never declared


@pytest.mark.django_db
def test_employees_and_revenue_are_required_to_register(client):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    client.force_login(user)
    response = client.post(reverse("enterprises:profile"), _profile_data(enterprise, revenue=""))
    assert response.status_code == 200
    assert "revenue" in response.context["form"].errors


@pytest.mark.django_db
def test_an_existing_enterprise_is_asked_to_confirm_its_figures_until_it_does(client):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    assert enterprise.size_confirmed_at is None  # registered before the figures were asked
    assessment = assessment_start(enterprise=enterprise, round=current_round())
    client.force_login(user)
    section = reverse("assessment:section", args=[assessment.pk, "D1"])
    assert 'data-role="confirm-size"' in client.get(section).content.decode()
    assert 'data-role="confirm-size"' in client.get(reverse("enterprises:profile")).content.decode()
    client.post(reverse("enterprises:profile"), _profile_data(enterprise))
    assert 'data-role="confirm-size"' not in client.get(section).content.decode()


@pytest.mark.django_db
def test_a_new_registration_stores_the_derived_size(client):
    newcomer = UserFactory()
    client.force_login(newcomer)
    chengdu = City.objects.get(code="510100")
    client.post(
        reverse("enterprises:profile"),
        {
            "name": "成都规模测试有限公司",
            "credit_code": credit_code(31337),
            "industry": Industry.objects.get(code="26").pk,
            "employees": "1200",
            "revenue": "45000",
            "province": chengdu.province_id,
            "city": chengdu.pk,
        },
    )
    enterprise = newcomer.memberships.get().enterprise
    assert (enterprise.size_class, enterprise.above_designated_size) == ("large", True)
    assert enterprise.size_confirmed_at is not None
