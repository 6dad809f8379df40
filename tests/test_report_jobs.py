"""The report job: queued on submission, claimed once, retried, failed with a reason,
built again on request; and, in CI, the same through a real worker and Redis."""

import time

import pytest
from django.db import OperationalError

from core.jobs import REASON_TRANSIENT, REASON_UNEXPECTED
from reports import services
from reports.models import Report
from reports.tasks import build_report
from tests.factories import enterprise_user, submitted_assessment


def _wait_for(report_id: int, statuses=("done", "failed"), seconds: float = 60) -> Report:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report = Report.objects.get(pk=report_id)
        if report.status in statuses:
            return report
        time.sleep(0.2)
    raise AssertionError(f"report {report_id} still {report.status} after {seconds}s")


@pytest.mark.django_db
class TestInProcess:
    @pytest.fixture(autouse=True)
    def _built_on_submit(self, on_commit_now):
        pass

    def test_submitting_an_assessment_builds_its_report(self):
        report = Report.objects.get(assessment=submitted_assessment(seed=21))
        assert report.status == Report.Status.DONE
        assert report.attempts == 1 and report.error == ""
        assert report.started_at <= report.finished_at
        assert report.html_seconds > 0 and report.pdf_seconds > 0

    def test_a_second_claim_of_the_same_report_does_nothing(self):
        report = Report.objects.get(assessment=submitted_assessment(seed=22))
        Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
        assert services.report_claim(report_id=report.pk) is True
        assert services.report_claim(report_id=report.pk) is False
        assert build_report.apply(args=[report.pk]).get() is None  # the loser returns quietly
        assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING

    def test_the_task_returns_quietly_when_the_report_is_gone(self):
        assert build_report.apply(args=[987654]).get() is None

    def test_a_transient_error_is_retried_and_the_report_is_built(self, monkeypatch):
        real_build, calls = services.report_build, []

        def flaky(*, report_id, token):
            calls.append(report_id)
            if len(calls) == 1:
                raise OperationalError("database went away")
            return real_build(report_id=report_id, token=token)

        monkeypatch.setattr(services, "report_build", flaky)
        report = Report.objects.get(assessment=submitted_assessment(seed=23))
        assert report.status == Report.Status.DONE and report.attempts == 2
        assert len(calls) == 2

    def test_transient_errors_stop_after_a_bounded_number_of_attempts(self, monkeypatch):
        def down(**kwargs):
            raise OperationalError("database went away")

        monkeypatch.setattr(services, "report_build", down)
        report = Report.objects.get(assessment=submitted_assessment(seed=24))
        assert report.status == Report.Status.FAILED
        assert report.attempts == 4  # the first try and three retries
        assert report.error == REASON_TRANSIENT  # words; the technical detail is logged

    def test_a_failed_report_shows_its_reason_and_try_again_rebuilds_the_same_row(
        self, monkeypatch, client
    ):
        user = enterprise_user()
        monkeypatch.setattr(services, "report_build", _injected_failure)
        assessment = submitted_assessment(user.memberships.get().enterprise, seed=25)
        report = Report.objects.get(assessment=assessment)
        assert report.status == Report.Status.FAILED
        client.force_login(user)
        page = client.get(f"/reports/{report.pk}/status/").content.decode()
        assert REASON_UNEXPECTED in page and "重试" in page
        assert "injected failure" not in page and "ValueError" not in page
        monkeypatch.undo()
        monkeypatch.setattr("django.db.transaction.on_commit", lambda f, **kw: f())
        response = client.post(f"/reports/{report.pk}/rebuild/")
        assert response.status_code == 302
        assert Report.objects.filter(assessment=assessment).count() == 1
        rebuilt = Report.objects.get(assessment=assessment)
        assert (rebuilt.pk, rebuilt.status, rebuilt.error) == (report.pk, "done", "")
        assert client.get(f"/reports/{report.pk}/status/").url == f"/reports/{report.pk}/"

    def test_status_json_follows_the_build(self, client):
        user = enterprise_user()
        report = Report.objects.get(
            assessment=submitted_assessment(user.memberships.get().enterprise, seed=26)
        )
        client.force_login(user)
        data = client.get(f"/reports/{report.pk}/status.json").json()
        assert data["status"] == "done" and data["url"] == f"/reports/{report.pk}/"


def _injected_failure(**kwargs):
    raise ValueError("injected failure: the chart service is down")


@pytest.mark.services
class TestWithWorkers:
    """A real worker consuming from Redis, against the shared database."""

    def test_a_worker_builds_the_report_of_a_submitted_assessment(self, live_worker):
        assessment = submitted_assessment(seed=31)
        report = _wait_for(Report.objects.get(assessment=assessment).pk)
        assert report.status == Report.Status.DONE, report.error
        assert report.pdf and report.attempts == 1

    def test_an_injected_failure_is_reported_and_try_again_recovers(
        self, live_worker, monkeypatch, client
    ):
        user = enterprise_user()
        monkeypatch.setattr(services, "report_build", _injected_failure)
        assessment = submitted_assessment(user.memberships.get().enterprise, seed=32)
        report = _wait_for(Report.objects.get(assessment=assessment).pk)
        assert report.status == Report.Status.FAILED
        assert report.error == REASON_UNEXPECTED
        monkeypatch.undo()
        client.force_login(user)
        client.post(f"/reports/{report.pk}/rebuild/")
        report = _wait_for(report.pk, statuses=("done",))
        assert report.error == "" and Report.objects.filter(assessment=assessment).count() == 1

    def test_two_workers_sent_the_same_report_build_it_once(self, live_worker, monkeypatch):
        assessment = submitted_assessment(seed=33)
        report = _wait_for(Report.objects.get(assessment=assessment).pk)
        real_build, builds = services.report_build, []

        def slow_build(*, report_id, token):
            builds.append(report_id)
            time.sleep(0.5)
            return real_build(report_id=report_id, token=token)

        monkeypatch.setattr(services, "report_build", slow_build)
        Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED, attempts=0)
        build_report.delay(report.pk), build_report.delay(report.pk)
        report = _wait_for(report.pk, statuses=("done",))
        time.sleep(1)  # the second task has had time to try
        assert builds == [report.pk]
        assert Report.objects.get(pk=report.pk).attempts == 1
