"""Writes that concern reports: queue, claim, build, fail."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from assessment.models import Assessment

from .models import Report


def report_request(*, assessment: Assessment) -> Report:
    """Queue (or queue again) the report of a submitted assessment; the task is sent once
    the surrounding transaction commits. Building again resets the one row of the
    assessment, it never adds a second. A report being built right now is left alone."""
    from .tasks import build_report

    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(assessment=assessment)
        if not created and report.status == Report.Status.RUNNING:
            return report
        if not created:
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.QUEUED,
                attempts=0,
                error="",
                started_at=None,
                finished_at=None,
                queued_at=timezone.now(),
            )
            report.refresh_from_db()
        build_report.delay_on_commit(report.pk)
    return report


def report_claim(*, report_id: int) -> bool:
    """Move a queued report to running; False if another worker claimed it first (or the
    row is gone, or it is not queued)."""
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
        status=Report.Status.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def report_release(*, report_id: int, error: str) -> None:
    """Put a running report back in the queue before a retry, noting why."""
    Report.objects.filter(pk=report_id, status=Report.Status.RUNNING).update(
        status=Report.Status.QUEUED, error=error
    )


def report_fail(*, report_id: int, error: str) -> None:
    """Mark a report failed with a readable reason (whatever state it was in but done)."""
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
