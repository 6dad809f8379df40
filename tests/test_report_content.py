"""What a report says: the hand-computed CNC case, targets, peers, progress."""

import pytest

from assessment.models import Assessment
from reference.models import City, Park
from reports.models import Report
from tests.factories import EnterpriseFactory, current_round, enterprise_user, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_built_on_submit(on_commit_now):
    pass


CNC_30_OF_50 = {"D4_cnc_key_processes": {"part": 30, "whole": 50}}


def _content(assessment: Assessment, language: str = "zh-hans") -> dict:
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.DONE, report.error
    return report.content_in(language)


def _target(content: dict, indicator: str) -> dict:
    return next(row for row in content["targets"]["rows"] if row["indicator"] == indicator)


def test_sichuan_enterprise_with_30_of_50_cnc_key_processes_is_at_60_percent_meeting_55(
    on_commit_now, client
):
    user = enterprise_user()
    enterprise = user.memberships.get().enterprise
    assessment = submitted_assessment(enterprise, seed=1, overrides=CNC_30_OF_50)
    report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.DONE, report.error
    content = report.content_in("zh-hans")
    cnc = _target(content, "cnc_key_process_rate")
    assert content["enterprise"]["province"] == "四川省"
    assert content["targets"]["fallback"] is False
    assert (cnc["value"], cnc["target"], cnc["comparison"], cnc["met"]) == (60.0, 55.0, ">", True)
    assert cnc["gap"] == 0.0
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "关键工序数控化率 &gt; 55.0%" in page
    assert "60.0%" in page and "已达到" in page


def test_cnc_rate_below_the_target_is_missed_with_its_gap():
    assessment = submitted_assessment(
        seed=2, overrides={"D4_cnc_key_processes": {"part": 1, "whole": 4}}
    )
    cnc = _target(_content(assessment), "cnc_key_process_rate")
    assert (cnc["value"], cnc["met"], cnc["gap"]) == (25.0, False, 30.0)


def test_cohort_mean_and_pooled_cnc_rate_are_shown_once_five_others_have_a_value():
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    parts = [(30, 50), (10, 10), (0, 10), (5, 10), (1, 20), (12, 20)]
    for seed, (part, whole) in enumerate(parts):
        last = submitted_assessment(
            EnterpriseFactory(park=park),
            seed=seed,
            overrides={"D4_cnc_key_processes": {"part": part, "whole": whole}},
        )
    cnc = _target(_content(last), "cnc_key_process_rate")
    park_cohort = next(c for c in cnc["cohorts"] if c["label"].startswith("本园区"))
    # The sixth submission brings the park's snapshot up to date (a batch of five new):
    # rates 60, 100, 0, 50, 5, 60: mean 45.8; pooled 58 / 120
    assert park_cohort["shown"] and park_cohort["size"] == 6
    assert park_cohort["value"] == 45.8
    assert park_cohort["pooled"] == 48.3
    assert park_cohort["met"] is False


def test_population_target_says_whether_the_enterprise_counts_towards_it():
    uses = submitted_assessment(seed=3, overrides={"D3_design_tools": ["cad_3d"]})
    row = _target(_content(uses), "uses_digital_design_tools")
    assert row["kind"] == "population" and row["counts"] is True
    assert "value" not in row  # one enterprise has no share of its own
    province = next(c for c in row["cohorts"] if c["label"].startswith("本省"))
    assert province["shown"] is False and province["size"] == 1


def test_a_peer_group_of_fewer_than_five_is_not_shown_and_the_report_says_so():
    assessment = submitted_assessment(seed=4)
    content = _content(assessment)
    assert all(not g["shown"] for g in content["peers"])
    assert [g["key"] for g in content["peers"]] == ["park", "industry", "size"]


def test_peer_rank_and_median_among_five_peers_in_the_park_without_quartiles():
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    assessments = [
        submitted_assessment(EnterpriseFactory(park=park), quality=q, seed=i)
        for i, q in enumerate([0.1, 0.3, 0.5, 0.7, 0.8, 0.9])
    ]
    best = assessments[-1]
    park_group = _content(best)["peers"][0]
    peers = sorted(a.overall_score for a in assessments[:-1])
    assert park_group["shown"] and park_group["size"] == 5  # the enterprise itself not counted
    assert park_group["overall"]["median"] == round(peers[2], 1)
    assert park_group["overall"]["rank"] == 100.0  # all five peers below
    assert park_group["overall"]["p25"] is None and park_group["overall"]["p10"] is None
    assert len(park_group["dimensions"]) == 9


def test_province_without_targets_falls_back_to_national_and_says_so():
    city = City.objects.get(code="420100")
    enterprise = EnterpriseFactory(park=None, city=city, province=city.province)
    content = _content(submitted_assessment(enterprise, seed=5))
    assert content["targets"]["fallback"] is True
    assert {row["code"] for row in content["targets"]["rows"]} >= {
        "cn_cnc_2025",
        "cn_design_tools_2025",
    }


def test_progress_since_the_previous_round_of_the_same_enterprise():
    enterprise = EnterpriseFactory()
    before = submitted_assessment(enterprise, current_round(2025), quality=0.2, seed=6)
    now = submitted_assessment(enterprise, current_round(2026), quality=0.8, seed=6)
    content = _content(now)
    progress = content["progress"]
    assert progress["overall_before"] == round(before.overall_score, 1)
    assert progress["overall_change"] == round(now.overall_score - before.overall_score, 1)
    assert _content(before)["progress"] is None


def test_report_has_english_content_and_the_methodology_version():
    assessment = submitted_assessment(seed=7)
    english = _content(assessment, "en")
    assert english["targets"]["rows"][0]["name"].startswith(("CNC", "Share"))
    assert english["methodology"]["version"] == str(assessment.questionnaire)
    assert Report.objects.get(assessment=assessment).methodology_version == str(
        assessment.questionnaire
    )
