"""A park administrator sees who has not started or not finished the open round."""

import pytest

from assessment.services import assessment_start
from reference.models import Park
from tests.factories import EnterpriseFactory, current_round, park_admin, submitted_assessment


@pytest.fixture
def park_with_three(db):
    park, other_park = Park.objects.order_by("pk")[:2]
    round_ = current_round()
    idle = EnterpriseFactory(name="还没开始的企业", park=park)
    filling = EnterpriseFactory(name="正在填写的企业", park=park)
    done = EnterpriseFactory(name="已经提交的企业", park=park)
    EnterpriseFactory(name="别的园区的企业", park=other_park)
    assessment_start(enterprise=filling, round=round_)
    submitted = submitted_assessment(done, round_, quality=0.6)
    return park, idle, filling, done, submitted


def rows(html: str) -> str:
    return html.split('data-figure="enterprise-statuses"', 1)[1].split("</table>", 1)[0]


def test_each_enterprise_shows_where_it_stands_furthest_behind_first(client, park_with_three):
    park, idle, filling, done, submitted = park_with_three
    client.force_login(park_admin(park))
    table = rows(client.get(f"/cohorts/park/{park.pk}/enterprises/").content.decode())
    assert table.index(idle.name) < table.index(filling.name) < table.index(done.name)
    assert "别的园区的企业" not in table
    assert f"{submitted.overall_score:.1f}" in table
    assert table.count("未开始") == 1 and table.count("填写中") == 1 and table.count("已提交") == 1


def test_the_list_filters_to_those_not_started(client, park_with_three):
    park, idle, filling, done, _ = park_with_three
    client.force_login(park_admin(park))
    html = client.get(f"/cohorts/park/{park.pk}/enterprises/", {"status": "not_started"})
    table = rows(html.content.decode())
    assert idle.name in table
    assert filling.name not in table and done.name not in table


def test_another_parks_administrator_gets_a_404(client, park_with_three):
    park = park_with_three[0]
    other = Park.objects.exclude(pk=park.pk).first()
    client.force_login(park_admin(other))
    assert client.get(f"/cohorts/park/{park.pk}/enterprises/").status_code == 404
