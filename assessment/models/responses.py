from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """One enterprise's answers for one round. The enterprise's attributes are copied in
    when it is created and again at submission, so cohort statistics of a round keep the
    park, industry and size the enterprise had then."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填写中")
        SUBMITTED = "submitted", _("已提交")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", models.CASCADE, related_name="assessments"
    )
    round = models.ForeignKey("assessment.Round", models.PROTECT, related_name="assessments")
    questionnaire = models.ForeignKey(
        "assessment.Questionnaire", models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default="draft")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overall_score = models.FloatField(_("总分"), null=True, blank=True)
    level = models.PositiveSmallIntegerField(_("成熟度等级"), null=True, blank=True)
    # Snapshot of the enterprise for cohort statistics.
    province = models.ForeignKey("reference.Province", models.PROTECT, related_name="+")
    city = models.ForeignKey("reference.City", models.PROTECT, related_name="+")
    park = models.ForeignKey(
        "reference.Park", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    industry = models.ForeignKey("reference.Industry", models.PROTECT, related_name="+")
    size_class = models.CharField(max_length=10)
    above_designated_size = models.BooleanField(default=False)
    # The scored result, one row per assessment so that cohort statistics read one row per
    # enterprise: {dimension code: score 0–100}, {indicator code: value} (a rate in %, or
    # 0/100 for a flag; an unanswered indicator is absent) and, for ratio indicators,
    # {indicator code: [part, whole]} (a cohort's pooled rate is Σ part ÷ Σ whole).
    scores = models.JSONField(default=dict, blank=True)
    indicators = models.JSONField(default=dict, blank=True)
    ratio_parts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-round__opens_on"]
        verbose_name = _("评估")
        verbose_name_plural = _("评估")
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "round"], name="one_assessment_per_round")
        ]
        indexes = [
            # The overall score last: a cohort's weakest first without a sort (heat map).
            models.Index(fields=["round", "status", "province", "overall_score"]),
            models.Index(fields=["round", "status", "park", "overall_score"]),
            models.Index(fields=["round", "status", "industry"]),
            models.Index(fields=["round", "status", "city"]),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.round}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Section(models.Model):
    """One dimension's page of one assessment; `revision` detects concurrent saves."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="sections")
    dimension = models.ForeignKey("assessment.Dimension", models.CASCADE, related_name="+")
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="unique_section")
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.dimension_id} r{self.revision}"


class Answer(models.Model):
    """The typed answer to one question, as JSON: a choice value, a list of values, a
    boolean, a number, {"part": n, "whole": m}, or text."""

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="answers")
    question = models.ForeignKey("assessment.Question", models.PROTECT, related_name="answers")
    value = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="unique_answer")
        ]

    def __str__(self):
        return f"{self.assessment_id}/{self.question_id}"
