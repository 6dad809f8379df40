"""Writes of the jobs that build cohort files (XLSX exports, cohort PDF reports)."""

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.jobs import JobStatus, job_finish, job_progress, job_requeue, job_send_on_commit
from reference.models import Park
from reports.pdf import html_to_pdf

from .dashboard import dashboard_figures
from .exports import xlsx_file
from .filters import CohortFilters, Scope, cohort_assessments
from .models import CohortJob, CohortJobPart
from .publication import parents_of, parks_published, publication_withhold


def job_request(*, kind: str, scope: Scope, filters: CohortFilters, user) -> CohortJob:
    """A new job row; its task is sent once the transaction commits (a broker that is
    down leaves it queued for the sweeper)."""
    with transaction.atomic():
        job = CohortJob.objects.create(
            kind=kind,
            park=scope.park,
            province=scope.province,
            filters=filters.as_dict(),
            created_by=user,
        )
        job_send_on_commit(model=CohortJob, job_id=job.pk)
    return job


def job_retry(*, job: CohortJob) -> bool:
    """Queue a failed job again (the same row); False when it is not failed."""
    return job_requeue(model=CohortJob, job_id=job.pk, statuses=[JobStatus.FAILED])


def job_scope(*, job: CohortJob) -> Scope:
    province = job.park.city.province if job.park else job.province
    return Scope(park=job.park, province=province)


def _job(job_id: int) -> CohortJob:
    return CohortJob.objects.select_related("park__city__province", "province").get(pk=job_id)


def _store(*, job: CohortJob, token: str, name: str, content: File, rows: int) -> bool:
    """Save the file and mark the job done, if the claim is still ours (else the file
    is dropped: a newer build owns the row)."""
    storage, old_name = job.file.storage, job.file.name
    new_name = storage.save(job.file.field.generate_filename(job, name), content)
    done = job_finish(model=CohortJob, job_id=job.pk, token=token, file=new_name, rows=rows)
    if not done:
        storage.delete(new_name)
    elif old_name and old_name != new_name:
        storage.delete(old_name)
    return done


def job_build_xlsx(*, job_id: int, token: str) -> bool:
    """Build the XLSX export of a job claimed by `token`."""
    job = _job(job_id)
    handle, rows = xlsx_file(scope=job_scope(job=job), filters=CohortFilters.from_dict(job.filters))
    with handle:
        return _store(
            job=job, token=token, name=f"cohort-{job.pk}.xlsx", content=File(handle), rows=rows
        )


def job_pdf_parts(*, job_id: int, token: str) -> list[int]:
    """Start the cohort PDF of a job claimed by `token`: the parks whose sections are
    built as parts (none for a park's report, or a province without assessments)."""
    job = _job(job_id)
    CohortJobPart.objects.filter(job=job).exclude(claim=token).delete()
    scope = job_scope(job=job)
    parks = []
    if scope.park is None:
        parks = list(
            cohort_assessments(scope=scope, filters=CohortFilters.from_dict(job.filters))
            .exclude(park_id=None)
            .order_by("park_id")
            .values_list("park_id", flat=True)
            .distinct()
        )
    job_progress(model=CohortJob, job_id=job_id, token=token, parts_total=len(parks), parts_done=0)
    return parks


def _section_html(scope: Scope, filters: CohortFilters, *, compare: bool) -> str:
    """A section of the cohort PDF: the dashboard's figures less what a document passed on
    must withhold (cohorts/publication.py)."""
    context = dashboard_figures(scope=scope, filters=filters, page=None, compare=compare)
    targets = [f.target for f in context["targets"]]
    in_province = scope.park is not None
    parents = parents_of(scope=scope, filters=filters, targets=targets, province=in_province)
    publication_withhold(context=context, parents=parents)
    if in_province and scope.park.pk not in parks_published(scope=scope, filters=filters):
        context["withheld"] = True
    return render_to_string("cohorts/pdf_section.html", context)


def job_part_build(*, job_id: int, park_id: int, token: str) -> bool:
    """Build one park's section of the job's report and store it with the part count, in
    one transaction (a part delivered twice is counted once). True when this was the
    last part: its task assembles the PDF. False also when the claim is not ours any more."""
    job = CohortJob.objects.get(pk=job_id)
    park = Park.objects.select_related("city__province").get(pk=park_id)
    with translation.override(settings.LANGUAGE_CODE):
        html = _section_html(
            Scope(park=park, province=park.city.province),
            CohortFilters.from_dict(job.filters),
            compare=False,
        )
    try:
        with transaction.atomic():
            CohortJobPart.objects.create(job_id=job_id, park_id=park_id, claim=token, html=html)
            # The row stays locked until this commits: the count read back is ours alone.
            if not job_progress(
                model=CohortJob, job_id=job_id, token=token, parts_done=F("parts_done") + 1
            ):
                raise _ClaimLost
            done, total = CohortJob.objects.values_list("parts_done", "parts_total").get(pk=job_id)
    except _ClaimLost:
        return False
    except IntegrityError:
        # Stored before (this part was delivered again after its worker was lost): it is
        # counted already, and it is the last one if every part is in.
        counts = (
            CohortJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, claim=token)
            .values_list("parts_done", "parts_total")
            .first()
        )
        return counts is not None and counts[0] == counts[1]
    return done == total


class _ClaimLost(Exception):
    pass


def job_assemble_pdf(*, job_id: int, token: str) -> bool:
    """The scope's own section, then the parks' sections, as one A4 PDF."""
    job = _job(job_id)
    sections = list(
        CohortJobPart.objects.filter(job=job, claim=token)
        .order_by("park_id")
        .values_list("html", flat=True)
    )
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
    done = _store(
        job=job,
        token=token,
        name=f"cohort-{job.pk}.pdf",
        content=ContentFile(content),
        rows=len(sections),
    )
    if done:
        CohortJobPart.objects.filter(job=job).delete()
    return done
