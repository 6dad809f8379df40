"""Who may call the data interface (tokens a staff member issues for one park or province)
and what every call was (the call log the platform audits)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A bearer token for one park or province. Only its SHA-256 is stored: the token
    itself is shown once, when it is issued. Revoked, never deleted (its calls keep it)."""

    name = models.CharField(_("名称"), max_length=100, help_text=_("例如调用方平台的名称。"))
    province = models.ForeignKey(
        "reference.Province", models.PROTECT, related_name="+", verbose_name=_("省份")
    )
    park = models.ForeignKey(
        "reference.Park",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("园区"),
        help_text=_("留空则为整个省份。"),
    )
    can_read = models.BooleanField(_("可读取数据"), default=True)
    can_import = models.BooleanField(_("可导入企业名单"), default=False)
    prefix = models.CharField(_("令牌前缀"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("签发人"),
    )
    created_at = models.DateTimeField(_("签发时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiCall(models.Model):
    """One call of the data interface, as it was answered. Rows are only ever added."""

    token = models.ForeignKey(
        ApiToken,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("接口令牌"),
    )
    province = models.ForeignKey(
        "reference.Province",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("省份"),
    )
    park = models.ForeignKey(
        "reference.Park",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("园区"),
    )
    method = models.CharField(_("方法"), max_length=10)
    path = models.CharField(_("路径"), max_length=500)
    query = models.CharField(_("查询参数"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("状态码"))
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    client_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("接口调用记录")
        verbose_name_plural = _("接口调用记录")

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"
