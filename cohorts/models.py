"""The jobs that build exports and cohort reports in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CohortJob(models.Model):
    """A file built in the background for a cohort: an XLSX export or a cohort PDF report."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Excel 导出")
        PDF = "pdf", _("群体报告 PDF")

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("生成中")
        SUCCESS = "success", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    park = models.ForeignKey(
        "reference.Park", models.CASCADE, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey("reference.Province", models.CASCADE, related_name="+")
    filters = models.JSONField(_("筛选条件"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="cohort_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="cohorts/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("群体文件任务")
        verbose_name_plural = _("群体文件任务")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.park or self.province} · {self.status}"
