"""Writes to the audit trail beyond the changes django-auditlog records by itself."""

from datetime import timedelta

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.utils import timezone

# The model of the cohort a cohort URL names by its `kind` argument.
COHORT_MODELS = {"park": "reference.Park", "province": "reference.Province"}


def access_record(*, request, response) -> LogEntry | None:
    """A read of the object a successful GET of an AUDIT_ACCESS_VIEWS view showed or
    served (actor, time and address come from the request, see the middleware)."""
    match = request.resolver_match
    if match is None or request.method != "GET" or response.status_code != 200:
        return None
    target = settings.AUDIT_ACCESS_VIEWS.get(match.view_name)
    if target is None:
        return None
    label, argument = target
    if label == "cohort":
        label = COHORT_MODELS.get(match.kwargs.get("kind"))
    if label is None:
        return None
    instance = apps.get_model(label)._default_manager.filter(pk=match.kwargs.get(argument)).first()
    if instance is None:
        return None
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        additional_data={"view": match.view_name},
    )


def audit_log_purge(*, older_than_days: int) -> int:
    """Delete the entries older than `older_than_days` (never fewer than AUDIT_LOG_DAYS,
    at least 180); returns how many."""
    keep = max(older_than_days, settings.AUDIT_LOG_DAYS, 180)
    cutoff = timezone.now() - timedelta(days=keep)
    deleted, _ = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    return deleted
