from django.contrib.auth.models import AbstractUser
from django.db import models
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
