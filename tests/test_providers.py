"""供需对接: the park's and province's provider pools, solutions matched to an enterprise's
gaps in its report, requests for contact with what the enterprise agreed to share, ratings
and the spreadsheet import of the pool; every page checked against every role."""

import io

import pytest
from django.urls import reverse

from providers.matching import Gaps, gaps_choose
from providers.models import ContactRequest, Provider, Rating, Solution
from providers.selectors import solutions_matching
from providers.services import contact_request_create, rating_create
from reference.models import Park
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
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
    return Park.objects.get(code="chengdu-hitech")


@pytest.fixture
def world(park):
    """An enterprise of the park with a member, an enterprise of another province, the
    park's administrator, another park's, the province's, and a provider of the park."""
    enterprise = EnterpriseFactory(
        park=park, name="甲机械有限公司", contact_email="jia@example.com"
    )
    other_park = Park.objects.get(code="chengdu-etdz")
    elsewhere = Park.objects.exclude(city__province=park.city.province).first()
    provider = Provider.objects.create(
        park=park, name="云帆数字科技", credit_code=credit_code(), contact_name="王工"
    )
    solution = Solution.objects.create(
        provider=provider, title="设备联网快装包", dimension_codes=["D1"], quick_light=True
    )
    member = enterprise_user(enterprise)
    users = {
        "member": member,
        "other enterprise": enterprise_user(EnterpriseFactory(park=elsewhere)),
        "park admin": park_admin(park),
        "other park admin": park_admin(other_park),
        "province admin": province_admin(park.city.province),
    }
    contact = contact_request_create(
        enterprise=enterprise, solution=solution, user=member, shares=["contact"]
    )
    return {
        "park": park,
        "enterprise": enterprise,
        "provider": provider,
        "solution": solution,
        "contact": contact,
        "users": users,
    }


def _admin_urls(w):
    s = ["park", w["park"].pk]
    p, sol, req = w["provider"].pk, w["solution"].pk, w["contact"].pk
    return [
        reverse("matching:catalogue", args=s),
        reverse("matching:provider_add", args=s),
        reverse("matching:provider_edit", args=[*s, p]),
        reverse("matching:solution_add", args=[*s, p]),
        reverse("matching:solution_edit", args=[*s, p, sol]),
        reverse("matching:import_upload", args=s),
        reverse("matching:requests", args=s),
        reverse("matching:request_detail", args=[*s, req]),
    ]


ADMIN_EXPECTED = {
    "member": 404,
    "other enterprise": 404,
    "park admin": 200,
    "other park admin": 404,
    "province admin": 200,
}


@pytest.mark.parametrize("role", list(ADMIN_EXPECTED))
def test_pool_pages_open_only_to_the_parks_and_provinces_administrators(client, world, role):
    client.force_login(world["users"][role])
    for url in _admin_urls(world):
        assert client.get(url).status_code == ADMIN_EXPECTED[role], url


ENTERPRISE_EXPECTED = {
    # request a solution, rate one's own request, one's own list
    "member": (200, 200, 200),
    "other enterprise": (404, 404, 200),
    "park admin": (404, 404, 404),
    "other park admin": (404, 404, 404),
    "province admin": (404, 404, 404),
}


@pytest.mark.parametrize("role", list(ENTERPRISE_EXPECTED))
def test_request_and_rating_pages_open_only_to_the_enterprises_members(client, world, role):
    client.force_login(world["users"][role])
    urls = [
        reverse("matching:request_create", args=[world["solution"].pk]),
        reverse("matching:rate", args=[world["contact"].pk]),
        reverse("matching:my_requests"),
    ]
    codes = tuple(client.get(url).status_code for url in urls)
    assert codes == ENTERPRISE_EXPECTED[role]


