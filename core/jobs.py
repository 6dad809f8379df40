"""Files built in the background: one row per job, claimed by a worker with a conditional
UPDATE, finished only by the claim that still holds it, and swept when a worker or the
broker lost it.

A concrete job model inherits `Job` and names the Celery task that builds it
(`task_name`); the task uses `JobTask` as its base and takes the row's id as its first
argument. Core never imports the apps: it finds the models through the app registry and
the tasks through Celery's registry."""

import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import ClassVar

from celery import Task, current_app
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.apps import apps
from django.conf import settings
from django.db import InterfaceError, OperationalError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Errors worth another attempt: the database or the file store hiccuped.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# A message that cannot reach the broker: the row stays queued for the sweeper.
BROKER_ERRORS = (KombuError, RedisError, OSError)
MAX_RETRIES = 3
# A job whose worker died this many times is failed instead of being tried again.
MAX_CLAIMS = MAX_RETRIES + 2

# Reasons stored in `Job.error`: source strings, shown translated on the pages.
REASON_TOO_LONG = gettext_noop("生成耗时过长，已被停止。请缩小范围后重试，或稍后再试。")
REASON_TRANSIENT = gettext_noop("数据库或文件存储暂时不可用，多次尝试后仍未成功。请稍后重试。")
REASON_UNEXPECTED = gettext_noop("生成时发生意外错误，已记录供技术人员排查。请稍后重试。")
REASON_INTERRUPTED = gettext_noop(
    "生成过程多次意外中断（例如后台服务重启），已停止尝试。请稍后重试。"
)


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("生成失败")


