"""The cohort dashboard shows the figures one computes by hand from a small cohort."""

import re
import statistics

import pytest
from django.urls import reverse

from assessment.models import Assessment
from reference.models import Industry, Park, Province
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    current_round,
    park_admin,
    province_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db

# (CNC pair, design tools, platform use, quality) for six enterprises of one park.
COHORT = [
    ({"part": 3, "whole": 10}, ["cad_2d"], ["none"], 0.2),
    ({"part": 5, "whole": 5}, ["cad_3d", "cae"], ["sector"], 0.8),
    ({"part": 0, "whole": 4}, ["none"], ["none"], 0.1),
    ({"part": 6, "whole": 8}, ["cad_2d", "pdm_plm"], ["cross_industry"], 0.6),
    ({"part": 2, "whole": 2}, ["capp"], ["none"], 0.5),
    ({"part": 1, "whole": 4}, ["none"], ["specialised"], 0.4),
]


def _park():
    return Park.objects.get(code="chengdu-hitech")


def _cohort(park, round_=None):
    assessments = []
    for i, (cnc, tools, platform, quality) in enumerate(COHORT):
        enterprise = EnterpriseFactory(park=park, above_designated_size=i % 2 == 0)
        assessments.append(
            submitted_assessment(
                enterprise,
                round_ or current_round(),
                quality=quality,
                seed=i,
                overrides={
                    "D4_cnc_key_processes": cnc,
                    "D3_design_tools": tools,
                    "D5_platform_use": platform,
                },
            )
        )
    return assessments


def _figure(html: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', html).group(1).strip()


def _target_row(html: str, code: str) -> str:
    return re.search(rf'<tr data-target="{code}">(.*?)</tr>', html, re.S).group(1)


def _dimension_row(html: str, code: str) -> list[str]:
    row = re.search(rf'<tr data-dimension="{code}">(.*?)</tr>', html, re.S).group(1)
    return re.findall(r'<td class="text-end">([^<]*)</td>', row)


def _f(x: float) -> str:
    return f"{x:.1f}"


def test_park_dashboard_shows_the_hand_computed_figures(client):
    park = _park()
    assessments = _cohort(park)
    EnterpriseFactory(park=park)  # invited, not started
    client.force_login(park_admin(park))

    html = client.get(reverse("cohorts:dashboard", args=["park", park.pk])).content.decode()

    scores = [a.overall_score for a in assessments]
    _q1, median, _q3 = statistics.quantiles(scores, n=4, method="inclusive")
    assert _figure(html, "invited") == "7"
    assert _figure(html, "started") == "6"
    assert _figure(html, "submitted") == "6"
    assert _figure(html, "n") == "6"
    assert _figure(html, "mean") == _f(statistics.mean(scores))
    assert _figure(html, "median") == _f(median)
    # Quartiles need 10 enterprises (with the median they would give 6 values back).
    assert _figure(html, "iqr") == "—" and 'data-figure="quartiles-withheld"' in html
    for level in range(1, 6):
        count = sum(a.level == level for a in assessments)
        assert f'data-level="{level}">{count}<' in html

    d3 = [a.scores["D3"] for a in assessments]
    _dq1, dmedian, _dq3 = statistics.quantiles(d3, n=4, method="inclusive")
    assert _dimension_row(html, "D3") == ["—", _f(dmedian), "—", _f(statistics.mean(d3))]

    # Sichuan's own targets: design tools > 80 % (4 of 6 use one), CNC > 55 % (mean of rates).
    design = _target_row(html, "sc_design_tools_2023")
    assert "66.7%" in design and "未达到" in design and "-13.3" in design
    rates = [100 * c["part"] / c["whole"] for c, *_rest in COHORT]
    cnc = _target_row(html, "sc_cnc_2023")
    assert f"{statistics.mean(rates):.1f}%" in cnc  # 55.0: not above 55
    pooled = 100 * sum(c["part"] for c, *_r in COHORT) / sum(c["whole"] for c, *_r in COHORT)
    assert f'<span class="pooled">{pooled:.1f}%</span>' in cnc  # 17 / 33 = 51.5
    assert "未达到" in cnc
    # No Sichuan platform target: the national one (>= 45 %) applies; 3 of 6 = 50 %.
    platform = _target_row(html, "cn_platform_use_2025")
    assert "50.0%" in platform and "达到" in platform
    flags = [a.indicators["uses_industrial_platform"] for a in Assessment.objects.all()]
    assert flags.count(100) == 3


def test_every_figure_follows_the_filters(client):
    park = _park()
    _cohort(park)
    client.force_login(park_admin(park))
    url = reverse("cohorts:dashboard", args=["park", park.pk])

    above = client.get(url, {"above": "1"}).content.decode()
    other_industry = Industry.objects.get(code="13")
    empty = client.get(url, {"industry": other_industry.pk}).content.decode()

    assert _figure(above, "submitted") == "3"
    assert 'data-figure="suppressed"' in above  # 3 < 5: no statistics
    assert 'data-figure="mean"' not in above
    assert _figure(empty, "submitted") == "0"


def test_change_since_the_previous_round_is_shown(client):
    park = _park()
    previous = current_round(2025)
    for i in range(5):
        submitted_assessment(
            EnterpriseFactory(park=park),
            previous,
            seed=i,
            overrides={"D3_design_tools": ["cad_2d"] if i < 4 else ["none"]},
        )
    _cohort(park)
    client.force_login(park_admin(park))

    html = client.get(reverse("cohorts:dashboard", args=["park", park.pk])).content.decode()

    row = _target_row(html, "sc_design_tools_2023")
    assert "80.0%" in row  # previous round: 4 of 5
    assert re.search(r'class="text-end change">-13.3<', row)  # 66.7 - 80.0


def test_province_compares_parks_and_hides_tiny_ones(client):
    park = _park()
    _cohort(park)
    small = Park.objects.get(code="mianyang-hitech")
    submitted_assessment(EnterpriseFactory(park=small), seed=9)
    province = Province.objects.get(code="510000")
    client.force_login(province_admin(province))

    html = client.get(reverse("cohorts:dashboard", args=["province", province.pk])).content
    html = html.decode()

    assert _figure(html, "submitted") == "7"
    assert park.name_zh in html and small.name_zh in html
    small_row = re.search(rf"<td>{small.name_zh}</td>(.*?)</tr>", html, re.S).group(1)
    assert "不足 5 家" in small_row
    assert html.count("<svg") >= 5  # histogram, levels, dimensions, targets, parks, cities


def test_heat_map_lists_the_cohort_with_a_drill_down(client):
    park = _park()
    assessments = _cohort(park)
    client.force_login(park_admin(park))

    html = client.get(reverse("cohorts:dashboard", args=["park", park.pk])).content.decode()

    for a in assessments:
        assert a.enterprise.name in html
        report = Report.objects.filter(assessment=a).first()
        link = (
            reverse("reports:detail", args=[report.pk])
            if report
            else reverse("reports:rebuild_for_assessment", args=[a.pk])
        )
        assert link in html


def test_charts_are_svg_with_a_chinese_font(client):
    park = _park()
    _cohort(park)
    client.force_login(park_admin(park))

    html = client.get(reverse("cohorts:dashboard", args=["park", park.pk])).content.decode()

    assert "Noto Sans CJK SC" in html
    assert "总分分布" in html and "<svg" in html
    assert "kozea.github.io" not in html  # no chart script from elsewhere
