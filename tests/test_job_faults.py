"""Background jobs survive faults. With real workers (processes started from
tests/job_worker.py, whose builds can be made to wait), Redis and PostgreSQL: a worker
killed outright, a pool process killed (what the OOM killer does), Redis down when a job
is submitted, and a build over its time limit. Nobody presses a button: the sweeper
(Celery beat inside the worker, with short periods given by environment) recovers them."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse

from assessment.sampling import sample_answers
from assessment.selectors import method_spec
from assessment.services import assessment_start
from cohorts.filters import CohortFilters, Scope
from cohorts.models import CohortJob
from cohorts.services import job_request
from config.celery import app as celery_app
from core.jobs import REASON_TOO_LONG
from reference.models import Park, Province
from reports.models import Report
from reports.services import report_request
from tests.factories import (
    EnterpriseFactory,
    current_round,
    enterprise_user,
    park_admin,
    save_answers,
    submitted_assessment,
)

STALE_SECONDS = 20  # longer than a build here, so a live build is never taken over


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _closed_broker() -> str:
    """A Redis URL where nothing listens (Redis down)."""
    return f"redis://127.0.0.1:{_free_port()}/0"


def _reset_broker_pools():
    """Celery keeps its connection pools: drop them, so the next send uses the broker URL
    in force (kombu keeps one pool per URL, reused when the URL comes back)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def _broker(url: str):
    """This process sends its tasks to `url` (not run in-process)."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    _reset_broker_pools()
    conf.broker_url, conf.task_always_eager = url, False
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        _reset_broker_pools()


class Faults:
    def __init__(self, folder: Path):
        self.folder = folder
        self.control = folder / "control"
        self.control.mkdir()
        self.media = folder / "media"
        self.workers: list[subprocess.Popen] = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
                f":{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "REDIS_URL": settings.REDIS_URL,
            "MEDIA_ROOT": str(self.media),
            "JOB_TEST_CONTROL": str(self.control),
            "JOBS_STALE_SECONDS": str(STALE_SECONDS),
            "JOBS_QUEUED_SECONDS": "2",
            "JOBS_SWEEP_SECONDS": "1",
            "CONN_MAX_AGE": "0",
            "DEBUG": "1",
            "SECRET_KEY": settings.SECRET_KEY,
        }

    def delay(self, seconds: float) -> None:
        (self.control / "delay").write_text(str(seconds))

    def start_worker(self, **env) -> subprocess.Popen:
        """A worker with its beat (the sweeper), in a process group of its own."""
        n = len(self.workers)
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.job_worker",
                "worker",
                "-B",
                "-s",
                str(self.folder / f"beat-{n}"),
                "--pool=prefork",
                "--concurrency=4",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"faults{n}@%h",
            ],
            cwd=settings.BASE_DIR,
            env={**self.env, **env},
            stdout=open(self.folder / f"worker-{n}.log", "w"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.workers.append(worker)
        return worker

    def kill(self, worker: subprocess.Popen) -> None:
        """SIGKILL the worker and its pool processes, as when its machine dies."""
        with suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)

    def started(self, kinds: set[str], seconds: float = 60) -> dict[str, int]:
        """Wait for a build of each kind to be under way; {kind: pool process id}."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            marks = {p.name.split("-")[1]: int(p.name.split("-")[3]) for p in self._marks()}
            if kinds <= set(marks):
                return marks
            time.sleep(0.2)
        raise AssertionError(f"builds started: {sorted(marks)}\n{self.logs()}")

    def _marks(self):
        return self.control.glob("started-*")

    def built(self) -> list[str]:
        log = self.control / "built"
        return log.read_text().splitlines() if log.exists() else []

    def files(self, pattern: str) -> list[Path]:
        return sorted(self.media.rglob(pattern))

    def logs(self) -> str:
        return "\n".join(
            (self.folder / f"worker-{n}.log").read_text()[-3000:] for n in range(len(self.workers))
        )

    def wait(self, rows, statuses=("done",), seconds: float = 120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for row in rows:
                row.refresh_from_db()
            if all(row.status in statuses for row in rows):
                return
            time.sleep(0.3)
        states = [(type(r).__name__, r.pk, r.status, r.error) for r in rows]
        raise AssertionError(f"{states}\n{self.logs()}")

    def stop(self) -> None:
        for worker in self.workers:
            self.kill(worker)
        # Messages the killed workers held would come back to a later worker after the
        # visibility timeout: drop them.
        redis.Redis.from_url(settings.REDIS_URL).delete("unacked", "unacked_index")


@pytest.fixture
def faults(require_postgres, require_redis, transactional_data, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    faults = Faults(tmp_path)
    try:
        yield faults
    finally:
        faults.stop()


def _three_jobs() -> tuple[Report, CohortJob, CohortJob]:
    """A report, a park's XLSX export and a province's PDF (in parts: two parks), sent
    to the real Redis."""
    province = Province.objects.get(code="510000")
    parks = [Park.objects.get(code=c) for c in ("chengdu-hitech", "mianyang-hitech")]
    with _broker(_closed_broker()):  # their reports are not built: only the one below is
        assessments = [
            submitted_assessment(EnterpriseFactory(park=p), seed=i) for i, p in enumerate(parks)
        ]
    Report.objects.all().delete()
    filters = CohortFilters(round=current_round())
    with _broker(settings.REDIS_URL):
        report = report_request(assessment=assessments[0])
        xlsx = job_request(
            kind=CohortJob.Kind.XLSX,
            scope=Scope(park=parks[0], province=province),
            filters=filters,
            user=park_admin(parks[0]),
        )
        pdf = job_request(
            kind=CohortJob.Kind.PDF,
            scope=Scope(park=None, province=province),
            filters=filters,
            user=park_admin(parks[1]),
        )
    return report, xlsx, pdf


def _built_once(faults: Faults, report: Report, xlsx: CohortJob, pdf: CohortJob) -> None:
    assert sorted(faults.built()) == sorted(
        [f"report {report.pk}", f"xlsx {xlsx.pk}", f"pdf {pdf.pk}"]
    ), faults.logs()
    assert len(faults.files(f"report-*-{report.assessment_id}-*.pdf")) == 1
    assert len(faults.files(f"cohort-{xlsx.pk}*.xlsx")) == 1
    assert len(faults.files(f"cohort-{pdf.pk}*.pdf")) == 1
    assert pdf.rows == 2 and not pdf.parts.exists()


@pytest.mark.services
def test_builds_survive_their_worker_being_killed_outright(faults):
    report, xlsx, pdf = _three_jobs()
    faults.delay(600)
    first = faults.start_worker()
    faults.started({"report", "xlsx", "pdf"})

    faults.kill(first)
    faults.delay(0)
    faults.start_worker()  # its sweeper finds the three left running

    faults.wait([report, xlsx, pdf])
    assert (report.attempts, xlsx.attempts, pdf.attempts) == (2, 2, 2)
    _built_once(faults, report, xlsx, pdf)


@pytest.mark.services
def test_builds_survive_their_pool_process_being_killed(faults):
    report, xlsx, pdf = _three_jobs()
    faults.delay(600)
    faults.start_worker()
    pids = faults.started({"report", "xlsx", "pdf"})

    faults.delay(0)
    for pid in pids.values():
        os.kill(pid, signal.SIGKILL)

    # The same messages come back at once to new pool processes, which claim again.
    faults.wait([report, xlsx, pdf], seconds=STALE_SECONDS)
    # The PDF's assembling part came back; its job was claimed once.
    assert (report.attempts, xlsx.attempts, pdf.attempts) == (2, 2, 1)
    _built_once(faults, report, xlsx, pdf)


@pytest.mark.services
def test_submitting_while_redis_is_down_answers_at_once_and_builds_later(faults, client):
    park = Park.objects.get(code="chengdu-hitech")
    user = enterprise_user(EnterpriseFactory(park=park))
    assessment = assessment_start(
        enterprise=user.memberships.get().enterprise, round=current_round()
    )
    save_answers(
        assessment, sample_answers(method_spec(assessment.questionnaire), quality=0.5, seed=5)
    )
    admin = park_admin(park)

    with _broker(_closed_broker()):
        client.force_login(user)
        started = time.monotonic()
        submitted = client.post(reverse("reports:submit", args=[assessment.pk]))
        submit_seconds = time.monotonic() - started
        client.force_login(admin)
        started = time.monotonic()
        asked = client.post(reverse("cohorts:job_create", args=["park", park.pk]), {"kind": "xlsx"})
        export_seconds = time.monotonic() - started

    assert submitted.status_code == 302 and submit_seconds < 3
    assert asked.status_code == 302 and export_seconds < 3
    report, xlsx = Report.objects.get(assessment=assessment), CohortJob.objects.get()
    assert (report.status, xlsx.status) == ("queued", "queued")
    assert asked["Location"] == reverse("cohorts:job_detail", args=["park", park.pk, xlsx.pk])

    faults.start_worker()  # Redis is there: the sweeper sends what waited
    faults.wait([report, xlsx])
    assert (report.attempts, xlsx.attempts) == (1, 1)
    assert sorted(faults.built()) == sorted([f"report {report.pk}", f"xlsx {xlsx.pk}"])


@pytest.mark.services
def test_a_job_over_its_time_limit_says_so_and_retry_builds_it(faults, client):
    park = Park.objects.get(code="chengdu-hitech")
    current_round()
    client.force_login(park_admin(park))
    faults.delay(600)
    # The limits are the worker's own: the sender's (300 s) are not in the message.
    faults.start_worker(CELERY_TASK_SOFT_TIME_LIMIT="2", CELERY_TASK_TIME_LIMIT="4")
    with _broker(settings.REDIS_URL):
        client.post(reverse("cohorts:job_create", args=["park", park.pk]), {"kind": "xlsx"})
    job = CohortJob.objects.get()
    # Failed by the worker's limit, well before the sweeper would take the job back.
    faults.wait([job], statuses=("failed",), seconds=STALE_SECONDS - 3)

    assert job.error == REASON_TOO_LONG and job.attempts == 1
    assert "/" not in job.error and "Error" not in job.error and "Exceeded" not in job.error
    page = client.get(reverse("cohorts:job_detail", args=["park", park.pk, job.pk]))
    text = page.content.decode()
    assert "耗时过长" in text and "重试" in text
    assert reverse("cohorts:job_retry", args=["park", park.pk, job.pk]) in text

    faults.delay(0)
    with _broker(settings.REDIS_URL):
        retried = client.post(reverse("cohorts:job_retry", args=["park", park.pk, job.pk]))
    assert retried["Location"] == reverse("cohorts:job_detail", args=["park", park.pk, job.pk])
    faults.wait([job])
    assert CohortJob.objects.count() == 1 and job.attempts == 1 and job.error == ""
    download = client.get(reverse("cohorts:job_download", args=["park", park.pk, job.pk]))
    assert download.status_code == 200


# In-process (tasks run eagerly): the pages and the sweeper of the embedded default.


def _failed_job(park: Park, user) -> CohortJob:
    job = job_request(
        kind=CohortJob.Kind.XLSX,
        scope=Scope(park=park, province=park.city.province),
        filters=CohortFilters(round=current_round()),
        user=user,
    )
    CohortJob.objects.filter(pk=job.pk).update(
        status="failed", attempts=1, error=REASON_TOO_LONG, claim="a-task"
    )
    return job


@pytest.mark.django_db
def test_a_failed_export_says_why_in_words_and_retry_builds_the_same_row(client, on_commit_now):
    park = Park.objects.get(code="chengdu-hitech")
    user = park_admin(park)
    job = _failed_job(park, user)
    client.force_login(user)
    page = client.get(reverse("cohorts:job_detail", args=["park", park.pk, job.pk]))
    assert "生成耗时过长" in page.content.decode() and "重试" in page.content.decode()

    client.post(reverse("cohorts:job_retry", args=["park", park.pk, job.pk]))
    job.refresh_from_db()
    assert (job.status, job.error, job.attempts) == ("done", "", 1)
    assert CohortJob.objects.count() == 1


@pytest.mark.django_db
def test_only_the_jobs_owner_can_retry_it(client, on_commit_now):
    park = Park.objects.get(code="chengdu-hitech")
    job = _failed_job(park, park_admin(park))
    client.force_login(park_admin(park))  # another administrator of the same park
    response = client.post(reverse("cohorts:job_retry", args=["park", park.pk, job.pk]))
    assert response.status_code == 404
    other = Park.objects.get(code="mianyang-hitech")
    client.force_login(park_admin(other))
    response = client.post(reverse("cohorts:job_retry", args=["park", other.pk, job.pk]))
    assert response.status_code == 404
    job.refresh_from_db()
    assert job.status == "failed"


@pytest.mark.django_db
def test_without_a_broker_a_page_view_sends_a_report_left_queued(client, settings, on_commit_now):
    from datetime import timedelta

    from django.core.cache import cache
    from django.utils import timezone

    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded default: no broker, no beat
    report = Report.objects.get(assessment=submitted_assessment(seed=41))
    an_hour_ago = timezone.now() - timedelta(hours=1)
    Report.objects.filter(pk=report.pk).update(status="queued", attempts=0, queued_at=an_hour_ago)
    cache.delete("core:jobs:swept")

    client.get("/")
    report.refresh_from_db()
    assert (report.status, report.attempts) == ("done", 1)
