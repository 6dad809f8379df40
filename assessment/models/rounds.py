from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lang import bilingual


class Round(models.Model):
    """An assessment round: a year, the questionnaire version it uses, open and close dates."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    questionnaire = models.ForeignKey(
        "assessment.Questionnaire", models.PROTECT, related_name="rounds", verbose_name=_("问卷")
    )
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("截止日期"))

    class Meta:
        ordering = ["-opens_on"]
        get_latest_by = "opens_on"
        verbose_name = _("评估轮次")
        verbose_name_plural = _("评估轮次")

    def __str__(self):
        return self.name

    name = bilingual("name")

    @property
    def is_open(self) -> bool:
        """Open for everyone (an enterprise whose park or province extended the round may
        still be within its own closing date: assessment.rounds.round_closes_on)."""
        return self.opens_on <= timezone.localdate() <= self.closes_on


class RoundExtension(models.Model):
    """A later closing date of a round for one park or one province, set by its
    administrator. Parks and provinces run their own campaigns, so an extension is never
    global: an enterprise's closing date is the latest of the round's own and those of
    its park and its province. Rows are only added (each records who set it and when);
    every new one is later than the date it extends."""

    round = models.ForeignKey(
        Round, models.CASCADE, related_name="extensions", verbose_name=_("评估轮次")
    )
    park = models.ForeignKey(
        "reference.Park",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="round_extensions",
        verbose_name=_("园区"),
    )
    province = models.ForeignKey(
        "reference.Province",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="round_extensions",
        verbose_name=_("省份"),
    )
    closes_on = models.DateField(_("延长后的截止日期"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("设置人"),
    )
    at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("轮次延期")
        verbose_name_plural = _("轮次延期")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(park__isnull=False, province__isnull=True)
                | models.Q(park__isnull=True, province__isnull=False),
                name="round_extension_park_or_province",
            )
        ]
        indexes = [models.Index(fields=["round", "park", "province"])]

    def __str__(self):
        return f"{self.round} {self.park or self.province} → {self.closes_on}"


class Target(models.Model):
    """A policy target or reference figure that reports benchmark against (domain.md)."""

    class Comparison(models.TextChoices):
        GT = "gt", ">"
        GTE = "gte", "≥"

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业值（及群体均值）")
        POPULATION = "population", _("群体占比")
        COUNT = "count", _("总量")
        REFERENCE = "reference", _("已达水平（参照）")
        CONTEXT = "context", _("背景")

    class Population(models.TextChoices):
        ALL = "all", _("全部企业")
        ABOVE_SCALE = "above_scale", _("规模以上企业")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    province = models.ForeignKey(
        "reference.Province",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("地区"),
        help_text=_("留空表示全国。"),
    )
    indicator_code = models.CharField(_("指标代码"), max_length=60, blank=True)
    name_zh = models.CharField(_("中文名称"), max_length=200)
    name_en = models.CharField(_("英文名称"), max_length=250)
    comparison = models.CharField(_("比较"), max_length=3, choices=Comparison.choices)
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    unit_zh = models.CharField(_("单位（中文）"), max_length=10, blank=True)
    unit_en = models.CharField(_("单位（英文）"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("目标年份"), null=True, blank=True)
    kind = models.CharField(_("类型"), max_length=12, choices=Kind.choices)
    population = models.CharField(
        _("统计范围"), max_length=12, choices=Population.choices, default=Population.ALL
    )
    source = models.CharField(_("来源"), max_length=200)
    note_zh = models.TextField(_("中文备注"), blank=True)
    note_en = models.TextField(_("英文备注"), blank=True)

    class Meta:
        ordering = ["province__code", "indicator_code", "year"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")

    def __str__(self):
        return (
            f"{self.province or '全国'} {self.name_zh} {self.get_comparison_display()} {self.value}"
        )

    name = bilingual("name")
    note = bilingual("note")
    unit = bilingual("unit")

    @property
    def is_benchmark(self) -> bool:
        """Whether our data can be held against it (it names an indicator we compute)."""
        return bool(self.indicator_code) and self.kind in {
            self.Kind.ENTERPRISE,
            self.Kind.POPULATION,
        }

    def is_met_by(self, value: float | None) -> bool | None:
        if value is None:
            return None
        target = float(self.value)
        return value > target if self.comparison == self.Comparison.GT else value >= target
