"""Background jobs: the XLSX export and the cohort PDF (fanned out per park for a
province). A task takes a job id, claims the row, calls the build, and marks the row
failed when it gives up."""

from celery import chord, shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.core.files import File
from django.template.loader import render_to_string
from django.utils import timezone, translation

from reference.models import Park
from reports.pdf import html_to_pdf

from .dashboard import dashboard_figures
from .exports import xlsx_file
from .filters import CohortFilters, Scope, cohort_assessments
from .models import CohortJob
from .services import job_claim, job_fail, job_finish, job_scope


class JobTask(DjangoTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id = args[0] if args else kwargs.get("job_id")
        if isinstance(job_id, list):  # a chord's callback gets the sections first
            job_id = args[1]
        job_fail(job_id=job_id, error=f"{type(exc).__name__}: {exc}")


@shared_task(base=JobTask, acks_late=True)
def build_xlsx_export(job_id: int) -> int | None:
    job = job_claim(job_id=job_id)
    if job is None:
        return None
    filters = CohortFilters.from_dict(job.filters)
    handle, rows = xlsx_file(scope=job_scope(job=job), filters=filters)
    with handle:
        job.file.save(f"cohort-{job.pk}.xlsx", File(handle), save=False)
    job.rows = rows
    job.status = CohortJob.Status.SUCCESS
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows", "status", "finished_at"])
    return rows


def _section_html(scope: Scope, filters: CohortFilters, *, compare: bool) -> str:
    context = dashboard_figures(scope=scope, filters=filters, page=None, compare=compare)
    return render_to_string("cohorts/pdf_section.html", context)


@shared_task(base=JobTask, acks_late=True)
def build_cohort_report(job_id: int) -> None:
    """A park's report is one section; a province's is its summary plus one section per
    park, each built by its own task (a chord), then merged into one PDF."""
    job = job_claim(job_id=job_id)
    if job is None:
        return
    scope = job_scope(job=job)
    if scope.park is not None:
        assemble_cohort_report.delay([], job_id)
        return
    filters = CohortFilters.from_dict(job.filters)
    parks = list(
        cohort_assessments(scope=scope, filters=filters)
        .exclude(park_id=None)
        .order_by("park_id")
        .values_list("park_id", flat=True)
        .distinct()
    )
    if not parks:
        assemble_cohort_report.delay([], job_id)
        return
    chord(cohort_report_section.s(job_id, park_id) for park_id in parks)(
        assemble_cohort_report.s(job_id)
    )


@shared_task(base=JobTask, acks_late=True)
def cohort_report_section(job_id: int, park_id: int) -> str:
    """One park's section of a province's report, as HTML."""
    job = CohortJob.objects.get(pk=job_id)
    park = Park.objects.select_related("city__province").get(pk=park_id)
    with translation.override(settings.LANGUAGE_CODE):
        filters = CohortFilters.from_dict(job.filters)
        return _section_html(Scope(park=park, province=park.city.province), filters, compare=False)


@shared_task(base=JobTask, acks_late=True)
def assemble_cohort_report(sections: list[str], job_id: int) -> int:
    """The scope's own section, then the parks' sections, as one A4 PDF."""
    job = CohortJob.objects.select_related("park__city__province", "province").get(pk=job_id)
    with translation.override(settings.LANGUAGE_CODE):
        filters = CohortFilters.from_dict(job.filters)
        scope = job_scope(job=job)
        html = render_to_string(
            "cohorts/report_pdf.html",
            {
                "scope": scope,
                "filters": filters,
                "summary": _section_html(scope, filters, compare=True),
                "sections": sections,
                "generated_at": timezone.now(),
            },
        )
    content = html_to_pdf(html=html, base_url=str(settings.BASE_DIR))
    job_finish(job=job, name=f"cohort-{job.pk}.pdf", content=content, rows=len(sections))
    return len(content)
