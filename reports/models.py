from django.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import Job
from core.lang import localize


class Report(Job):
    """The benchmark report of one submitted assessment, built by a Celery task.

    One row per assessment: building again resets this row (never a second one)."""

    task_name = "reports.tasks.build_report"

    assessment = models.OneToOneField(
        "assessment.Assessment", models.CASCADE, related_name="report", verbose_name=_("评估")
    )
    html_seconds = models.FloatField(_("网页生成耗时（秒）"), null=True, blank=True)
    pdf_seconds = models.FloatField(_("PDF 生成耗时（秒）"), null=True, blank=True)
    methodology_version = models.CharField(_("方法版本"), max_length=100, blank=True)
    content = models.JSONField(_("报告内容"), null=True, blank=True)
    pdf = models.FileField(_("PDF 文件"), upload_to="reports/%Y/", blank=True)
    pdf_error = models.TextField(_("PDF 未生成的原因"), blank=True)

    class Meta:
        verbose_name = _("评估报告")
        verbose_name_plural = _("评估报告")
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.assessment} · {self.get_status_display()}"

    def content_in(self, language: str | None) -> dict | None:
        """The stored content with its texts in `language` (else the site's language).
        Content is stored once with every text a {language: text}; reports built before
        that were stored whole per language, {language: content}, which is the same shape
        one level up and is read the same way."""
        if not self.content:
            return None
        return localize(self.content, language)
