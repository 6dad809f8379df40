"""Saves per second of a full response (all nine sections, 52 questions), two ways:
the section_save service alone, and the whole section page through Django's test client
(form parsing and validation, the save, the redirect). Run: DEBUG=1 python
scripts/bench_section_save.py [responses]; uses a throw-away SQLite database unless
DATABASE_URL is set."""

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def main(responses: int) -> None:
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("setup_demo", stdout=quiet)

    from assessment.models import Assessment, Dimension
    from assessment.rounds import current_round
    from assessment.sampling import sample_answers
    from assessment.selectors import method_spec
    from assessment.services import assessment_start, section_save
    from enterprises.models import Enterprise, Membership
    from portal.demo import demo_credit_code
    from tests.factories import UserFactory, section_post_data

    round_ = current_round()
    spec = method_spec(round_.questionnaire)
    dimensions = list(
        Dimension.objects.filter(questionnaire=round_.questionnaire).prefetch_related(
            "questions__choices", "questionnaire__rules"
        )
    )
    template = Enterprise.objects.first()
    first_serial = 10000 + Enterprise.objects.count()  # a database used before keeps its rows

    def new_assessment(serial: int) -> Assessment:
        template.pk, template.credit_code = None, demo_credit_code(first_serial + serial)
        template.save()
        return assessment_start(enterprise=template, round=round_)

    # 1. The service alone.
    assessments = [new_assessment(i) for i in range(responses)]
    answers = sample_answers(spec, quality=0.6, seed=1)
    per_section = [{q.code: answers[q.code] for q in d.questions.all()} for d in dimensions]
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for a in assessments:
            for d, section in zip(dimensions, per_section, strict=True):
                section_save(assessment=a, dimension=d, answers=section, revision=0, user=None)
    elapsed = time.perf_counter() - started
    saves = responses * len(dimensions)
    print(
        f"service: {responses / elapsed:7.1f} full responses/s, "
        f"{saves / elapsed:7.1f} section saves/s, "
        f"{len(queries) / saves:.1f} queries per section save"
    )

    # 2. Through the section page (test client: forms, validation, save, redirect).
    user = UserFactory()
    client = Client()
    assessments = [new_assessment(responses + i) for i in range(responses)]
    posts = [section_post_data(d.questions.all(), answers, revision=0) for d in dimensions]
    started = time.perf_counter()
    for a in assessments:
        Membership.objects.update_or_create(user=user, defaults={"enterprise_id": a.enterprise_id})
        client.force_login(user)
        for d, data in zip(dimensions, posts, strict=True):
            response = client.post(f"/assessments/{a.pk}/section/{d.code}/", data)
            assert response.status_code == 302, (response.status_code, response.content[:300])
    elapsed = time.perf_counter() - started
    print(
        f"page:    {responses / elapsed:7.1f} full responses/s, "
        f"{saves / elapsed:7.1f} section saves/s "
        f"(database: {connection.vendor})"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
