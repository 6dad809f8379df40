"""Operators' view of the foundation: settings, demo setup, credit codes, Celery wiring,
and the admin refusing to edit a published questionnaire."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from assessment.models import Question, Questionnaire
from core.tasks import send_email
from enterprises.credit_code import check_character, problem
from enterprises.models import Enterprise
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91350100M000100Y43", None),  # published example of GB 32100-2015
        ("91350100M000100Y44", "check"),
        ("91350100M000100Y4", "length"),
        ("91350100M000100YI3", "character"),
        (" 91350100m000100y43 ", None),
    ],
)
def test_credit_codes_are_checked_as_gb_32100_defines(code, reason):
    assert problem(code) == reason


def test_check_character_of_a_known_code():
    assert check_character("91110000600037341") == "L"  # 91110000600037341L


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "production-like-secret-value",
        "ALLOWED_HOSTS": "assess.example.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_setup_demo_prints_the_demo_logins_and_is_repeatable(
    db, capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("setup_demo")
    call_command("setup_demo")
    out = capsys.readouterr().out
    for username in ("demo-enterprise", "demo-park", "demo-province", "demo-staff"):
        assert username in out
    assert "questionnaire DTMA 2026.1: unchanged" in out
    demo = Enterprise.objects.get(memberships__user__username="demo-enterprise")
    last_year = demo.assessments.get()
    assert last_year.is_submitted and last_year.report.status == "done"


def test_staff_cannot_edit_a_published_questionnaire_in_the_admin(client, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    questionnaire = Questionnaire.objects.get(code="DTMA", version="2026.1")
    question = Question.objects.filter(dimension__questionnaire=questionnaire).first()
    url = f"/admin/assessment/question/{question.pk}/change/"

    html = client.get(url).content.decode()
    assert question.text_zh in html  # shown, as text
    for editable in ('name="text_zh"', 'name="weight"', 'name="_save"', "/delete/"):
        assert editable not in html

    form = {"text_zh": "偷偷改题", "weight": "9", "_save": "1"}
    assert client.post(url, form).status_code == 403
    assert client.post(f"/admin/assessment/question/{question.pk}/delete/").status_code == 403
    question.refresh_from_db()
    assert question.text_zh != "偷偷改题"
    assert Question.objects.filter(pk=question.pk).exists()

    html = client.get(
        f"/admin/assessment/questionnaire/{questionnaire.pk}/change/"
    ).content.decode()
    assert "该版本已发布，只能查看。" in html
    assert 'name="_save"' not in html and 'name="version"' not in html


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_an_email_task_travels_through_redis_to_a_worker(live_worker):
    send_email.delay(subject="邀请", body="请填写问卷", to=["a@example.com"])
    deadline = time.monotonic() + 20
    while not mail.outbox and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [m.subject for m in mail.outbox] == ["邀请"]
