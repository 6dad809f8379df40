"""Who may see which cohort: a park administrator only their park, a provincial
administrator only their province (and its parks), an enterprise user nothing of this."""

import pytest
from django.urls import reverse

from cohorts.filters import CohortFilters, Scope
from cohorts.models import CohortJob
from cohorts.services import job_request
from onboarding.models import ImportBatch
from reference.models import Park, Province
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    current_round,
    enterprise_user,
    park_admin,
    province_admin,
    submitted_assessment,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    own = Park.objects.get(code="chengdu-hitech")
    other = Park.objects.get(code="suzhou-sip")
    sichuan = Province.objects.get(code="510000")
    jiangsu = Province.objects.get(code="320000")
    for i in range(5):
        submitted_assessment(EnterpriseFactory(park=own), seed=i)
        submitted_assessment(EnterpriseFactory(park=other), seed=i)
    return {"own": own, "other": other, "sichuan": sichuan, "jiangsu": jiangsu}


def _urls(kind: str, pk: int, job_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("cohorts:dashboard", args=[kind, pk])),
        ("get", reverse("cohorts:export_csv", args=[kind, pk])),
        ("post", reverse("cohorts:job_create", args=[kind, pk])),
        ("get", reverse("cohorts:job_detail", args=[kind, pk, job_pk])),
        ("get", reverse("cohorts:job_download", args=[kind, pk, job_pk])),
        ("post", reverse("onboarding:reminders", args=[kind, pk])),
    ]


def _park_urls(pk: int, batch_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("onboarding:enterprises", args=[pk])),
        ("get", reverse("onboarding:import_upload", args=[pk])),
        ("get", reverse("onboarding:import_preview", args=[pk, batch_pk])),
    ]


def _job(scope: Scope, user) -> CohortJob:
    return job_request(
        kind=CohortJob.Kind.XLSX,
        scope=scope,
        filters=CohortFilters(round=current_round()),
        user=user,
    )


def _denied(client, urls):
    for method, url in urls:
        response = getattr(client, method)(url, {"kind": "xlsx"} if method == "post" else {})
        assert response.status_code in (403, 404), (url, response.status_code)


def test_a_park_admin_sees_their_park_and_nothing_else(client, world):
    user = park_admin(world["own"])
    stranger = park_admin(world["other"])
    other_job = _job(Scope(park=world["other"], province=world["jiangsu"]), stranger)
    batch = ImportBatch.objects.create(park=world["other"], created_by=stranger, filename="x.csv")
    client.force_login(user)

    assert (
        client.get(reverse("cohorts:dashboard", args=["park", world["own"].pk])).status_code == 200
    )
    _denied(client, _urls("park", world["other"].pk, other_job.pk))
    _denied(client, _urls("province", world["sichuan"].pk, other_job.pk))
    _denied(client, _park_urls(world["other"].pk, batch.pk))


def test_a_park_admin_cannot_fetch_a_job_of_their_park_by_another_user(client, world):
    user = park_admin(world["own"])
    colleague = park_admin(world["own"])
    job = _job(Scope(park=world["own"], province=world["sichuan"]), colleague)
    client.force_login(user)

    url = reverse("cohorts:job_download", args=["park", world["own"].pk, job.pk])
    assert client.get(url).status_code == 404


def test_a_province_admin_sees_their_province_and_its_parks_only(client, world):
    user = province_admin(world["sichuan"])
    stranger = province_admin(world["jiangsu"])
    other_job = _job(Scope(park=None, province=world["jiangsu"]), stranger)
    batch = ImportBatch.objects.create(park=world["other"], created_by=stranger, filename="x.csv")
    client.force_login(user)

    assert (
        client.get(reverse("cohorts:dashboard", args=["province", world["sichuan"].pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("cohorts:dashboard", args=["park", world["own"].pk])).status_code == 200
    )
    _denied(client, _urls("province", world["jiangsu"].pk, other_job.pk))
    _denied(client, _urls("park", world["other"].pk, other_job.pk))
    _denied(client, _park_urls(world["other"].pk, batch.pk))


def test_the_province_dashboard_counts_only_its_own_enterprises(client, world):
    client.force_login(province_admin(world["sichuan"]))

    html = client.get(
        reverse("cohorts:dashboard", args=["province", world["sichuan"].pk])
    ).content.decode()
    rows = client.get(reverse("cohorts:export_csv", args=["province", world["sichuan"].pk]))
    text = b"".join(rows.streaming_content).decode()

    assert 'data-figure="submitted">5<' in html
    assert world["other"].name_zh not in html
    assert text.count("\n") == 1 + 5
    assert world["other"].name_zh not in text


@pytest.mark.parametrize("who", ["enterprise", "nobody", "anonymous"])
def test_enterprise_users_and_strangers_see_no_cohort(client, world, who):
    job = _job(Scope(park=world["own"], province=world["sichuan"]), park_admin(world["own"]))
    batch = ImportBatch.objects.create(park=world["own"], filename="x.csv")
    if who == "enterprise":
        client.force_login(enterprise_user(EnterpriseFactory(park=world["own"])))
    elif who == "nobody":
        client.force_login(UserFactory())
    urls = [
        ("get", reverse("cohorts:index")),
        *_urls("park", world["own"].pk, job.pk),
        *_urls("province", world["sichuan"].pk, job.pk),
        *_park_urls(world["own"].pk, batch.pk),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        else:
            assert response.status_code in (403, 404), url


def test_the_menu_shows_the_dashboard_to_administrators_only(client, world):
    client.force_login(park_admin(world["own"]))
    assert reverse("cohorts:index") in client.get("/").content.decode()
    client.force_login(enterprise_user())
    assert reverse("cohorts:index") not in client.get("/").content.decode()
