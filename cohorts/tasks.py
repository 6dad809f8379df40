"""Background jobs: the XLSX export and the cohort PDF. A province's PDF is built in
parts, one task per park, each storing its section; the last part to finish assembles
the PDF. Every task takes the job's id first; a part also takes the claim it works for."""

from celery import shared_task

from core.jobs import JobTask

from . import services
from .models import CohortJob


@shared_task(bind=True, base=JobTask, job_model="cohorts.CohortJob")
def build_cohort_job(self, job_id: int) -> str | None:
    """Claim the job and build its file (or fan its parts out)."""

    def work(token: str) -> str:
        kind = CohortJob.objects.values_list("kind", flat=True).get(pk=job_id)
        if kind == CohortJob.Kind.XLSX:
            services.job_build_xlsx(job_id=job_id, token=token)
            return "xlsx"
        parks = services.job_pdf_parts(job_id=job_id, token=token)
        if not parks:
            services.job_assemble_pdf(job_id=job_id, token=token)
            return "pdf"
        for park_id in parks:
            build_cohort_report_part.apply_async(args=[job_id, park_id], kwargs={"token": token})
        return f"pdf in {len(parks)} parts"

    return self.build(job_id, work)


@shared_task(bind=True, base=JobTask, job_model="cohorts.CohortJob")
def build_cohort_report_part(self, job_id: int, park_id: int, *, token: str) -> bool | None:
    """One park's section of a province's report; the last part assembles the PDF."""

    def work(token: str) -> bool:
        if services.job_part_build(job_id=job_id, park_id=park_id, token=token):
            return services.job_assemble_pdf(job_id=job_id, token=token)
        return False

    return self.attempt(job_id, token, work)
