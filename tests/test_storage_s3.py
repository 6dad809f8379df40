"""Files in an S3-compatible object store (a real one: `rclone serve s3`, started by the
`s3` fixture): report PDFs and evidence land in the bucket and are served only through
the views that check access."""

import io

import pytest
from pypdf import PdfWriter

from assessment.services import assessment_start
from evidence.models import Evidence
from reference.models import Park
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    park_admin,
    submitted_assessment,
)

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


def _objects(s3) -> dict[str, bytes]:
    client, bucket = s3["client"], s3["bucket"]
    listed = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listed
    }


def _pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_report_pdf_lands_in_the_bucket_and_downloads_only_for_those_allowed(
    s3, on_commit_now, client
):
    enterprise = EnterpriseFactory()
    report = Report.objects.get(assessment=submitted_assessment(enterprise, seed=3))

    stored = _objects(s3)
    assert report.pdf.name in stored and stored[report.pdf.name].startswith(b"%PDF")
    client.force_login(enterprise_user(enterprise))
    download = client.get(f"/reports/{report.pk}/pdf/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == stored[report.pdf.name]
    client.force_login(enterprise_user())
    assert client.get(f"/reports/{report.pk}/pdf/").status_code == 404


def test_an_evidence_file_lands_in_the_bucket_and_downloads_only_for_those_allowed(s3, client):
    enterprise = EnterpriseFactory()
    assessment = assessment_start(enterprise=enterprise, round=current_round())
    client.force_login(enterprise_user(enterprise))
    content = _pdf()
    upload = io.BytesIO(content)
    upload.name = "5G验收单.pdf"
    response = client.post(
        f"/evidence/assessment/{assessment.pk}/D1/",
        {"question": "D1_5g", "file": upload},
    )
    assert response.status_code == 302

    evidence = Evidence.objects.get(assessment=assessment)
    assert _objects(s3)[evidence.file.name] == content
    download = client.get(f"/evidence/{evidence.pk}/file")
    assert b"".join(download.streaming_content) == content
    assert "5G" in download["Content-Disposition"]
    for outsider in (enterprise_user(), park_admin(Park.objects.exclude(pk=enterprise.park_id)[0])):
        client.force_login(outsider)
        assert client.get(f"/evidence/{evidence.pk}/file").status_code == 404
