"""Peer and cohort figures cannot be used to recover any one enterprise's values: each
attack an enterprise user could try is replayed and must recover nothing."""

import re

import pytest
from django.urls import reverse

from assessment.benchmarks import MIN_GROUP, complementary_shown, spread_shown
from assessment.models import Assessment
from benchmarking.services import peer_snapshot_compute
from cohorts.filters import CohortFilters, Scope
from cohorts.services import _section_html
from reference.models import Industry, Park
from reports.models import Report
from reports.services import report_request
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    park_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

NO_KEY_PROCESSES = {"D4_cnc_key_processes": {"part": 0, "whole": 0}}


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


def _park() -> Park:
    return Park.objects.get(code="chengdu-hitech")


def _content(assessment: Assessment) -> dict:
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.DONE, report.error
    return report.content_in("zh-hans")


def _park_group(content: dict) -> dict:
    return next(g for g in content["peers"] if g["key"] == "park")


def _cohort(content: dict, indicator: str, label: str) -> dict:
    row = next(r for r in content["targets"]["rows"] if r["indicator"] == indicator)
    return next(c for c in row["cohorts"] if c["label"].startswith(label))


def _park_of(count: int, park: Park | None = None, **kwargs) -> list[Assessment]:
    park = park or _park()
    return [
        submitted_assessment(EnterpriseFactory(park=park), quality=0.1 + 0.12 * i, seed=i, **kwargs)
        for i in range(count)
    ]


def test_five_in_a_park_counting_the_enterprise_itself_show_no_peer_figures():
    last = _park_of(5)[-1]
    peer_snapshot_compute(round=last.round, kind="park", key=str(last.park_id))
    report_request(assessment=last)
    group = _park_group(_content(last))
    assert group["size"] == 4 and group["shown"] is False
    assert "overall" not in group


def test_five_peers_and_self_show_rank_and_median_but_no_quantiles_to_invert():
    assessments = _park_of(6)
    group = _park_group(_content(assessments[-1]))
    assert group["size"] == 5 and group["shown"]
    for figure in [group["overall"], *group["dimensions"]]:
        # P10, P25, median, P75, P90 of five values would give back all five.
        assert [figure[p] for p in ("p10", "p25", "p75", "p90")] == [None] * 4
        assert figure["median"] is not None
    page = Report.objects.get(assessment=assessments[-1])
    assert page.content_in("zh-hans")["spread_floors"] == {"quartiles": 10, "deciles": 20}


def test_rebuilding_after_one_new_peer_shows_the_same_peer_figures_with_the_same_date():
    first, *_rest = _park_of(6, overrides=NO_KEY_PROCESSES)
    report_request(assessment=first)  # the sixth brought the park's snapshot up to date
    before = _content(first)
    assert _park_group(before)["shown"]
    # A new peer with a distinctive CNC rate and design-tool use submits; the first
    # enterprise rebuilds its report to see what moved.
    submitted_assessment(
        EnterpriseFactory(park=_park()),
        quality=0.95,
        seed=40,
        overrides={"D4_cnc_key_processes": {"part": 7, "whole": 9}, "D3_design_tools": ["cad_3d"]},
    )
    report_request(assessment=first)
    after = _content(first)
    assert after["peers"] == before["peers"]
    assert after["targets"] == before["targets"]
    assert _park_group(after)["as_of"] == _park_group(before)["as_of"] != ""


def test_peer_figures_move_once_a_batch_of_new_peers_has_submitted():
    first, *_rest = _park_of(6)
    report_request(assessment=first)
    before = _park_group(_content(first))
    for i in range(MIN_GROUP):
        submitted_assessment(EnterpriseFactory(park=_park()), quality=0.9, seed=50 + i)
    report_request(assessment=first)
    after = _park_group(_content(first))
    assert (before["size"], after["size"]) == (5, 10)
    assert after["overall"]["p25"] is not None and after["overall"]["p10"] is None


