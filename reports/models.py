from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """The benchmark report of one submitted assessment, built by a Celery task.

    One row per assessment: building again resets this row (never a second one)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("生成失败")

    assessment = models.OneToOneField(
        "assessment.Assessment", models.CASCADE, related_name="report", verbose_name=_("评估")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.TextField(_("失败原因"), blank=True)
    queued_at = models.DateTimeField(_("排队时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
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

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