class Job(models.Model):
    """A row that a background task builds: queued, running (claimed by one task),
    done, or failed with a reason in words."""

    Status = JobStatus
    #: The Celery task that builds a row; its first argument is the row's id.
    task_name: ClassVar[str] = ""

    status = models.CharField(
        _("状态"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("失败原因"), blank=True)
    queued_at = models.DateTimeField(_("排队时间"), default=timezone.now)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    claim = models.CharField(_("领取任务"), max_length=64, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def is_stale(self) -> bool:
        return (
            self.status == JobStatus.RUNNING
            and self.started_at is not None
            and self.started_at < _stale_before()
        )


def job_models() -> list[type[Job]]:
    """Every concrete job model of the project."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Job) and not model._meta.abstract and model.task_name
    ]


def _stale_before():
    """A job running since before this (without progress) was left by a worker that died."""
    return timezone.now() - timedelta(seconds=settings.JOBS_STALE_SECONDS)


def _task(name: str) -> Task:
    if name not in current_app.tasks:
        current_app.loader.import_default_modules()
    return current_app.tasks[name]


def job_send(*, model: type[Job], job_id: int) -> bool:
    """Send the task that builds the row. A broker that cannot be reached is logged and
    the row left queued: the sweeper sends it again later. False when not sent."""
    try:
        _task(model.task_name).apply_async(args=[job_id])
    except BROKER_ERRORS as error:
        log.warning(
            "%s %s: not sent (broker unavailable: %s); left queued for the sweeper",
            model._meta.label,
            job_id,
            error,
        )
        return False
    return True


def job_send_on_commit(*, model: type[Job], job_id: int) -> None:
    transaction.on_commit(partial(job_send, model=model, job_id=job_id))


def job_requeue(*, model: type[Job], job_id: int, statuses: list[str] | None = None) -> bool:
    """Put the row back in the queue (same row, fresh counters) and send its task once the
    transaction commits. A row being built right now is left alone; with `statuses`, only
    a row in one of them is queued again. True when queued."""
    requeuable = ~Q(status=JobStatus.RUNNING) | Q(started_at__lt=_stale_before())
    if statuses is not None:
        requeuable &= Q(status__in=statuses)
    updated = model.objects.filter(requeuable, pk=job_id).update(
        status=JobStatus.QUEUED,
        attempts=0,
        error="",
        claim="",
        started_at=None,
        finished_at=None,
        queued_at=timezone.now(),
    )
    if updated:
        job_send_on_commit(model=model, job_id=job_id)
    return updated == 1


def job_claim(*, model: type[Job], job_id: int, token: str) -> bool:
    """Move the row to running for the task `token`, with a conditional UPDATE: a queued
    row, one left running by a worker that died (stale), or one claimed by this very task
    (its message delivered again after its worker was lost). False if another task holds
    it, it is finished, or it is gone."""
    claimable = (
        Q(status=JobStatus.QUEUED)
        | Q(status=JobStatus.RUNNING, started_at__lt=_stale_before())
        | Q(status=JobStatus.RUNNING, claim=token)
    )
    claimed = model.objects.filter(claimable, pk=job_id).update(
        status=JobStatus.RUNNING,
        claim=token,
        started_at=timezone.now(),
        finished_at=None,
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def job_progress(*, model: type[Job], job_id: int, token: str, **fields) -> bool:
    """Note progress of a claimed row (it is not stale while it moves): False when the
    claim is not ours any more."""
    return (
        model.objects.filter(pk=job_id, status=JobStatus.RUNNING, claim=token).update(
            started_at=timezone.now(), **fields
        )
        == 1
    )


def job_release(*, model: type[Job], job_id: int, token: str) -> None:
    """Put a row we hold back in the queue before our retry (which keeps the claim)."""
    model.objects.filter(pk=job_id, status=JobStatus.RUNNING, claim=token).update(
        status=JobStatus.QUEUED
    )


def job_finish(*, model: type[Job], job_id: int, token: str, **fields) -> bool:
    """Mark the row done with `fields`, only if our claim still holds it: a task that
    lost its claim never overwrites a newer build. True when done."""
    return (
        model.objects.filter(pk=job_id, status=JobStatus.RUNNING, claim=token).update(
            status=JobStatus.DONE, error="", finished_at=timezone.now(), **fields
        )
        == 1
    )


def job_fail(*, model: type[Job], job_id: int, token: str, reason: str) -> bool:
    """Mark the row failed with a readable reason, if the claim is still ours."""
    return (
        model.objects.filter(pk=job_id, claim=token)
        .exclude(status=JobStatus.DONE)
        .update(status=JobStatus.FAILED, error=reason[:2000], finished_at=timezone.now())
        == 1
    )


def job_failure_reason(error: BaseException) -> str:
    """The reason in words (a source string, translated where shown)."""
    if isinstance(error, SoftTimeLimitExceeded | TimeLimitExceeded):
        return REASON_TOO_LONG
    if isinstance(error, TRANSIENT_ERRORS):
        return REASON_TRANSIENT
    return REASON_UNEXPECTED


def job_sweep() -> dict[str, int]:
    """Recover what a dead worker or an unreachable broker left behind, for every job
    model: a stale running row is queued again (or failed after too many claims), and a
    row queued for longer than JOBS_QUEUED_SECONDS is sent again. Returns counts."""
    counts = {"requeued": 0, "failed": 0, "sent": 0}
    now = timezone.now()
    for model in job_models():
        stale = model.objects.filter(status=JobStatus.RUNNING, started_at__lt=_stale_before())
        for job_id, attempts, started_at in stale.values_list("pk", "attempts", "started_at"):
            row = model.objects.filter(pk=job_id, status=JobStatus.RUNNING, started_at=started_at)
            if attempts >= MAX_CLAIMS:
                counts["failed"] += row.update(
                    status=JobStatus.FAILED, error=REASON_INTERRUPTED, finished_at=now
                )
                log.error(
                    "%s %s: interrupted %s times, failed", model._meta.label, job_id, attempts
                )
            else:
                requeued = row.update(status=JobStatus.QUEUED, claim="", queued_at=now)
                counts["requeued"] += requeued
                if requeued:
                    log.warning(
                        "%s %s: its worker was lost, queued again", model._meta.label, job_id
                    )
                    counts["sent"] += job_send(model=model, job_id=job_id)
        waiting_since = now - timedelta(seconds=settings.JOBS_QUEUED_SECONDS)
        waiting = model.objects.filter(status=JobStatus.QUEUED, queued_at__lt=waiting_since)
        for job_id in waiting.values_list("pk", flat=True):
            # Bump the time first, so that a slow queue gets one more message a period.
            if model.objects.filter(
                pk=job_id, status=JobStatus.QUEUED, queued_at__lt=waiting_since
            ).update(queued_at=now):
                log.info("%s %s: still queued, sent again", model._meta.label, job_id)
                counts["sent"] += job_send(model=model, job_id=job_id)
    return counts


class JobTask(Task):
    """Base of the tasks that build a job row: the first argument is the row's id, and a
    task that works for a claim it did not make (a part of a fanned-out job) gets that
    claim as the keyword `token`. `job_model` is the model's label ("app.Model")."""

    job_model: str = ""
    acks_late = True
    reject_on_worker_lost = True
    max_retries = MAX_RETRIES

    @property
    def model(self) -> type[Job]:
        return apps.get_model(self.job_model)

    def apply_async(self, args=None, kwargs=None, **options):
        # The time limits are the worker's own settings, never the sender's copied into
        # the message; and a broker that is down answers at once instead of retrying.
        options.update(time_limit=None, soft_time_limit=None)
        options.setdefault("retry", False)
        return super().apply_async(args, kwargs, **options)

    def build(self, job_id: int, work: Callable[[str], object]):
        """Claim the row, then `work(token)`; None when the row is not ours to build."""
        token = self.request.id
        if not job_claim(model=self.model, job_id=job_id, token=token):
            log.info(
                "%s %s: not claimable (held elsewhere, finished or gone)", self.job_model, job_id
            )
            return None
        return self.attempt(job_id, token, work, release=True)

    def attempt(self, job_id: int, token: str, work: Callable[[str], object], *, release=False):
        """`work(token)`, retried with back-off on transient errors (a bounded number of
        times); a row that is gone ends the task quietly."""
        try:
            return work(token)
        except self.model.DoesNotExist:
            return None
        except TRANSIENT_ERRORS as error:
            if self.request.retries >= self.max_retries:
                raise
            log.warning("%s %s: transient error, retrying: %r", self.job_model, job_id, error)
            if release:
                job_release(model=self.model, job_id=job_id, token=token)
            try:
                raise self.retry(exc=error, countdown=2 ** (self.request.retries + 1)) from error
            except BROKER_ERRORS as broker_error:  # the retry not sent: the sweeper will
                log.warning("%s %s: retry not sent: %r", self.job_model, job_id, broker_error)
                return None

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        job_id = args[0] if args else kwargs["job_id"]
        token = kwargs.get("token") or task_id
        log.error(
            "%s %s failed in task %s: %r",
            self.job_model,
            job_id,
            task_id,
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
        )
        job_fail(model=self.model, job_id=job_id, token=token, reason=job_failure_reason(exc))