def test_an_import_preview_of_another_park_is_not_found(client, world):
    from providers.models import ProviderImport

    batch = ProviderImport.objects.create(park=world["park"], filename="x.csv")
    url = reverse("matching:import_preview", args=["park", world["park"].pk, batch.pk])
    client.force_login(world["users"]["other park admin"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["park admin"])
    assert client.get(url).status_code == 200


def test_gaps_are_the_weakest_dimensions_and_those_of_missed_targets():
    scores = {"D1": 30.0, "D2": 90.0, "D3": 50.0, "D4": 40.0, "D5": 70.0, "D6": 85.0}
    gaps = gaps_choose(dimension_scores=scores, missed={"uses_industrial_platform": "D6"})
    assert gaps.dimensions == ("D1", "D4", "D3", "D6")
    assert gaps.indicators == {"uses_industrial_platform"}


def test_matching_keeps_solutions_that_fit_the_gap_size_sector_and_region(world, park):
    provider = world["provider"]
    jiangsu = Park.objects.exclude(city__province=park.city.province).first()
    far = Provider.objects.create(park=jiangsu, name="远方服务商", credit_code=credit_code())

    def solution(title, owner=provider, **fields):
        return Solution.objects.create(provider=owner, title=title, **fields)

    solution("安全等保咨询", dimension_codes=["D7"])
    solution("数控化改造", dimension_codes=["D4"], size_classes=["large"])
    solution("上云套餐", dimension_codes=["D2"], industry_codes=["13"])
    solution("平台接入", indicator_codes=["uses_industrial_platform"])
    solution("外省联网", owner=far, dimension_codes=["D1"])
    solution("停售方案", dimension_codes=["D1"], active=False)
    enterprise = world["enterprise"]  # small, industry 34
    found = solutions_matching(
        park_id=park.pk,
        province_id=park.city.province_id,
        city_id=park.city_id,
        size_class=enterprise.size_class,
        industry_code=enterprise.industry.code,
        gaps=Gaps(
            dimensions=("D1", "D4", "D2"), indicators=frozenset({"uses_industrial_platform"})
        ),
    )
    assert [s.title for s in found] == ["平台接入", "设备联网快装包"]


def test_the_report_shows_matching_solutions_of_the_province_pool_with_a_request_button(
    client, world, park, on_commit_now
):
    pool = Provider.objects.create(
        province=park.city.province, name="省级服务商", credit_code=credit_code()
    )
    every = [f"D{n}" for n in range(1, 10)]
    Solution.objects.create(provider=pool, title="全维度诊断", dimension_codes=every)
    Solution.objects.create(
        provider=pool, title="只给大企业", dimension_codes=every, size_classes=["large"]
    )
    assessment = submitted_assessment(world["enterprise"], current_round(), quality=0.3)
    report = Report.objects.get(assessment=assessment)
    client.force_login(world["users"]["member"])
    html = client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    assert "全维度诊断" in html
    assert "只给大企业" not in html
    solution = Solution.objects.get(title="全维度诊断")
    assert reverse("matching:request_create", args=[solution.pk]) in html


def test_unticked_data_never_reaches_the_administrators_view(client, world):
    enterprise = world["enterprise"]
    submitted_assessment(enterprise, current_round())
    client.force_login(world["users"]["member"])
    url = reverse("matching:request_create", args=[world["solution"].pk])
    response = client.post(url, {"shares": ["contact"], "message": "想了解报价"})
    assert response.status_code == 302
    contact = ContactRequest.objects.latest("pk")
    assert contact.shares == ["contact"]
    assert set(contact.shared) == {"contact"}
    assert contact.park == world["park"]

    client.force_login(world["users"]["park admin"])
    detail = reverse("matching:request_detail", args=["park", world["park"].pk, contact.pk])
    html = client.get(detail).content.decode()
    assert "jia@example.com" in html
    assert "shared-scores" not in html and "shared-answers" not in html

    client.force_login(world["users"]["member"])
    client.post(url, {"shares": ["scores", "answers"]})
    shared = ContactRequest.objects.latest("pk")
    assert set(shared.shared) == {"scores", "answers"}
    assert {a["dimension"] for a in shared.shared["answers"]} == {"D1"}
    client.force_login(world["users"]["park admin"])
    detail = reverse("matching:request_detail", args=["park", world["park"].pk, shared.pk])
    html = client.get(detail).content.decode()
    assert "shared-scores" in html and "shared-answers" in html
    assert "jia@example.com" not in html


def test_the_administrator_arranges_a_request_and_the_enterprise_rates_it_once(client, world):
    contact = world["contact"]
    client.force_login(world["users"]["park admin"])
    url = reverse("matching:request_detail", args=["park", world["park"].pk, contact.pk])
    client.post(url, {"status": "arranged", "notes": "已约 3 月 5 日上门"})
    contact.refresh_from_db()
    assert (contact.status, contact.notes) == ("arranged", "已约 3 月 5 日上门")

    client.force_login(world["users"]["member"])
    rate = reverse("matching:rate", args=[contact.pk])
    client.post(rate, {"score": "4", "comment": "响应快"})
    client.post(rate, {"score": "1", "comment": "再评一次"})
    assert list(Rating.objects.values_list("score", "comment")) == [(4, "响应快")]


def test_a_new_request_cannot_be_rated_yet(client, world):
    client.force_login(world["users"]["member"])
    client.post(reverse("matching:rate", args=[world["contact"].pk]), {"score": "5"})
    assert not Rating.objects.exists()


def test_the_average_rating_shows_to_enterprises_only_from_five_ratings(client, world):
    solution, member = world["solution"], world["users"]["member"]

    def rated(score):
        contact = contact_request_create(
            enterprise=world["enterprise"], solution=solution, user=member, shares=[]
        )
        contact.status = ContactRequest.Status.CLOSED
        contact.save()
        rating_create(request=contact, score=score)

    for score in (5, 4, 4, 3):
        rated(score)
    client.force_login(member)
    page = reverse("matching:request_create", args=[solution.pk])
    html = client.get(page).content.decode()
    assert "solution-rating" in html and "平均 4.0" not in html and "评价不足 5 条" in html
    client.force_login(world["users"]["park admin"])
    catalogue = reverse("matching:catalogue", args=["park", world["park"].pk])
    assert "4.0 分（4 条）" in client.get(catalogue).content.decode()

    rated(5)
    client.force_login(member)
    assert "平均 4.2 分（5 条）" in client.get(page).content.decode()


def _csv(*rows: str) -> io.BytesIO:
    header = "服务商名称,统一社会信用代码,联系人,解决方案,维度,规模,价格区间,小快轻准\n"
    data = io.BytesIO((header + "\n".join(rows) + "\n").encode("utf-8"))
    data.name = "providers.csv"
    return data


def test_import_previews_row_errors_and_imports_nothing_until_clean(client, world):
    park = world["park"]
    client.force_login(world["users"]["park admin"])
    upload = reverse("matching:import_upload", args=["park", park.pk])
    good, bad = credit_code(), "91510100MA6T000000"
    response = client.post(
        upload,
        {"file": _csv(f"乙科技,{good},李工,MES 轻量版,D6,小型,low,是", f"丙科技,{bad},,,D12,,,")},
    )
    preview = response["Location"]
    html = client.get(preview).content.decode()
    assert "统一社会信用代码无效" in html and "未知的维度代码：D12" in html
    client.post(preview)
    assert not Provider.objects.filter(credit_code=good).exists()

    response = client.post(
        upload,
        {
            "file": _csv(
                f"乙科技,{good},李工,MES 轻量版,D6,小型、微型,low,是",
                f"乙科技,{good},李工,能耗监测,D9,,medium,",
            )
        },
    )
    client.post(response["Location"])
    provider = Provider.objects.get(credit_code=good)
    assert provider.park == park
    assert sorted(provider.solutions.values_list("title", "quick_light")) == [
        ("MES 轻量版", True),
        ("能耗监测", False),
    ]
    assert provider.solutions.get(title="MES 轻量版").size_classes == ["small", "micro"]
    client.post(response["Location"])  # a second confirm imports nothing more
    assert provider.solutions.count() == 2


def test_the_park_dashboard_shows_open_requests_and_provider_ratings(client, world):
    submitted_assessment(world["enterprise"], current_round())
    contact = world["contact"]
    contact.status = ContactRequest.Status.CLOSED
    contact.save()
    rating_create(request=contact, score=3)
    client.force_login(world["users"]["park admin"])
    html = client.get(reverse("cohorts:dashboard", args=["park", world["park"].pk])).content
    html = html.decode()
    assert "供需对接" in html
    assert "已结束 <strong>1</strong>" in html
    assert "云帆数字科技" in html and "3.0" in html


def test_the_action_plan_offers_solutions_for_the_dimensions_of_its_actions(client, world):
    from actions.services import action_create

    provider = world["provider"]
    Solution.objects.create(provider=provider, title="研发设计上云", dimension_codes=["D3"])
    member = world["users"]["member"]
    action_create(
        enterprise=world["enterprise"], user=member, title="联网试点", dimension_code="D1"
    )
    client.force_login(member)
    html = client.get(reverse("actions:plan")).content.decode()
    assert "设备联网快装包" in html
    assert "研发设计上云" not in html
    assert reverse("matching:request_create", args=[world["solution"].pk]) in html


def test_a_provider_is_added_with_a_checked_credit_code_once_per_pool(client, world):
    park = world["park"]
    client.force_login(world["users"]["park admin"])
    add = reverse("matching:provider_add", args=["park", park.pk])
    code = credit_code()
    bad = code[:17] + ("0" if code[17] != "0" else "1")
    html = client.post(add, {"name": "丁科技", "credit_code": bad}).content.decode()
    assert "校验位不正确" in html
    response = client.post(add, {"name": "丁科技", "credit_code": code.lower()})
    assert response.status_code == 302
    assert Provider.objects.get(credit_code=code).park == park
    html = client.post(add, {"name": "丁科技二", "credit_code": code}).content.decode()
    assert "资源池中已有该统一社会信用代码的服务商" in html


def test_a_request_of_an_enterprise_without_park_goes_to_its_province(client, world, park):
    province = park.city.province
    enterprise = EnterpriseFactory(park=None, city=park.city)
    member = enterprise_user(enterprise)
    contact = contact_request_create(
        enterprise=enterprise, solution=world["solution"], user=member, shares=[]
    )
    assert (contact.park, contact.province) == (None, province)
    park_url = reverse("matching:request_detail", args=["park", park.pk, contact.pk])
    province_url = reverse("matching:request_detail", args=["province", province.pk, contact.pk])
    client.force_login(world["users"]["park admin"])
    assert client.get(park_url).status_code == 404
    client.force_login(world["users"]["province admin"])
    html = client.get(province_url).content.decode()
    assert "企业未同意提供任何信息" in html
