"""The service-provider pool of a park or a province: providers, their solutions, the
enterprises' requests for contact (对接) and their ratings of the work."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from enterprises.validators import validate_credit_code


class Provider(models.Model):
    """A service provider in the pool of one park or one province (its owner scope)."""

    park = models.ForeignKey(
        "reference.Park", models.CASCADE, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        "reference.Province", models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("服务商名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, validators=[validate_credit_code]
    )
    contact_name = models.CharField(_("联系人"), max_length=60, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    provinces_served = models.ManyToManyField(
        "reference.Province", blank=True, related_name="+", verbose_name=_("服务省份")
    )
    cities_served = models.ManyToManyField(
        "reference.City", blank=True, related_name="+", verbose_name=_("服务城市")
    )
    tier = models.CharField(
        _("服务商等级"), max_length=40, blank=True, help_text=_("省级主管部门评定的等级（如有）。")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("服务商")
        verbose_name_plural = _("服务商")
        constraints = [
            models.CheckConstraint(
                name="provider_owner_park_or_province",
                condition=models.Q(park__isnull=False, province__isnull=True)
                | models.Q(park__isnull=True, province__isnull=False),
            ),
            models.UniqueConstraint(fields=["park", "credit_code"], name="unique_provider_in_park"),
            models.UniqueConstraint(
                fields=["province", "credit_code"], name="unique_provider_in_province"
            ),
        ]

    def __str__(self):
        return self.name


class PriceBand(models.TextChoices):
    FREE = "free", _("免费或政府补贴")
    LOW = "low", _("5 万元以下")
    MEDIUM = "medium", _("5–50 万元")
    HIGH = "high", _("50 万元以上")


class Solution(models.Model):
    """What a provider does: the dimensions and indicators it addresses and whom it fits
    (an empty list of sizes or industries fits every one)."""

    provider = models.ForeignKey(Provider, models.CASCADE, related_name="solutions")
    title = models.CharField(_("解决方案"), max_length=200)
    description = models.TextField(_("内容"), blank=True)
    dimension_codes = models.JSONField(_("针对的维度"), default=list, blank=True)
    indicator_codes = models.JSONField(_("针对的指标"), default=list, blank=True)
    size_classes = models.JSONField(_("适合的企业规模"), default=list, blank=True)
    industry_codes = models.JSONField(_("适合的行业"), default=list, blank=True)
    price_band = models.CharField(
        _("价格区间"), max_length=10, choices=PriceBand.choices, default=PriceBand.LOW
    )
    quick_light = models.BooleanField(
        _("小快轻准"), default=False, help_text=_("小型、快速、轻量、精准的产品。")
    )
    active = models.BooleanField(_("上架"), default=True)

    class Meta:
        ordering = ["provider__name", "title"]
        verbose_name = _("解决方案")
        verbose_name_plural = _("解决方案")

    def __str__(self):
        return f"{self.provider} · {self.title}"


class Share(models.TextChoices):
    """What an enterprise may share with the provider, ticked per request."""

    CONTACT = "contact", _("企业名称和联系方式")
    SCORES = "scores", _("本企业的评估得分")
    ANSWERS = "answers", _("本企业在该方案所涉维度的答卷")


class ContactRequest(models.Model):
    """An enterprise's request for contact with a solution's provider (对接), handled by
    its park, or its province when it belongs to no park. `shared` holds what the
    enterprise agreed to share, copied when it asked: nothing else goes to the provider."""

    class Status(models.TextChoices):
        NEW = "new", _("待安排")
        ARRANGED = "arranged", _("已安排")
        CLOSED = "closed", _("已结束")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="contact_requests"
    )
    solution = models.ForeignKey(Solution, models.PROTECT, related_name="requests")
    park = models.ForeignKey(
        "reference.Park", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey("reference.Province", models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    message = models.TextField(_("需求说明"), blank=True)
    shares = models.JSONField(_("同意提供的信息"), default=list, blank=True)
    shared = models.JSONField(_("提供给服务商的信息"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.NEW)
    notes = models.TextField(_("对接记录"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("对接申请")
        verbose_name_plural = _("对接申请")
        indexes = [models.Index(fields=["park", "status"]), models.Index(fields=["province"])]

    def __str__(self):
        return f"{self.enterprise} → {self.solution}"


class Rating(models.Model):
    """The enterprise's rating of the provider after the work, once per request."""

    request = models.OneToOneField(ContactRequest, models.CASCADE, related_name="rating")
    provider = models.ForeignKey(Provider, models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField(
        _("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("评语"), blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("服务评价")
        verbose_name_plural = _("服务评价")
        constraints = [
            models.CheckConstraint(
                name="rating_score_1_to_5", condition=models.Q(score__gte=1, score__lte=5)
            )
        ]

    def __str__(self):
        return f"{self.provider} · {self.score}"


class ProviderImport(models.Model):
    """An uploaded spreadsheet of providers and solutions: previewed with its errors per
    row, imported whole once the administrator confirms a clean file."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("待确认")
        IMPORTED = "imported", _("已导入")

    park = models.ForeignKey(
        "reference.Park", models.CASCADE, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        "reference.Province", models.CASCADE, null=True, blank=True, related_name="+"
    )
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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("服务商导入批次")
        verbose_name_plural = _("服务商导入批次")

    def __str__(self):
        return self.filename

    @property
    def is_clean(self) -> bool:
        return bool(self.rows) and not self.errors and self.status == self.Status.PREVIEW