def test_report_shows_the_date_of_its_peer_figures(client):
    park = _park()
    _park_of(5, park=park)
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    enterprise.park, enterprise.city, enterprise.province = park, park.city, park.city.province
    enterprise.save()
    own = submitted_assessment(enterprise, seed=20)
    report = Report.objects.get(assessment=own)
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    as_of = _park_group(_content(own))["as_of"]
    assert as_of and f"同行数据截至 {as_of}" in page


def test_a_park_of_five_with_one_cnc_answer_shows_no_cnc_mean(client):
    park = _park()
    for i in range(4):
        submitted_assessment(EnterpriseFactory(park=park), seed=i, overrides=NO_KEY_PROCESSES)
    one = submitted_assessment(
        EnterpriseFactory(park=park),
        seed=9,
        overrides={"D4_cnc_key_processes": {"part": 3, "whole": 4}},
    )
    client.force_login(park_admin(park))
    html = client.get(reverse("cohorts:dashboard", args=["park", park.pk])).content.decode()
    cnc = re.search(r'<tr data-target="sc_cnc_2023">(.*?)</tr>', html, re.S).group(1)
    assert "75.0" not in cnc and "不显示" in cnc
    assert 'data-figure="mean"' in html  # the cohort itself (5 submitted) is shown
    # Nor in the report of the one that answered: no other enterprise has a rate.
    assert _cohort(_content(one), "cnc_key_process_rate", "本园区")["shown"] is False


def _pdf_section(park: Park, filters: CohortFilters) -> str:
    return _section_html(Scope(park=park, province=park.city.province), filters, compare=True)


def test_two_filters_differing_by_one_enterprise_are_not_both_published():
    park = _park()
    industry = Industry.objects.get(code="34")
    for i in range(6):
        submitted_assessment(EnterpriseFactory(park=park, industry=industry), seed=i)
    other = Industry.objects.exclude(pk=industry.pk).filter(code__regex=r"^\d\d$").first()
    submitted_assessment(EnterpriseFactory(park=park, industry=other), seed=7)
    round_ = current_round()
    everyone = _pdf_section(park, CohortFilters(round=round_))
    narrowed = _pdf_section(park, CohortFilters(round=round_, industry=industry))
    published = ['data-figure="mean"' in html for html in (everyone, narrowed)]
    assert published == [True, False]
    assert "与上级群体相差不足 5 家" in narrowed


def test_a_park_section_within_five_of_its_province_is_not_published():
    park = _park()
    _park_of(6, park=park)
    elsewhere = Park.objects.filter(city__province=park.city.province).exclude(pk=park.pk).first()
    submitted_assessment(EnterpriseFactory(park=elsewhere), seed=30)
    html = _pdf_section(park, CohortFilters(round=current_round()))
    assert 'data-figure="mean"' not in html and 'data-figure="withheld"' in html


def test_complementary_suppression_leaves_no_remainder_of_fewer_than_five():
    # 22 in the province: parks of 10 and 10 would leave 2 to subtraction.
    assert complementary_shown(total=22, sizes=[10, 10]) == [False, True]
    assert complementary_shown(total=30, sizes=[10, 10]) == [True, True]
    assert complementary_shown(total=12, sizes=[10]) == [False]


def test_spread_rule_of_the_rule_book():
    assert spread_shown(4) == dict.fromkeys(spread_shown(4), False)
    shown = spread_shown(10)
    assert shown["median"] and shown["p25"] and not shown["p10"]
    assert all(spread_shown(20).values())


def test_methodology_page_says_what_is_published_and_why(client):
    page = client.get("/methodology/", {"lang": "zh-hans"}).content.decode()
    published = re.search(r'data-rule="published">(.*?)</ul>', page, re.S).group(1)
    assert "P25/P75（四分位）需至少 10 家" in published and "P10/P90 需至少 20 家" in published
    assert "新增至少 5 家提交" in published and "不单独发布" in published
    assert "PERCENTILE_CONT" in published and "相同企业数的一半" in published
