from celery import shared_task
from django.core.mail import send_mail


@shared_task(
    autoretry_for=(OSError,), retry_backoff=True, retry_kwargs={"max_retries": 5}, acks_late=True
)
def send_email(*, subject: str, body: str, to: list[str]) -> int:
    """Send one e-mail through the configured backend, off the request (invitations,
    reminders, password resets). Connection errors are retried with backoff."""
    return send_mail(subject, body, None, to)
