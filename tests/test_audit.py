"""The audit trail: changes to the models that matter and reads of reports, evidence and
exports, with actor, time and client address; a page for provincial administrators
(their province only) and staff; entries kept at least 180 days."""

import io
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.utils import timezone

from assessment.services import assessment_start
from evidence.models import Evidence
from reference.models import Province
from reports.models import Report
from tests.factories import (
    EnterpriseFactory,
    UserFactory,
    current_round,
    enterprise_user,
    park_admin,
    province_admin,
    submitted_assessment,
)
from tests.test_evidence import pdf_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def report(on_commit_now):
    enterprise = EnterpriseFactory(name="绵阳审计示范有限公司")
    return Report.objects.get(assessment=submitted_assessment(enterprise, seed=21))


def reads_of(instance) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=instance.pk,
            action=LogEntry.Action.ACCESS,
        ).order_by("timestamp")
    )


def test_viewing_a_report_and_downloading_its_pdf_are_recorded_with_actor_and_address(
    report, client
):
    admin = province_admin(report.assessment.province)
    client.force_login(admin)

    client.get(f"/reports/{report.pk}/", REMOTE_ADDR="10.1.2.3")
    client.get(f"/reports/{report.pk}/pdf/", REMOTE_ADDR="10.1.2.4")

    entries = reads_of(report)
    assert [e.additional_data["view"] for e in entries] == ["reports:detail", "reports:pdf"]
    assert [e.remote_addr for e in entries] == ["10.1.2.3", "10.1.2.4"]
    assert all(e.actor == admin for e in entries)


def test_a_refused_read_records_nothing(report, client):
    client.force_login(enterprise_user())
    assert client.get(f"/reports/{report.pk}/pdf/").status_code == 404
    assert reads_of(report) == []


def test_uploading_and_downloading_evidence_are_recorded(client):
    assessment = assessment_start(enterprise=EnterpriseFactory(), round=current_round())
    member = enterprise_user(assessment.enterprise)
    client.force_login(member)
    file = io.BytesIO(pdf_bytes())
    file.name = "合同.pdf"
    client.post(f"/evidence/assessment/{assessment.pk}/D1/", {"question": "D1_5g", "file": file})
    evidence = Evidence.objects.get()
    park = park_admin(assessment.enterprise.park)
    client.force_login(park)

    assert client.get(f"/evidence/{evidence.pk}/file").status_code == 200

    created = LogEntry.objects.get_for_object(evidence).get(action=LogEntry.Action.CREATE)
    assert created.actor == member and created.remote_addr == "127.0.0.1"
    [read] = reads_of(evidence)
    assert read.actor == park and read.additional_data == {"view": "evidence:download"}


def test_a_park_administrator_cannot_read_the_audit_page(report, client):
    client.force_login(park_admin(report.assessment.enterprise.park))
    assert client.get("/audit/").status_code == 404
    client.force_login(enterprise_user(report.assessment.enterprise))
    assert client.get("/audit/").status_code == 404


def test_a_province_administrator_sees_the_entries_of_the_province_only(report, client):
    elsewhere = Report.objects.get(
        assessment=submitted_assessment(
            EnterpriseFactory(name="外省对照有限公司", park=None, city=_city_outside(report)),
            seed=22,
        )
    )
    for seen in (report, elsewhere):
        client.force_login(province_admin(seen.assessment.province, username=f"p{seen.pk}"))
        client.get(f"/reports/{seen.pk}/")
    client.force_login(province_admin(report.assessment.province))

    page = client.get("/audit/").content.decode()

    assert "绵阳审计示范有限公司" in page and f"p{report.pk}" in page
    assert "外省对照有限公司" not in page and f"p{elsewhere.pk}" not in page
    assert "查看报告" in page


def test_the_page_filters_by_actor_kind_and_date(report, client):
    reader = province_admin(report.assessment.province, username="reader-one")
    client.force_login(reader)
    client.get(f"/reports/{report.pk}/pdf/")
    staff = UserFactory(is_staff=True, username="staff-one")
    client.force_login(staff)

    by_actor = client.get("/audit/", {"actor": "reader-one"}).content.decode()
    reads = client.get("/audit/", {"action": LogEntry.Action.ACCESS}).content.decode()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    later = client.get("/audit/", {"since": tomorrow}).content.decode()

    assert by_actor.count('class="audit-entry"') == 1 and "下载报告 PDF" in by_actor
    assert reads.count('class="audit-entry"') == 1
    assert 'class="audit-entry"' not in later


def test_the_purge_keeps_every_entry_younger_than_180_days(report):
    now = timezone.now()
    entries = {}
    for days in (10, 179, 181, 400):
        entry = LogEntry.objects.log_create(
            report,
            force_log=True,
            action=LogEntry.Action.ACCESS,
            timestamp=now - timedelta(days=days),
        )
        entries[days] = entry.pk

    with pytest.raises(CommandError):
        call_command("purge_audit_log", "--days", "30")
    call_command("purge_audit_log", stdout=io.StringIO())

    kept = set(LogEntry.objects.filter(pk__in=entries.values()).values_list("pk", flat=True))
    assert kept == {entries[10], entries[179]}


def test_the_admin_shows_entries_read_only(report, client):
    entry = LogEntry.objects.log_create(report, force_log=True, action=LogEntry.Action.ACCESS)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").status_code == 200
    assert client.post(f"/admin/auditlog/logentry/{entry.pk}/delete/").status_code == 403
    assert LogEntry.objects.filter(pk=entry.pk).exists()


def _city_outside(report):
    from reference.models import City

    return City.objects.exclude(province=report.assessment.province).first()


def test_an_export_download_is_recorded_against_the_cohort(client):
    submitted_assessment(EnterpriseFactory(), seed=23)
    province = Province.objects.get(code="510000")
    admin = province_admin(province)
    client.force_login(admin)

    response = client.get(f"/cohorts/province/{province.pk}/export.csv")
    b"".join(response.streaming_content)

    [read] = reads_of(province)
    assert read.actor == admin and read.additional_data == {"view": "cohorts:export_csv"}
    client.force_login(UserFactory(is_staff=True))
    assert "导出 CSV" in client.get("/audit/").content.decode()


def test_postgresql_refuses_to_change_an_entry_or_delete_a_young_one(report, require_postgres):
    from django.db import DatabaseError, transaction

    reader = UserFactory()
    entry = LogEntry.objects.log_create(
        report, force_log=True, action=LogEntry.Action.ACCESS, actor=reader
    )
    for change in (
        lambda: LogEntry.objects.filter(pk=entry.pk).update(remote_addr="10.0.0.1"),
        lambda: LogEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()

    reader.delete()  # the entry stays, without its actor

    entry.refresh_from_db()
    assert entry.actor is None and entry.remote_addr is None
