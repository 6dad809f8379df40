"""What onboarding leaves behind: a park's invitations to its enterprises and the
spreadsheets of enterprises it imports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.tokens import new_token


class ParkInvitation(models.Model):
    """An e-mailed link that lets a new user sign up and join an (imported) enterprise."""

    park = models.ForeignKey("reference.Park", models.CASCADE, related_name="park_invitations")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="park_invitations"
    )
    email = models.EmailField(_("邀请邮箱"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("园区邀请")
        verbose_name_plural = _("园区邀请")

    def __str__(self):
        return f"{self.enterprise} <{self.email}>"

    @property
    def is_accepted(self) -> bool:
        return self.accepted_at is not None


class ImportBatch(models.Model):
    """An uploaded spreadsheet of enterprises: previewed with its errors, imported whole
    once the administrator confirms a clean file."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        IMPORTED = "imported", _("已导入")

    park = models.ForeignKey("reference.Park", models.CASCADE, related_name="import_batches")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(_("文件名"), max_length=200)
    rows = models.JSONField(_("数据行"), default=list)
    errors = models.JSONField(_("错误"), default=list)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")

    def __str__(self):
        return f"{self.park} · {self.filename}"

    @property
    def is_clean(self) -> bool:
        return bool(self.rows) and not self.errors


class EnterpriseClaim(models.Model):
    """A user's claim to be the rightful owner of an enterprise someone else registered
    first. The park's (or, without a park, the province's) administrator decides it; on
    approval the claimant becomes the owner and the earlier members' memberships end
    (recorded in `ended_memberships`)."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("已拒绝")

    enterprise = models.ForeignKey("enterprises.Enterprise", models.CASCADE, related_name="claims")
    claimant = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    note = models.TextField(_("说明"), max_length=1000)
    at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(
        _("审核结果"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    # [{"user": id, "username": ..., "role": ..., "joined_at": iso}] of the memberships the
    # approval ended.
    ended_memberships = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("企业认领申请")
        verbose_name_plural = _("企业认领申请")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "claimant"],
                condition=models.Q(decision="pending"),
                name="one_pending_claim_per_claimant",
            )
        ]

    def __str__(self):
        return f"{self.claimant} → {self.enterprise}"
