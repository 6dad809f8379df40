"""Writes of the action plan: adopting a recommended step, writing an own action, changing
one (every change recorded as a history entry), and the reminder e-mails (each recorded
before it is sent, so a job run twice sends nothing twice)."""

from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessment.models import Assessment, Round
from core.tasks import send_email
from enterprises.models import Enterprise

from .models import (
    OPEN_STATUSES,
    Action,
    ActionEvent,
    ActionNotice,
    ActionStatus,
    EnterpriseNotice,
)
from .selectors import enterprise_recipients, plan_counts

# A due date this many days ahead (or fewer) gets its "due soon" reminder.
DUE_SOON_DAYS = 7
# The fields a member changes on an action's page, in the order the history lists them.
TRACKED_FIELDS = ("title", "status", "owner", "due_on", "notes")


def _stored(field: str, value):
    if field == "owner":
        return value.pk if value is not None else None
    if isinstance(value, date):
        return value.isoformat()
    return value


@transaction.atomic
def action_adopt(
    *,
    enterprise: Enterprise,
    assessment: Assessment | None,
    step_code: str,
    title: str,
    details: str,
    dimension_code: str,
    indicator_codes: list[str],
    user,
) -> tuple[Action, bool]:
    """Put a recommended step into the plan (its texts as the enterprise reads them), owned
    by the member who adopts it. A step already in the plan is returned as it is:
    (action, created)."""
    existing = Action.objects.filter(enterprise=enterprise, step_code=step_code).first()
    if existing is not None:
        return existing, False
    action = Action.objects.create(
        enterprise=enterprise,
        assessment=assessment,
        step_code=step_code,
        title=title[:200],
        details=details,
        dimension_code=dimension_code,
        indicator_codes=list(indicator_codes),
        owner=user,
        created_by=user,
    )
    ActionEvent.objects.create(
        action=action,
        by=user,
        kind=ActionEvent.Kind.ADOPTED,
        changes={"status": [None, action.status], "owner": [None, _stored("owner", user)]},
    )
    return action, True


@transaction.atomic
def action_create(
    *,
    enterprise: Enterprise,
    user,
    title: str,
    dimension_code: str = "",
    owner=None,
    due_on: date | None = None,
    notes: str = "",
) -> Action:
    """An action of the enterprise's own (no recommended step behind it)."""
    action = Action.objects.create(
        enterprise=enterprise,
        title=title[:200],
        dimension_code=dimension_code,
        owner=owner,
        due_on=due_on,
        notes=notes,
        created_by=user,
    )
    ActionEvent.objects.create(
        action=action,
        by=user,
        kind=ActionEvent.Kind.CREATED,
        changes={
            f: [None, _stored(f, getattr(action, f))]
            for f in TRACKED_FIELDS
            if getattr(action, f) not in (None, "")
        },
    )
    return action


