from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .validators import validate_credit_code


class SizeClass(models.TextChoices):
    """Size classes for industry as the national SME classification defines them
    (工信部联企业〔2011〕300号: employees and revenue)."""

    MICRO = "micro", _("微型")
    SMALL = "small", _("小型")
    MEDIUM = "medium", _("中型")
    LARGE = "large", _("大型")


class Enterprise(models.Model):
    name = models.CharField(_("企业名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        error_messages={"unique": _("该统一社会信用代码的企业已经注册。")},
    )
    industry = models.ForeignKey(
        "reference.Industry", models.PROTECT, verbose_name=_("行业大类"), related_name="+"
    )
    size_class = models.CharField(_("企业规模"), max_length=10, choices=SizeClass.choices)
    above_designated_size = models.BooleanField(
        _("规模以上企业"), default=False, help_text=_("年主营业务收入 2000 万元及以上。")
    )
    employees = models.PositiveIntegerField(_("从业人员数"), null=True, blank=True)
    revenue = models.DecimalField(
        _("上年营业收入（万元）"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    # When the owner last confirmed employees and revenue (size class and 规模以上 are
    # derived from them); empty for an enterprise registered before they were asked.
    size_confirmed_at = models.DateTimeField(_("规模数据确认时间"), null=True, blank=True)
    province = models.ForeignKey(
        "reference.Province", models.PROTECT, verbose_name=_("省份"), related_name="+"
    )
    city = models.ForeignKey(
        "reference.City", models.PROTECT, verbose_name=_("城市"), related_name="+"
    )
    park = models.ForeignKey(
        "reference.Park",
        models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("所在园区"),
        related_name="enterprises",
    )
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")
        indexes = [models.Index(fields=["park", "industry"]), models.Index(fields=["province"])]

    def __str__(self):
        return self.name

    @property
    def size_needs_confirmation(self) -> bool:
        """Whether the owner has yet to confirm employees and revenue (a prompt shows)."""
        return self.size_confirmed_at is None


class Membership(models.Model):
    """A user who fills in the questionnaire for an enterprise."""

    class Role(models.TextChoices):
        OWNER = "owner", _("负责人")
        COLLEAGUE = "colleague", _("同事")

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices, default=Role.OWNER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("企业成员")
        verbose_name_plural = _("企业成员")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "user"], name="unique_membership"),
            models.UniqueConstraint(fields=["user"], name="one_enterprise_per_user"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.enterprise}"


class ParkJoinRequest(models.Model):
    """An enterprise's request to join a park it chose without the park's invitation code.
    Until the park's (or its province's) administrator approves it the enterprise belongs
    to no park; it still counts in its province."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已同意")
        REFUSED = "refused", _("已拒绝")
        WITHDRAWN = "withdrawn", _("已撤回")

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="park_join_requests")
    park = models.ForeignKey("reference.Park", models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    decision = models.CharField(
        _("审核结果"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("加入园区申请")
        verbose_name_plural = _("加入园区申请")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=models.Q(decision="pending"),
                name="one_pending_park_join_request",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} → {self.park}"


class Invitation(models.Model):
    """A one-time code that lets a colleague join an enterprise (valid for `VALID_DAYS`)."""

    VALID_DAYS = 14

    enterprise = models.ForeignKey(Enterprise, models.CASCADE, related_name="invitations")
    code = models.CharField(_("邀请码"), max_length=32, unique=True)
    email = models.EmailField(_("同事邮箱"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("同事邀请")
        verbose_name_plural = _("同事邀请")

    def __str__(self):
        return f"{self.enterprise} · {self.code}"

    def get_absolute_url(self):
        return reverse("enterprises:join", args=[self.code])

    @property
    def expires_at(self):
        return self.created_at + timedelta(days=self.VALID_DAYS)

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and timezone.now() < self.expires_at
