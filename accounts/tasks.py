from celery import shared_task
from django.utils import translation

from .forms import QueuedPasswordResetForm


@shared_task(acks_late=True)
def password_reset_send(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Look up the accounts of `email` and queue each its reset link, off the request: the
    reset page does the same work whether the address is known or not."""
    form = QueuedPasswordResetForm({"email": email})
    if form.is_valid():
        with translation.override(language):
            form.save(domain_override=domain, use_https=use_https)
