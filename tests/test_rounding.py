"""One rounding, half-up to one decimal, as the methodology promises: in the method, in a
report's stored content and in the cohort figures shown. Python's round would give 2.2
for 2.25 and 0.1 for 0.15; a float average of 72.4 and 72.5 reads 72.44999999999999."""

import re
from unittest import mock

import pytest

from assessment.method import round1
from reference.models import Park
from reports.models import Report
from reports.pdf import MissingCJKFont
from reports.services import report_build, report_claim
from tests.factories import EnterpriseFactory, park_admin, submitted_assessment


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (2.25, 2.3),
        (2.35, 2.4),
        (0.05, 0.1),
        (72.45, 72.5),
        (0.15, 0.2),
        (72.44999999999999, 72.5),
        (-0.05, -0.1),
        (72.44, 72.4),
        (None, None),
    ],
)
def test_round1_is_half_up_on_the_decimal_the_number_stands_for(value, shown):
    assert round1(value) == shown


# Two CNC rates, three enterprises each, whose mean falls on a .x5 boundary.
BOUNDARIES = [
    ({"part": 11, "whole": 500}, {"part": 23, "whole": 1000}, 2.3),  # 2.2, 2.3 → 2.25
    ({"part": 23, "whole": 1000}, {"part": 12, "whole": 500}, 2.4),  # 2.3, 2.4 → 2.35
    ({"part": 0, "whole": 10}, {"part": 1, "whole": 1000}, 0.1),  # 0.0, 0.1 → 0.05
    ({"part": 362, "whole": 500}, {"part": 145, "whole": 200}, 72.5),  # 72.4, 72.5 → 72.45
]


def _park_of_six(low: dict, high: dict):
    park = Park.objects.filter(city__province__code="510000").order_by("code").first()
    return park, [
        submitted_assessment(
            EnterpriseFactory(park=park),
            seed=20 + i,
            overrides={"D4_cnc_key_processes": low if i % 2 else high},
        )
        for i in range(6)
    ]


def _report_content(assessment) -> dict:
    """The stored content of the assessment's report, built now (without its PDF)."""
    report = Report.objects.get(assessment=assessment)
    report_claim(report_id=report.pk, token="t")
    with mock.patch("reports.services.html_to_pdf", side_effect=MissingCJKFont("skipped")):
        report_build(report_id=report.pk, token="t")
    report.refresh_from_db()
    return report.content_in("zh-hans")


@pytest.mark.django_db
@pytest.mark.parametrize(("low", "high", "mean"), BOUNDARIES)
def test_a_reports_stored_cohort_mean_is_rounded_half_up(low, high, mean):
    _park, assessments = _park_of_six(low, high)
    content = _report_content(assessments[-1])
    cnc = next(r for r in content["targets"]["rows"] if r["indicator"] == "cnc_key_process_rate")
    shown = [c for c in cnc["cohorts"] if c["shown"]]
    assert shown, "six enterprises in one park and province make a cohort that is shown"
    assert {c["value"] for c in shown} == {mean}


@pytest.mark.django_db
def test_the_cohort_dashboard_shows_the_same_half_up_figure(client):
    park, _assessments = _park_of_six(*BOUNDARIES[1][:2])
    client.force_login(park_admin(park))
    page = client.get(f"/cohorts/park/{park.pk}/").content.decode()
    values = re.findall(
        r'data-target="[a-z]+_cnc_[^"]*".*?class="text-end value">([^<%]*)%', page, re.S
    )
    assert values and set(values) == {"2.4"}, values


def test_the_figures_filter_rounds_a_float_sum_as_its_decimal():
    """A database average of 2.3 and 2.4 summed in binary can read 2.3499999999999996:
    floatformat would show 2.3, the product shows 2.4."""
    from django.template.defaultfilters import floatformat

    from assessment.templatetags.figures import one_decimal

    noisy = sum([2.4, 2.3, 2.4, 2.3, 2.4, 2.3]) / 6
    assert floatformat(noisy, 1) == "2.3"
    assert one_decimal(noisy) == "2.4"
    assert one_decimal(60) == "60.0" and one_decimal(None) == ""
