"""Who may see a report and download its PDF: the enterprise's users, its park's and its
province's administrators; anyone else gets a 404."""

import pytest
from django.conf import settings

from reference.models import Park, Province
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    enterprise_user,
    park_admin,
    province_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(on_commit_now):
    enterprise = EnterpriseFactory(name="绵阳示范电子有限公司")
    return Report.objects.get(assessment=submitted_assessment(enterprise, seed=41))


def _pages(report):
    return [
        f"/reports/{report.pk}/",
        f"/reports/{report.pk}/status/",
        f"/reports/{report.pk}/status.json",
        f"/reports/{report.pk}/pdf/",
    ]


@pytest.mark.parametrize("who", ["member", "park admin", "province admin"])
def test_the_enterprise_its_park_and_its_province_can_read_and_download(report, client, who):
    enterprise = report.assessment.enterprise
    user = {
        "member": lambda: enterprise_user(enterprise),
        "park admin": lambda: park_admin(enterprise.park),
        "province admin": lambda: province_admin(enterprise.province),
    }[who]()
    client.force_login(user)
    page = client.get(f"/reports/{report.pk}/")
    assert "绵阳示范电子有限公司" in page.content.decode()
    download = client.get(f"/reports/{report.pk}/pdf/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize("who", ["other enterprise", "other park admin", "other province admin"])
def test_anyone_else_gets_a_404_for_every_report_page(report, client, who):
    enterprise = report.assessment.enterprise
    user = {
        "other enterprise": lambda: enterprise_user(),
        "other park admin": lambda: park_admin(Park.objects.exclude(pk=enterprise.park_id).first()),
        "other province admin": lambda: province_admin(Province.objects.get(code="320000")),
    }[who]()
    client.force_login(user)
    for url in _pages(report):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/reports/{report.pk}/rebuild/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(report, client):
    for url in _pages(report):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_pdf_is_stored_outside_any_public_url(report):
    assert report.pdf.path.startswith(str(settings.MEDIA_ROOT))
    from django.urls import resolve
    from django.urls.exceptions import Resolver404

    with pytest.raises(Resolver404):
        resolve(f"{settings.MEDIA_URL}{report.pdf.name}")


def test_status_include_links_a_submitted_assessment_to_its_report(report):
    from django.template.loader import render_to_string

    html = render_to_string("reports/_status_link.html", {"assessment": report.assessment})
    assert f"/reports/{report.pk}/" in html and "已完成" in html
    report.assessment.status = "draft"
    assert (
        render_to_string("reports/_status_link.html", {"assessment": report.assessment}).strip()
        == ""
    )


def test_status_include_offers_to_build_a_missing_report():
    from django.template.loader import render_to_string

    assessment = submitted_assessment(seed=42)
    Report.objects.filter(assessment=assessment).delete()
    assessment = type(assessment).objects.get(pk=assessment.pk)
    html = render_to_string("reports/_status_link.html", {"assessment": assessment})
    assert f"/reports/assessment/{assessment.pk}/build/" in html


def test_a_member_can_ask_for_the_report_of_an_assessment_without_one(client, on_commit_now):
    user = enterprise_user()
    assessment = submitted_assessment(user.memberships.get().enterprise, seed=43)
    Report.objects.filter(assessment=assessment).delete()
    client.force_login(user)
    response = client.post(f"/reports/assessment/{assessment.pk}/build/")
    report = Report.objects.get(assessment=assessment)
    assert response.url == f"/reports/{report.pk}/status/" and report.status == "done"
    client.force_login(UserFactory())
    assert client.post(f"/reports/assessment/{assessment.pk}/build/").status_code == 404
