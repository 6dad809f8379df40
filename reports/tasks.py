import logging

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _

from . import services
from .models import Report

log = logging.getLogger(__name__)

# Errors worth another attempt: the database or the file store hiccuped.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
MAX_RETRIES = 3


class ReportTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        report_id = args[0] if args else kwargs.get("report_id")
        reason = _("报告生成失败：%(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
        services.report_fail(report_id=report_id, error=reason)


@shared_task(bind=True, base=ReportTask, max_retries=MAX_RETRIES, acks_late=True)
def build_report(self, report_id: int) -> str | None:
    """Claim the queued report `report_id` and build it. A worker that loses the claim
    (or finds the row gone) returns quietly; transient errors are retried with backoff."""
    if not services.report_claim(report_id=report_id):
        log.info("report %s: not queued any more (claimed elsewhere, done or gone)", report_id)
        return None
    try:
        services.report_build(report_id=report_id)
    except Report.DoesNotExist:
        return None
    except TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            raise
        services.report_release(report_id=report_id, error=f"{type(error).__name__}: {error}")
        raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
    return "done"
