from celery import shared_task
from django.core.mail import send_mail

from .jobs import job_sweep


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_kwargs={"max_retries": 5}, acks_late=True
)
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one e-mail through the configured backend, off the request (invitations,
    reminders, password resets). Connection errors are retried with backoff."""
    return send_mail(subject, body, None, to)


@shared_task(acks_late=False)
def sweep_jobs() -> dict[str, int]:
    """Periodic (Celery beat): send again the jobs a dead worker or a broker outage left
    behind (see core.jobs.job_sweep)."""
    return job_sweep()
