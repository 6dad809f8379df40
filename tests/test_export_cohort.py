"""Cohort exports: CSV streamed, XLSX and the cohort PDF built in the background into a
job row; one row per enterprise with every dimension and indicator; formula-safe."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from cohorts.exports import safe_cell
from cohorts.models import CohortJob
from reference.models import Park, Province
from tests.factories import EnterpriseFactory, park_admin, province_admin, submitted_assessment

pytestmark = pytest.mark.django_db


@pytest.fixture
def park():
    park = Park.objects.get(code="chengdu-hitech")
    submitted_assessment(EnterpriseFactory(park=park, name='=HYPERLINK("http://x")'), seed=1)
    for i in range(5):
        submitted_assessment(EnterpriseFactory(park=park), seed=10 + i)
    return park


def test_dangerous_cells_get_a_leading_quote():
    assert [safe_cell(v) for v in ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "ok", 3.5]] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "ok", 3.5,
    ]  # fmt: skip


def test_csv_is_streamed_one_row_per_enterprise_with_every_score(client, park):
    client.force_login(park_admin(park))

    response = client.get(reverse("cohorts:export_csv", args=["park", park.pk]))

    assert response.streaming
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert len(body) == 6
    assert {"D1", "D9", "cnc_key_process_rate", "uses_digital_design_tools"} <= set(header)
    assert '\'=HYPERLINK("http://x")' in [r[0] for r in body]
    assert all(r[header.index("D5")] for r in body)


def test_xlsx_is_built_by_a_job_and_downloaded(client, park, django_capture_on_commit_callbacks):
    client.force_login(park_admin(park))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:job_create", args=["park", park.pk]), {"kind": "xlsx"}
        )
    job = CohortJob.objects.get()
    assert response["Location"] == reverse("cohorts:job_detail", args=["park", park.pk, job.pk])
    assert job.status == CohortJob.Status.DONE and job.rows == 6

    download = client.get(reverse("cohorts:job_download", args=["park", park.pk, job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 7
    assert values[0][values[0].index("D1")] == "D1"
    assert '\'=HYPERLINK("http://x")' in [r[0] for r in values[1:]]


def test_province_pdf_fans_out_per_park_and_merges(
    client, park, django_capture_on_commit_callbacks, artifacts_dir
):
    other = Park.objects.get(code="mianyang-hitech")
    for i in range(5):
        submitted_assessment(EnterpriseFactory(park=other), seed=30 + i)
    province = Province.objects.get(code="510000")
    client.force_login(province_admin(province))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cohorts:job_create", args=["province", province.pk]), {"kind": "pdf"})

    job = CohortJob.objects.get()
    assert job.status == CohortJob.Status.DONE, job.error
    assert job.rows == 2  # one section per park, built by separate tasks
    download = client.get(reverse("cohorts:job_download", args=["province", province.pk, job.pk]))
    content = b"".join(download.streaming_content)
    (artifacts_dir / "cohort-province.pdf").write_bytes(content)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "四川省" in text and park.name_zh in text and other.name_zh in text
    assert "目标达成" in text


def test_xlsx_read_from_postgresql_holds_the_same_cells_as_the_rows(park, require_postgres):
    from assessment.rounds import current_round
    from cohorts.exports import export_rows, xlsx_file
    from cohorts.filters import CohortFilters, Scope

    scope = Scope(park=park, province=park.city.province)
    filters = CohortFilters(round=current_round())
    handle, count = xlsx_file(scope=scope, filters=filters)
    cells = list(load_workbook(handle).active.iter_rows(values_only=True))[1:]
    handle.close()

    rows = [
        tuple(None if v == "" else safe_cell(v) for v in row)
        for row in export_rows(scope=scope, filters=filters)
    ]
    assert count == 6
    assert [tuple(None if v == "" else v for v in r) for r in cells] == rows
