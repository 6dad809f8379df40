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
