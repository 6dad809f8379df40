from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import Job


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
        """The stored content in `language`, else in the site's language."""
        if not self.content:
            return None
        return self.content.get(language or "") or self.content.get(settings.LANGUAGE_CODE)