@transaction.atomic
def action_update(*, action: Action, user, comment: str = "", **fields) -> ActionEvent | None:
    """Change an action's fields (any of TRACKED_FIELDS) and record what changed, with the
    comment, as one history entry; a comment alone is a follow-up. None when nothing
    changed and there is no comment. Marking it done notes when (for the next report)."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    changes = {}
    for field, value in fields.items():
        if field not in TRACKED_FIELDS:
            raise ValueError(f"not a field of the plan: {field}")
        before = getattr(action, field)
        if _stored(field, before) != _stored(field, value):
            changes[field] = [_stored(field, before), _stored(field, value)]
            setattr(action, field, value)
    comment = comment.strip()
    if not changes and not comment:
        return None
    if "status" in changes:
        action.done_at = timezone.now() if action.status == ActionStatus.DONE else None
    if changes:
        action.save()
    return ActionEvent.objects.create(
        action=action,
        by=user,
        kind=ActionEvent.Kind.UPDATED if changes else ActionEvent.Kind.COMMENT,
        changes=changes,
        comment=comment,
    )


# --- reminders -------------------------------------------------------------------------


def _link(name: str, *args) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _claimed(model, **row) -> bool:
    """Record a notice before sending it: False when it is on record already (sent by an
    earlier or a concurrent run), so it is never sent twice."""
    try:
        with transaction.atomic():
            model.objects.create(**row)
    except IntegrityError:
        return False
    return True


def action_reminders_send(*, today: date | None = None) -> int:
    """E-mail each owner of an open action due within DUE_SOON_DAYS ("due") or past its
    due date ("overdue"), once per action, kind and due date. Returns e-mails sent."""
    today = today or timezone.localdate()
    actions = Action.objects.filter(
        status__in=OPEN_STATUSES, due_on__isnull=False, due_on__lte=today + timedelta(DUE_SOON_DAYS)
    ).select_related("owner", "enterprise")
    sent = 0
    for action in actions:
        if action.owner is None or not action.owner.email:
            continue
        kind = ActionNotice.Kind.OVERDUE if action.due_on < today else ActionNotice.Kind.DUE
        with transaction.atomic():
            if not _claimed(ActionNotice, action=action, kind=kind, due_on=action.due_on):
                continue
            with translation.override(settings.LANGUAGE_CODE):
                if kind == ActionNotice.Kind.OVERDUE:
                    subject = _("行动已逾期：%(title)s") % {"title": action.title}
                else:
                    subject = _("行动即将到期：%(title)s") % {"title": action.title}
                body = _(
                    "%(enterprise)s 的行动“%(title)s”计划于 %(due)s 完成，"
                    "目前状态：%(status)s。\n\n"
                    "更新进展或调整日期：\n%(link)s"
                ) % {
                    "enterprise": action.enterprise.name,
                    "title": action.title,
                    "due": action.due_on.isoformat(),
                    "status": action.get_status_display(),
                    "link": _link("actions:detail", action.pk),
                }
            send_email.delay_on_commit(subject=subject, body=body, to=[action.owner.email])
        sent += 1
    return sent


def plan_summaries_send(*, today: date | None = None) -> int:
    """Once a month, e-mail the users of each enterprise with open actions a summary of its
    plan (counts by status, what is overdue). Returns enterprises reached."""
    today = today or timezone.localdate()
    period = today.strftime("%Y-%m")
    enterprises = Enterprise.objects.filter(actions__status__in=OPEN_STATUSES).distinct()
    reached = 0
    for enterprise in enterprises:
        recipients = enterprise_recipients(enterprise=enterprise)
        if not recipients:
            continue
        with transaction.atomic():
            if not _claimed(
                EnterpriseNotice,
                enterprise=enterprise,
                kind=EnterpriseNotice.Kind.MONTHLY,
                period=period,
                recipients=len(recipients),
            ):
                continue
            counts = plan_counts(enterprise=enterprise, today=today)
            with translation.override(settings.LANGUAGE_CODE):
                lines = [f"{label}：{n}" for label, n in counts["by_status"] if n]
                body = _(
                    "%(enterprise)s 的行动计划（%(period)s）：\n%(lines)s\n"
                    "其中已逾期 %(overdue)s 项。\n\n"
                    "查看和更新行动计划：\n%(link)s"
                ) % {
                    "enterprise": enterprise.name,
                    "period": period,
                    "lines": "\n".join(lines),
                    "overdue": counts["overdue"],
                    "link": _link("actions:plan"),
                }
                subject = _("行动计划月度汇总：%(enterprise)s") % {"enterprise": enterprise.name}
            send_email.delay_on_commit(subject=subject, body=body, to=recipients)
        reached += 1
    return reached


def round_reminders_send(*, today: date | None = None) -> int:
    """When a round is open, e-mail the users of every enterprise that submitted in an
    earlier round and has not submitted in this one, once per enterprise and round, with
    the link to start it. Returns enterprises reached."""
    today = today or timezone.localdate()
    reached = 0
    for round_ in Round.objects.filter(opens_on__lte=today, closes_on__gte=today):
        earlier = Assessment.objects.filter(
            status=Assessment.Status.SUBMITTED, round__opens_on__lt=round_.opens_on
        ).values("enterprise_id")
        done = Assessment.objects.filter(status=Assessment.Status.SUBMITTED, round=round_).values(
            "enterprise_id"
        )
        for enterprise in Enterprise.objects.filter(pk__in=earlier).exclude(pk__in=done):
            recipients = enterprise_recipients(enterprise=enterprise)
            if not recipients:
                continue
            with transaction.atomic():
                if not _claimed(
                    EnterpriseNotice,
                    enterprise=enterprise,
                    kind=EnterpriseNotice.Kind.NEW_ROUND,
                    period=round_.code,
                    recipients=len(recipients),
                ):
                    continue
                with translation.override(settings.LANGUAGE_CODE):
                    subject = _("新一轮数字化转型成熟度自评已开始：%(round)s") % {
                        "round": round_.name
                    }
                    body = _(
                        "%(enterprise)s：%(round)s 已开放，截止日期 %(closes)s。再评一次，"
                        "就能在报告中看到与上一轮相比的变化，以及行动计划完成后的效果。\n\n"
                        "开始本轮评估：\n%(link)s"
                    ) % {
                        "enterprise": enterprise.name,
                        "round": round_.name,
                        "closes": round_.closes_on.isoformat(),
                        "link": _link("actions:assess_again", round_.code),
                    }
                send_email.delay_on_commit(subject=subject, body=body, to=recipients)
            reached += 1
    return reached
