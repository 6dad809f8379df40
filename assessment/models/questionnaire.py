"""The questionnaire as versioned data: a published version is never changed."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.lang import bilingual, localized

from ..method import scoring_parameters, sector_for


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")

    code = models.SlugField(_("代码"), max_length=30)
    version = models.CharField(_("版本"), max_length=20)
    title_zh = models.CharField(_("中文标题"), max_length=200)
    title_en = models.CharField(_("英文标题"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="draft")
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    levels = models.JSONField(
        _("等级划分"),
        default=list,
        help_text=_("成熟度等级：分数下限与维度门槛。"),
    )
    applies_from = models.PositiveSmallIntegerField(
        _("适用起始年度"),
        null=True,
        blank=True,
        help_text=_("从这一年度起的评估轮次使用本版本；空表示不限。"),
    )
    # Sector modules: [{"code", "name_zh", "name_en", "divisions": ["25-28", ...],
    # "default": bool}]; a question with `sectors` belongs to those modules only.
    sector_modules = models.JSONField(_("行业模块"), default=list, blank=True)
    # The method's choices and why, shown on the methodology page: [{"title_zh", ...}].
    decisions = models.JSONField(_("方法说明"), default=list, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["code", "-published_on", "-version"]
        verbose_name = _("问卷版本")
        verbose_name_plural = _("问卷版本")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_questionnaire_version")
        ]

    def __str__(self):
        return f"{self.code} {self.version}"

    title = bilingual("title")

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def level_table(self) -> list[dict]:
        """The levels lowest first, each with its score band (`max_score`, None for the top)
        and its name and description in the active language: the one place level names are
        picked."""
        levels = sorted(self.levels, key=lambda lv: lv["level"])
        gated = self.pk and any(lv.get("gates") for lv in levels)
        names = {d.code: d.name for d in self.dimensions.all()} if gated else {}
        return [
            {
                **lv,
                "max_score": upper["min_score"] if upper else None,
                "name": localized(lv, "name"),
                "description": localized(lv, "description"),
                "gate_list": [
                    {"code": code, "name": names.get(code, code), "min_score": minimum}
                    for code, minimum in (lv.get("gates") or {}).items()
                ],
            }
            for lv, upper in zip(levels, [*levels[1:], None], strict=True)
        ]

    def sector_module(self, division: str | None) -> str:
        """The code of the sector module an enterprise of GB/T 4754 `division` answers
        ("" for a version without modules)."""
        return sector_for(self.sector_modules, division)

    def module_name(self, code: str) -> str:
        found = next((m for m in self.sector_modules if m["code"] == code), None)
        return localized(found, "name") if found else ""

    def level_info(self, level: int | None) -> dict | None:
        """One level of `level_table`, or None."""
        return next((lv for lv in self.level_table() if lv["level"] == level), None)

    def level_name(self, level: int | None) -> str:
        found = self.level_info(level)
        return found["name"] if found else ""


class Dimension(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="dimensions")
    code = models.CharField(_("代码"), max_length=4)
    order = models.PositiveSmallIntegerField(_("顺序"))
    name_zh = models.CharField(_("中文名称"), max_length=60)
    name_en = models.CharField(_("英文名称"), max_length=120)
    weight = models.PositiveSmallIntegerField(_("权重"))
    description_zh = models.TextField(_("中文说明"), blank=True)
    description_en = models.TextField(_("英文说明"), blank=True)
    sources = models.JSONField(_("来源文件"), default=list)
    best_of = models.JSONField(_("取最好的几项"), default=dict, blank=True)
    # Versions whose score of this dimension means the same (a trend is shown only then).
    comparable_with = models.JSONField(_("可比版本"), default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("维度")
        verbose_name_plural = _("维度")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_dimension_code")
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    name = bilingual("name")
    description = bilingual("description")


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("单选")
        MULTI = "multi", _("多选")
        YESNO = "yesno", _("是/否")
        INTEGER = "integer", _("整数")
        PERCENT = "percent", _("百分比")
        PAIR = "pair", _("部分/总数")
        TEXT = "text", _("文字")

    dimension = models.ForeignKey(Dimension, models.CASCADE, related_name="questions")
    code = models.CharField(_("代码"), max_length=60)
    order = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("题型"), max_length=10, choices=Kind.choices)
    text_zh = models.TextField(_("中文题目"))
    text_en = models.TextField(_("英文题目"))
    help_zh = models.TextField(_("中文说明"), blank=True)
    help_en = models.TextField(_("英文说明"), blank=True)
    required = models.BooleanField(_("必答"), default=True)
    weight = models.DecimalField(_("维度内权重"), max_digits=5, decimal_places=2, default=1)
    unit_zh = models.CharField(_("中文单位"), max_length=20, blank=True)
    unit_en = models.CharField(_("英文单位"), max_length=30, blank=True)
    min_value = models.IntegerField(_("最小值"), null=True, blank=True)
    max_value = models.IntegerField(_("最大值"), null=True, blank=True)
    scoring = models.JSONField(_("计分规则"), default=dict, blank=True)
    part_label_zh = models.CharField(_("部分（中文）"), max_length=100, blank=True)
    part_label_en = models.CharField(_("部分（英文）"), max_length=150, blank=True)
    whole_label_zh = models.CharField(_("总数（中文）"), max_length=100, blank=True)
    whole_label_en = models.CharField(_("总数（英文）"), max_length=150, blank=True)
    source = models.CharField(_("来源文件"), max_length=120)
    sectors = models.JSONField(_("适用行业模块"), default=list, blank=True)

    class Meta:
        ordering = ["dimension__order", "order"]
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="unique_question_code")
        ]

    def __str__(self):
        return self.code

    text = bilingual("text")
    help = bilingual("help")
    unit = bilingual("unit")
    part_label = bilingual("part_label")
    whole_label = bilingual("whole_label")

    @property
    def scoring_rule(self) -> dict:
        """The scoring parameters the method uses, defaults filled in (methodology page)."""
        return scoring_parameters(self.kind, self.scoring)


class Choice(models.Model):
    question = models.ForeignKey(Question, models.CASCADE, related_name="choices")
    value = models.CharField(_("取值"), max_length=40)
    order = models.PositiveSmallIntegerField(_("顺序"))
    label_zh = models.CharField(_("中文选项"), max_length=200)
    label_en = models.CharField(_("英文选项"), max_length=250)
    score = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, default=0)
    exclusive = models.BooleanField(_("排他选项"), default=False)
    not_applicable = models.BooleanField(_("不适用（不计分）"), default=False)

    class Meta:
        ordering = ["question", "order"]
        verbose_name = _("选项")
        verbose_name_plural = _("选项")
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="unique_choice_value")
        ]

    def __str__(self):
        return self.label

    label = bilingual("label")


class Rule(models.Model):
    """A cross-field rule between two questions, e.g. networked equipment <= all equipment."""

    class Kind(models.TextChoices):
        LTE = "lte", _("不大于")

    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="rules")
    code = models.CharField(_("代码"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices, default=Kind.LTE)
    left = models.ForeignKey(Question, models.CASCADE, related_name="+")
    right = models.ForeignKey(Question, models.CASCADE, related_name="+")
    message_zh = models.CharField(_("中文提示"), max_length=200)
    message_en = models.CharField(_("英文提示"), max_length=250)

    class Meta:
        verbose_name = _("交叉校验规则")
        verbose_name_plural = _("交叉校验规则")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_rule_code")
        ]

    def __str__(self):
        return self.code

    message = bilingual("message")


class Indicator(models.Model):
    """A value computed from answers (e.g. the CNC rate of key processes); targets refer to it."""

    class Method(models.TextChoices):
        RATIO = "ratio", _("部分/总数 × 100")
        VALUE = "value", _("答案数值")
        ANY_OF = "any_of", _("选中任一选项即为 100")
        CHOICE_AT_LEAST = "choice_at_least", _("所选选项不低于某一档即为 100")

    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="indicators")
    code = models.CharField(_("代码"), max_length=60)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name_zh = models.CharField(_("中文名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    unit = models.CharField(_("单位"), max_length=10, blank=True)
    method = models.CharField(_("计算方法"), max_length=20, choices=Method.choices)
    question = models.ForeignKey(Question, models.CASCADE, related_name="indicators")
    params = models.JSONField(_("参数"), default=dict, blank=True)
    source = models.CharField(_("来源文件"), max_length=120)

    class Meta:
        ordering = ["questionnaire", "order"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "code"], name="unique_indicator_code")
        ]

    def __str__(self):
        return self.code

    name = bilingual("name")

    @property
    def is_flag(self) -> bool:
        """A yes/no indicator stored as 0 or 100 (shares of enterprises are taken over it)."""
        return self.method in {self.Method.ANY_OF, self.Method.CHOICE_AT_LEAST}
