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
