"""The enterprise's action plan: what it decided to do after an assessment, who does it by
when, and the history of every change (follow-ups). A recommended step is data
(reports/data/steps.yaml); an action is the enterprise's decision about it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("待定")
    IN_PROGRESS = "in_progress", _("进行中")
    BLOCKED = "blocked", _("受阻")
    DONE = "done", _("已完成")
    NOT_RELEVANT = "not_relevant", _("不适用")
    ALREADY_DONE = "already_done", _("此前已完成")


# Statuses of an action still to be done (reminders, the report's plan page).
OPEN_STATUSES = (ActionStatus.PROPOSED, ActionStatus.IN_PROGRESS, ActionStatus.BLOCKED)


class Action(models.Model):
    Status = ActionStatus

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="actions", verbose_name=_("企业")
    )
    # The assessment whose report recommended it (none for an action of the enterprise's own).
    assessment = models.ForeignKey(
        "assessment.Assessment",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("来源评估"),
    )
    # The recommended step's code (reports/data/steps.yaml); empty for an own action.
    step_code = models.CharField(_("建议步骤"), max_length=60, blank=True)
    title = models.CharField(_("行动"), max_length=200)
    details = models.TextField(_("说明"), blank=True)
    dimension_code = models.CharField(_("维度"), max_length=10, blank=True)
    # The indicator codes the step targets (for matching with services and targets).
    indicator_codes = models.JSONField(_("针对的指标"), default=list, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_owned",
        verbose_name=_("负责人"),
    )
    due_on = models.DateField(_("计划完成日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    # When it was last marked done (the next round's report counts it).
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["dimension_code", "due_on", "pk"]
        verbose_name = _("行动")
        verbose_name_plural = _("行动")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "step_code"],
                condition=~models.Q(step_code=""),
                name="one_action_per_step",
            )
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("actions:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ActionEvent(models.Model):
    """One entry of an action's history: who changed what when, with a comment."""

    class Kind(models.TextChoices):
        CREATED = "created", _("创建")
        ADOPTED = "adopted", _("采纳建议")
        UPDATED = "updated", _("修改")
        COMMENT = "comment", _("跟进")

    action = models.ForeignKey(Action, models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # {field: [before, after]} as stored values (status codes, owner ids, ISO dates).
    changes = models.JSONField(_("变更"), default=dict, blank=True)
    comment = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("行动记录")
        verbose_name_plural = _("行动记录")

    def __str__(self):
        return f"{self.action_id} {self.kind} {self.at:%Y-%m-%d}"


class ActionNotice(models.Model):
    """An e-mail about one action that was sent: one per action, kind and due date, so a
    job run again sends nothing twice (a new due date may be reminded again)."""

    class Kind(models.TextChoices):
        DUE = "due", _("即将到期")
        OVERDUE = "overdue", _("已逾期")

    action = models.ForeignKey(Action, models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "kind", "due_on"], name="one_notice_per_action_kind_due"
            )
        ]

    def __str__(self):
        return f"{self.action_id} {self.kind} {self.due_on}"


class EnterpriseNotice(models.Model):
    """An e-mail to an enterprise's users that was sent: the monthly summary of its plan
    (period "2026-05") or the invitation to assess again in a new round (period: the
    round's code). One per enterprise, kind and period."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("月度行动计划汇总")
        NEW_ROUND = "new_round", _("新一轮评估提醒")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="action_notices"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period = models.CharField(max_length=20)
    recipients = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "kind", "period"], name="one_notice_per_enterprise_period"
            )
        ]

    def __str__(self):
        return f"{self.enterprise_id} {self.kind} {self.period}"
