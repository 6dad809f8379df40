from celery import shared_task

from core.jobs import JobTask

from . import services


@shared_task(bind=True, base=JobTask, job_model="reports.Report")
def build_report(self, job_id: int) -> str | None:
    """Claim the report `job_id` and build it. A task that cannot claim it (another holds
    it, it is finished or gone) returns quietly; transient errors are retried with
    back-off, and a failure leaves its reason in words on the row."""
    built = self.build(job_id, lambda token: services.report_build(report_id=job_id, token=token))
    return None if built is None else "done"
