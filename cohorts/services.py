"""Writes of the jobs that build cohort files (XLSX exports, cohort PDF reports)."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .filters import CohortFilters, Scope
from .models import CohortJob


def job_request(*, kind: str, scope: Scope, filters: CohortFilters, user) -> CohortJob:
    """A new job row; its task is sent once the transaction commits."""
    from .tasks import build_cohort_report, build_xlsx_export

    with transaction.atomic():
        job = CohortJob.objects.create(
            kind=kind,
            park=scope.park,
            province=scope.province,
            filters=filters.as_dict(),
            created_by=user,
        )
        task = build_xlsx_export if kind == CohortJob.Kind.XLSX else build_cohort_report
        task.delay_on_commit(job.pk)
    return job


def job_claim(*, job_id: int) -> CohortJob | None:
    """Move a pending job to running; None if another worker has it (or it is gone)."""
    claimed = CohortJob.objects.filter(pk=job_id, status=CohortJob.Status.PENDING).update(
        status=CohortJob.Status.RUNNING
    )
    return (
        CohortJob.objects.select_related("park__city__province", "province").get(pk=job_id)
        if claimed
        else None
    )


def job_finish(*, job: CohortJob, name: str, content: bytes, rows: int = 0) -> None:
    job.file.save(name, ContentFile(content), save=False)
    job.rows = rows
    job.status = CohortJob.Status.SUCCESS
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "rows", "status", "finished_at"])


def job_fail(*, job_id: int, error: str) -> None:
    CohortJob.objects.filter(pk=job_id).update(
        status=CohortJob.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def job_scope(*, job: CohortJob) -> Scope:
    province = job.park.city.province if job.park else job.province
    return Scope(park=job.park, province=province)
