"""Writes that concern reports: queue, claim, build, fail."""

from datetime import timedelta
from functools import partial
from time import perf_counter
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from assessment.method import Result
from assessment.models import Assessment
from assessment.services import assessment_submit

from .content import report_content_all_languages
from .models import Report
from .pdf import MissingCJKFont, html_to_pdf


def report_request(*, assessment: Assessment) -> Report:
    """Queue (or queue again) the report of a submitted assessment; the task is sent once
    the surrounding transaction commits. Building again resets the one row of the
    assessment, it never adds a second. A report being built right now is left alone."""
    from .tasks import build_report

    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(assessment=assessment)
        if not created and report.status == Report.Status.RUNNING and not _is_stale(report):
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
        transaction.on_commit(partial(build_report.delay, report.pk))
    return report


@transaction.atomic
def assessment_submit_and_report(*, assessment: Assessment, user=None) -> Result:
    """Submit the assessment (scored and read-only from now on) and queue its report, in
    one transaction: the report is built by a worker once this commits."""
    result = assessment_submit(assessment=assessment, user=user)
    report_request(assessment=assessment)
    return result


def _stale_before():
    """A report running since before this was left by a worker that died."""
    return timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def _is_stale(report: Report) -> bool:
    return report.started_at is not None and report.started_at < _stale_before()


def report_claim(*, report_id: int) -> bool:
    """Move a queued report (or one left running by a dead worker) to running, with a
    conditional UPDATE; False if another worker claimed it first, or the row is gone."""
    claimable = Q(status=Report.Status.QUEUED) | Q(
        status=Report.Status.RUNNING, started_at__lt=_stale_before()
    )
    claimed = Report.objects.filter(claimable, pk=report_id).update(
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


def _render_html(*, report: Report, content: dict, template: str) -> str:
    return render_to_string(template, {"report": report, **content})


def report_build(*, report_id: int) -> Report:
    """Build a claimed (running) report: its content for the web page in every language,
    then its PDF in the site's language. Without a CJK font the web report is still done
    and the PDF records why it is missing."""
    report = Report.objects.select_related("assessment__questionnaire").get(pk=report_id)
    started = perf_counter()
    content = report_content_all_languages(assessment=report.assessment)
    with translation.override(settings.LANGUAGE_CODE):
        main = content[settings.LANGUAGE_CODE]
        _render_html(report=report, content=main, template="reports/_report_body.html")
        html_seconds = perf_counter() - started
        started = perf_counter()
        pdf_error = ""
        try:
            pdf_bytes = html_to_pdf(
                html=_render_html(report=report, content=main, template="reports/report_pdf.html")
            )
        except MissingCJKFont as error:
            pdf_bytes, pdf_error = None, str(error)
        pdf_seconds = perf_counter() - started
    storage, old_name, new_name = report.pdf.storage, report.pdf.name, ""
    if pdf_bytes is not None:
        name = f"report-{report.assessment.round.code}-{report.assessment_id}-{uuid4().hex[:8]}.pdf"
        new_name = storage.save(
            report.pdf.field.generate_filename(report, name), ContentFile(pdf_bytes)
        )
    updated = Report.objects.filter(pk=report.pk, status=Report.Status.RUNNING).update(
        status=Report.Status.DONE,
        content=content,
        pdf=new_name,
        pdf_error=pdf_error,
        error="",
        html_seconds=html_seconds,
        pdf_seconds=pdf_seconds if pdf_bytes is not None else None,
        methodology_version=str(report.assessment.questionnaire),
        finished_at=timezone.now(),
    )
    # Building again replaces the file: drop the old one, or ours if the row moved on.
    if updated and old_name and old_name != new_name:
        storage.delete(old_name)
    elif not updated and new_name:
        storage.delete(new_name)
    report.refresh_from_db()
    return report


def report_build_timings(*, assessment: Assessment | None = None) -> dict[str, float]:
    """Seconds to build one report's HTML (content in every language, web page rendered)
    and its PDF, without storing anything: for `make bench`. Uses the latest submitted
    assessment when none is given."""
    assessment = assessment or (
        Assessment.objects.filter(status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at")
        .first()
    )
    if assessment is None:
        raise Assessment.DoesNotExist("no submitted assessment to build a report of")
    report = Report(assessment=assessment)
    started = perf_counter()
    content = report_content_all_languages(assessment=assessment)
    with translation.override(settings.LANGUAGE_CODE):
        main = content[settings.LANGUAGE_CODE]
        _render_html(report=report, content=main, template="reports/_report_body.html")
        html_seconds = perf_counter() - started
        started = perf_counter()
        pdf = html_to_pdf(
            html=_render_html(report=report, content=main, template="reports/report_pdf.html")
        )
        pdf_seconds = perf_counter() - started
    return {"html_seconds": html_seconds, "pdf_seconds": pdf_seconds, "pdf_bytes": len(pdf)}
