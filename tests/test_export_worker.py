"""The province's cohort PDF fans out to a real Celery worker through Redis."""

import time

import pytest

from cohorts.filters import CohortFilters, Scope
from cohorts.models import CohortJob
from cohorts.services import job_request
from reference.models import Park, Province
from tests.factories import EnterpriseFactory, current_round, province_admin, submitted_assessment

pytestmark = pytest.mark.services


def test_province_pdf_is_built_by_workers(live_worker):
    province = Province.objects.get(code="510000")
    for code in ("chengdu-hitech", "mianyang-hitech"):
        park = Park.objects.get(code=code)
        for i in range(5):
            submitted_assessment(EnterpriseFactory(park=park), seed=i)
    user = province_admin(province)

    job = job_request(
        kind=CohortJob.Kind.PDF,
        scope=Scope(park=None, province=province),
        filters=CohortFilters(round=current_round()),
        user=user,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (CohortJob.Status.DONE, CohortJob.Status.FAILED):
            break
        time.sleep(0.5)

    assert job.status == CohortJob.Status.DONE, job.error
    assert job.rows == 2 and job.file.size > 10_000
