"""Reminders: due and overdue actions to their owner, the monthly summary of the plan to
the enterprise's users, and the invitation to assess again when a round opens; each sent
once however often the job runs."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from actions.models import Action, ActionNotice, EnterpriseNotice
from actions.services import (
    action_create,
    action_reminders_send,
    action_update,
    plan_summaries_send,
    round_reminders_send,
)
from actions.tasks import send_action_reminders
from assessment.models import Round
from tests.factories import current_round, enterprise_user, submitted_assessment

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _sent_on_commit(on_commit_now, settings):
    settings.SITE_URL = "https://zhiping.example"


def _plan(**fields) -> Action:
    owner = enterprise_user(email="owner@example.com")
    enterprise = owner.memberships.get().enterprise
    return action_create(
        enterprise=enterprise, user=owner, title="上线扫码报工", owner=owner, **fields
    )


def test_an_action_due_within_a_week_reaches_its_owner_once_however_often_the_job_runs():
    action = _plan(due_on=TODAY + timedelta(days=3))
    assert action_reminders_send(today=TODAY) == 1
    assert action_reminders_send(today=TODAY) == 0
    (message,) = mail.outbox
    assert message.to == ["owner@example.com"] and "行动即将到期：上线扫码报工" in message.subject
    assert f"https://zhiping.example/actions/{action.pk}/" in message.body
    assert ActionNotice.objects.get().kind == "due"


def test_an_overdue_action_gets_its_own_notice_and_a_new_due_date_may_be_reminded_again():
    action = _plan(due_on=TODAY + timedelta(days=2))
    action_reminders_send(today=TODAY)
    action_reminders_send(today=TODAY + timedelta(days=5))  # now overdue
    action_reminders_send(today=TODAY + timedelta(days=6))
    assert [m.subject for m in mail.outbox] == [
        "行动即将到期：上线扫码报工",
        "行动已逾期：上线扫码报工",
    ]
    action_update(action=action, user=action.owner, due_on=TODAY + timedelta(days=30))
    action_reminders_send(today=TODAY + timedelta(days=25))
    assert len(mail.outbox) == 3


def test_done_far_off_undated_and_ownerless_actions_send_nothing():
    done = _plan(due_on=TODAY)
    action_update(action=done, user=done.owner, status="done")
    _plan(due_on=TODAY + timedelta(days=30))
    _plan()
    orphan = _plan(due_on=TODAY)
    action_update(action=orphan, user=orphan.owner, owner=None)
    assert action_reminders_send(today=TODAY) == 0 and mail.outbox == []


def test_the_monthly_summary_reaches_every_member_once_a_month():
    action = _plan(due_on=TODAY - timedelta(days=1))
    enterprise_user(action.enterprise, email="colleague@example.com")
    assert plan_summaries_send(today=TODAY) == 1
    assert plan_summaries_send(today=TODAY + timedelta(days=4)) == 0  # same month
    (message,) = mail.outbox
    assert sorted(message.to) == ["colleague@example.com", "owner@example.com"]
    assert "待定：1" in message.body and "已逾期 1 项" in message.body
    assert "https://zhiping.example/actions/" in message.body
    assert plan_summaries_send(today=date(2026, 12, 1)) == 1
    assert EnterpriseNotice.objects.filter(kind="monthly").count() == 2


def test_a_new_round_reminds_earlier_submitters_once_with_a_link_to_the_round(client):
    user = enterprise_user(email="member@example.com")
    enterprise = user.memberships.get().enterprise
    submitted_assessment(enterprise, current_round(2025), seed=7)
    new = current_round(2026)
    Round.objects.filter(pk=new.pk).update(opens_on=TODAY, closes_on=TODAY + timedelta(days=60))
    enterprise_user(email="newcomer@example.com")  # no earlier submission: not reminded
    assert round_reminders_send(today=TODAY) == 1
    assert round_reminders_send(today=TODAY) == 0
    (message,) = mail.outbox
    assert message.to == ["member@example.com"] and new.name_zh in message.subject
    link = f"https://zhiping.example/actions/round/{new.code}/"
    assert link in message.body
    client.force_login(user)
    page = client.get(link.removeprefix("https://zhiping.example")).content.decode()
    assert 'action="/assessments/start/"' in page
    submitted_assessment(enterprise, new, seed=8)
    EnterpriseNotice.objects.all().delete()
    assert round_reminders_send(today=TODAY) == 0  # it has assessed this round


def test_the_job_is_scheduled_and_runs_all_three_reminders(settings):
    assert settings.CELERY_BEAT_SCHEDULE["action-reminders"]["task"] == (
        "actions.tasks.send_action_reminders"
    )
    _plan(due_on=timezone.localdate())
    first = send_action_reminders()
    second = send_action_reminders()
    assert first["actions"] == 1 and first["summaries"] == 1
    assert second == {"actions": 0, "summaries": 0, "rounds": 0}
