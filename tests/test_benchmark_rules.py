"""One rule book for benchmarks: the report, the dashboards and the methodology page hold
an enterprise to the same targets; a target's year decides whether it is the current goal
or history."""

import re

import pytest
from django.urls import reverse

from assessment.benchmarks import MIN_GROUP, targets_held
from assessment.models import Target
from reference.models import Park, Province
from reports.models import Report
from tests.factories import EnterpriseFactory, current_round, park_admin, submitted_assessment

pytestmark = pytest.mark.django_db


def _targets_on(html: str) -> set[str]:
    return set(re.findall(r'data-target="([^"]+)"', html))


def test_the_report_the_park_dashboard_and_the_methodology_page_list_the_same_targets(
    client, on_commit_now
):
    park = Park.objects.get(code="chengdu-hitech")
    assessments = [
        submitted_assessment(EnterpriseFactory(park=park), seed=i) for i in range(MIN_GROUP)
    ]
    enterprise = assessments[0].enterprise
    report = Report.objects.get(assessment=assessments[0])

    member = enterprise.memberships.create(user=_user("owner")).user
    client.force_login(member)
    on_report = _targets_on(
        client.get(reverse("reports:detail", args=[report.pk])).content.decode()
    )

    client.force_login(park_admin(park))
    dashboard = client.get(reverse("cohorts:dashboard", args=["park", park.pk])).content.decode()
    on_dashboard = _targets_on(dashboard)

    methodology = client.get("/methodology/", {"province": "510000"}).content.decode()
    applicable = re.search(r'data-applicable="510000">(.*?)</table>', methodology, re.S).group(1)
    on_methodology = _targets_on(applicable)

    # Sichuan's own CNC and design-tools targets; national ones where Sichuan has none.
    assert on_report == on_dashboard == on_methodology
    assert {"sc_cnc_2023", "sc_design_tools_2023", "cn_platform_use_2025"} <= on_report
    assert "cn_cnc_2025" not in on_report  # Sichuan has its own CNC target


def _user(name):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username=name, password="x")


def _target(code, *, year, value, province=None, indicator="cnc_key_process_rate"):
    return Target.objects.create(
        code=code,
        province=province,
        indicator_code=indicator,
        name_zh="关键工序数控化率",
        name_en="CNC rate of key processes",
        comparison=Target.Comparison.GT,
        value=value,
        year=year,
        kind=Target.Kind.ENTERPRISE,
        source="测试",
    )


def test_of_several_years_the_nearest_goal_still_ahead_is_current_and_older_ones_history():
    hebei = Province.objects.get(code="130000")
    _target("hb_cnc_2023", year=2023, value=50, province=hebei)
    _target("hb_cnc_2027", year=2027, value=65, province=hebei)
    _target("hb_cnc_2030", year=2030, value=70, province=hebei)

    cnc = next(
        h for h in targets_held(province_id=hebei.pk, year=2026) if h.target.code.startswith("hb_")
    )
    assert cnc.target.code == "hb_cnc_2027"
    assert [t.code for t in cnc.history] == ["hb_cnc_2023"]
    assert not cnc.past and not cnc.national


def test_when_every_goal_has_passed_the_latest_is_kept_and_marked_past():
    hebei = Province.objects.get(code="130000")
    _target("hb_cnc_2021", year=2021, value=45, province=hebei)
    _target("hb_cnc_2024", year=2024, value=55, province=hebei)

    cnc = next(
        h for h in targets_held(province_id=hebei.pk, year=2026) if h.target.code.startswith("hb_")
    )
    assert cnc.target.code == "hb_cnc_2024"
    assert cnc.past
    assert [t.code for t in cnc.history] == ["hb_cnc_2021"]


def test_a_province_without_a_target_for_an_indicator_is_held_to_the_national_one():
    held = {
        h.target.code: h
        for h in targets_held(province_id=Province.objects.get(code="130000").pk, year=2026)
    }
    assert held["cn_cnc_2025"].national
    assert held["cn_cnc_2025"].past  # 2025 is before the 2026 round and nothing newer exists
    assert "cn_cnc_2021" not in held  # an older national figure is not a current goal
    assert all(not code.startswith("sc_") for code in held)


def test_the_methodology_page_states_the_floor_and_the_pooled_indicators(client):
    html = client.get("/methodology/").content.decode()
    rules = re.search(r'data-rule="benchmarks">(.*?)</ul>', html, re.S).group(1)
    assert f"少于 {MIN_GROUP} 家" in rules
    assert 'data-pooled="cnc_key_process_rate"' in rules
    assert current_round() is not None


def test_a_target_on_an_indicator_a_version_does_not_compute_is_not_held_in_its_rounds():
    from assessment.models import Questionnaire

    call_command_quiet("load_targets")
    v2026 = Questionnaire.objects.get(version="2026.1")
    v2027 = Questionnaire.objects.get(version="2027.1")
    held_2026 = {t.code for t in targets_applicable_for(v2026)}
    held_2027 = {t.code for t in targets_applicable_for(v2027)}
    # The formal CMMM level is asked from DTMA 2027.1 on: its national target applies there.
    assert "cn_im_maturity_2_2025" in held_2027
    assert "cn_im_maturity_2_2025" not in held_2026


def targets_applicable_for(questionnaire):
    from assessment.benchmarks import targets_applicable

    sichuan = Province.objects.get(code="510000")
    return targets_applicable(province_id=sichuan.pk, year=2027, questionnaire_id=questionnaire.pk)


def call_command_quiet(name):
    import io

    from django.core.management import call_command

    call_command(name, stdout=io.StringIO())
