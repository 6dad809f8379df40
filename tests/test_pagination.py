"""Paged lists (the cohort heat map, a park's enterprises) move page by page, and a page
number past the end or not a number shows a page instead of failing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorts import heatmap
from cohorts.filters import CohortFilters, Scope
from onboarding import selectors as onboarding_selectors
from reference.models import Park
from tests.factories import EnterpriseFactory, current_round, park_admin, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def park_of_three(monkeypatch):
    """Three submitted enterprises of one park, two to a page."""
    monkeypatch.setattr(heatmap, "HEATMAP_PAGE", 2)
    monkeypatch.setattr(onboarding_selectors, "ENTERPRISE_PAGE_SIZE", 2)
    park = Park.objects.order_by("pk").first()
    round_ = current_round()
    assessments = [
        submitted_assessment(EnterpriseFactory(park=park, name=f"热力企业{i}"), round_, quality=q)
        for i, q in enumerate((0.2, 0.5, 0.9))
    ]
    weakest_first = sorted(assessments, key=lambda a: (a.overall_score, a.pk))
    return park, [a.enterprise.name for a in weakest_first]


def _heat_rows(html: str) -> str:
    return html.split('class="table table-sm small heat"', 1)[1].split("</table>", 1)[0]


def test_page_two_of_the_heat_map_shows_the_strongest_enterprise(client, park_of_three):
    park, names = park_of_three
    client.force_login(park_admin(park))
    html = client.get(f"/cohorts/park/{park.pk}/", {"page": "2"}).content.decode()
    rows = _heat_rows(html)
    assert names[2] in rows and names[0] not in rows and names[1] not in rows
    assert "第 2 / 2 页" in html
    assert 'rel="prev"' in html and 'rel="next"' not in html


@pytest.mark.parametrize(("asked", "shown"), [("99", 2), ("abc", 1), ("-3", 2), ("", 1)])
def test_a_heat_map_page_past_the_end_or_not_a_number_shows_a_page(
    client, park_of_three, asked, shown
):
    park, names = park_of_three
    client.force_login(park_admin(park))
    response = client.get(f"/cohorts/park/{park.pk}/", {"page": asked})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"第 {shown} / 2 页" in html
    assert (names[2] in _heat_rows(html)) is (shown == 2)


def test_the_pager_keeps_the_filters_in_its_links(client, park_of_three):
    park, _names = park_of_three
    client.force_login(park_admin(park))
    html = client.get(f"/cohorts/park/{park.pk}/", {"size_class": "", "page": "1"}).content
    assert 'href="?size_class=&amp;page=2"' in html.decode()


def test_the_heat_map_does_not_count_the_cohort_again(park_of_three):
    park, names = park_of_three
    scope = Scope(park=park, province=park.city.province)
    filters = CohortFilters(round=current_round())
    with CaptureQueriesContext(connection) as queries:
        page = heatmap.cohort_heatmap(scope=scope, filters=filters, page=2, total=3)
    assert [r["enterprise__name"] for r in page.rows] == [names[2]]
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_a_park_enterprise_list_page_past_the_end_or_not_a_number_shows_a_page(
    client, park_of_three
):
    park, names = park_of_three
    client.force_login(park_admin(park))
    url = f"/cohorts/park/{park.pk}/enterprises/"
    last = client.get(url, {"page": "99"})
    first = client.get(url, {"page": "x"})
    assert last.status_code == first.status_code == 200
    assert "第 2 / 2 页" in last.content.decode() and "第 1 / 2 页" in first.content.decode()
    assert 'href="?page=1#progress"' in last.content.decode()
