"""Writes that concern reports: queue, claim, build."""

from time import perf_counter
from uuid import uuid4

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from assessment.method import Result
from assessment.models import Assessment
from assessment.services import assessment_submit
from benchmarking.aggregates import aggregates_add
from benchmarking.services import peer_snapshots_refresh_for
from core.jobs import job_claim, job_finish, job_requeue, job_send_on_commit
from core.lang import localize

from .content import report_content
from .models import Report
from .pdf import MissingCJKFont, html_to_pdf


def report_request(*, assessment: Assessment) -> Report:
    """Queue (or queue again) the report of a submitted assessment; the task is sent once
    the surrounding transaction commits (a broker that is down leaves it queued for the
    sweeper). Building again resets the one row of the assessment, it never adds a second.
    A report being built right now is left alone."""
    with transaction.atomic():
        report, created = Report.objects.select_for_update().get_or_create(assessment=assessment)
        if created:
            job_send_on_commit(model=Report, job_id=report.pk)
        else:
            job_requeue(model=Report, job_id=report.pk)
            report.refresh_from_db()
    return report


@transaction.atomic
def assessment_submit_and_report(
    *, assessment: Assessment, user=None, past_round: bool = False
) -> Result:
    """Submit the assessment (scored and read-only from now on) and queue its report, in
    one transaction: the report is built by a worker once this commits. `past_round`: see
    assessment_submit."""
    result = assessment_submit(assessment=assessment, user=user, past_round=past_round)
    # The cohort aggregates the dashboards and peer snapshots read, in the same transaction.
    aggregates_add(assessment=Assessment.objects.get(pk=assessment.pk))
    report_request(assessment=assessment)
    return result


def report_claim(*, report_id: int, token: str = "") -> bool:
    """Move a queued report (or one left running by a dead worker, or one this very task
    claimed before its worker was lost) to running; False if another task holds it, or
    the row is gone."""
    return job_claim(model=Report, job_id=report_id, token=token or uuid4().hex)


def _render_html(*, report: Report, content: dict, template: str) -> str:
    return render_to_string(template, {"report": report, **content})


def report_build(*, report_id: int, token: str) -> Report:
    """Build a report claimed by `token`: its content for the web page (computed once,
    with its texts in every language), then its PDF in the site's language. Without a CJK
    font the web report is still done and the PDF records why it is missing. Stored only
    while the claim is still ours."""
    report = Report.objects.select_related("assessment__questionnaire").get(pk=report_id)
    # Peer figures come from the groups' snapshots: taken anew here only when a batch of
    # new submissions has arrived (the periodic job does the same when a worker runs).
    peer_snapshots_refresh_for(assessment=report.assessment)
    started = perf_counter()
    content = report_content(assessment=report.assessment)
    with translation.override(settings.LANGUAGE_CODE):
        main = localize(content)
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
    updated = job_finish(
        model=Report,
        job_id=report.pk,
        token=token,
        content=content,
        pdf=new_name,
        pdf_error=pdf_error,
        html_seconds=html_seconds,
        pdf_seconds=pdf_seconds if pdf_bytes is not None else None,
        methodology_version=str(report.assessment.questionnaire),
    )
    # Building again replaces the file: drop the old one, or ours if the row moved on.
    if updated and old_name and old_name != new_name:
        storage.delete(old_name)
    elif not updated and new_name:
        storage.delete(new_name)
    report.refresh_from_db()
    return report


def report_build_timings(*, assessment: Assessment | None = None) -> dict[str, float]:
    """Seconds to build one report's HTML (content with every language's texts, web page
    rendered)
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
    content = report_content(assessment=assessment)
    with translation.override(settings.LANGUAGE_CODE):
        main = localize(content)
        _render_html(report=report, content=main, template="reports/_report_body.html")
        html_seconds = perf_counter() - started
        started = perf_counter()
        pdf = html_to_pdf(
            html=_render_html(report=report, content=main, template="reports/report_pdf.html")
        )
        pdf_seconds = perf_counter() - started
    return {"html_seconds": html_seconds, "pdf_seconds": pdf_seconds, "pdf_bytes": len(pdf)}
