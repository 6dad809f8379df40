"""A Celery worker for the fault tests (tests/test_job_faults.py), run as
`python -m tests.job_worker worker [celery options]` from the project's folder.

Each build of a report, an XLSX export or a cohort PDF (its assembly) first leaves a mark
`started-<kind>-<id>-<pid>` in the folder $JOB_TEST_CONTROL, then waits as many seconds as
the file `delay` there says (read at each build: a test sets it to 0 to let builds run),
and when the build returns appends `<kind> <id>` to the file `built` there. The product's
code is not changed: its build functions are wrapped before the worker starts (prefork
children inherit the wrapped functions)."""

import os
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from cohorts import services as cohort_services  # noqa: E402
from config.celery import app  # noqa: E402
from reports import services as report_services  # noqa: E402

CONTROL = Path(os.environ["JOB_TEST_CONTROL"])


def _slowed(kind: str, build):
    def slowed(**kwargs):
        ident = kwargs.get("job_id") or kwargs.get("report_id")
        (CONTROL / f"started-{kind}-{ident}-{os.getpid()}").touch()
        delay = CONTROL / "delay"
        deadline = time.monotonic() + (float(delay.read_text()) if delay.exists() else 0)
        while time.monotonic() < deadline and delay.exists() and float(delay.read_text()) > 0:
            time.sleep(0.1)
        result = build(**kwargs)
        with open(CONTROL / "built", "a") as log:
            log.write(f"{kind} {ident}\n")
        return result

    return slowed


report_services.report_build = _slowed("report", report_services.report_build)
cohort_services.job_build_xlsx = _slowed("xlsx", cohort_services.job_build_xlsx)
cohort_services.job_assemble_pdf = _slowed("pdf", cohort_services.job_assemble_pdf)

if __name__ == "__main__":
    app.worker_main(argv=sys.argv[1:])
