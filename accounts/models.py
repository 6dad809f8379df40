from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class AdminRole(models.Model):
    """A park administrator (park set) or a provincial administrator (province set)."""

    class Kind(models.TextChoices):
        PARK = "park", _("园区管理者")
        PROVINCE = "province", _("省级主管部门")

    # Roles whose holders sign in with a second factor (site staff always do). A new role
    # that must, is one more member here.
    SECOND_FACTOR_KINDS = (Kind.PARK, Kind.PROVINCE)

    user = models.ForeignKey(User, models.CASCADE, related_name="admin_roles")
    kind = models.CharField(_("角色"), max_length=10, choices=Kind.choices)
    park = models.ForeignKey(
        "reference.Park", models.CASCADE, null=True, blank=True, related_name="admin_roles"
    )
    province = models.ForeignKey(
        "reference.Province", models.CASCADE, null=True, blank=True, related_name="admin_roles"
    )

    class Meta:
        verbose_name = _("管理角色")
        verbose_name_plural = _("管理角色")
        constraints = [
            models.CheckConstraint(
                name="adminrole_scope_matches_kind",
                condition=(
                    models.Q(kind="park", park__isnull=False, province__isnull=True)
                    | models.Q(kind="province", province__isnull=False, park__isnull=True)
                ),
            ),
            models.UniqueConstraint(fields=["user", "park"], name="unique_park_admin"),
            models.UniqueConstraint(fields=["user", "province"], name="unique_province_admin"),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.park or self.province}"


class LoginEvent(models.Model):
    """One sign-in, failure, sign-out or timeout of an account. Written by the application,
    never changed: the audit trail the account's owner and the site staff read."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("密码验证成功")
        SSO_LOGIN = "sso_login", _("统一身份认证登录成功")
        LOGIN_FAILED = "login_failed", _("登录失败")
        SECOND_FACTOR = "second_factor", _("动态验证码验证成功")
        SECOND_FACTOR_FAILED = "second_factor_failed", _("动态验证码错误")
        RECOVERY_CODE = "recovery_code", _("使用恢复码登录")
        LOGOUT = "logout", _("退出登录")
        IDLE_TIMEOUT = "idle_timeout", _("长时间未操作，自动退出")

    user = models.ForeignKey(
        User, models.SET_NULL, null=True, blank=True, related_name="login_events"
    )
    username = models.CharField(_("用户名"), max_length=150)
    kind = models.CharField(_("事件"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-at"], name="loginevent_user_at"),
            models.Index(fields=["at"], name="loginevent_at"),
        ]

    def __str__(self):
        return f"{self.username} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"


class ExternalIdentity(models.Model):
    """An account's link to a person at an OpenID provider (统一身份认证): the issuer and
    the subject identify them there, so later sign-ins do not depend on the e-mail."""

    user = models.ForeignKey(User, models.CASCADE, related_name="external_identities")
    issuer = models.CharField(_("身份提供方"), max_length=255)
    subject = models.CharField(_("身份标识"), max_length=255)
    created_at = models.DateTimeField(_("关联时间"), default=timezone.now)
    last_login_at = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        verbose_name = _("统一身份认证关联")
        verbose_name_plural = _("统一身份认证关联")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity"),
        ]

    def __str__(self):
        return f"{self.user} · {self.issuer} · {self.subject}"
