"""The jobs that build exports and cohort reports in the background."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.jobs import Job


class CohortJob(Job):
    """A file built in the background for a cohort: an XLSX export or a cohort PDF report
    (a province's report is built in parts, one per park, counted in `parts_done`)."""

    task_name = "cohorts.tasks.build_cohort_job"

    class Kind(models.TextChoices):
        XLSX = "xlsx", _("Excel 导出")
        PDF = "pdf", _("群体报告 PDF")

    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    park = models.ForeignKey(
        "reference.Park", models.CASCADE, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey("reference.Province", models.CASCADE, related_name="+")
    filters = models.JSONField(_("筛选条件"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="cohort_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="cohorts/%Y/%m/", blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    parts_total = models.PositiveIntegerField(_("分部总数"), default=0)
    parts_done = models.PositiveIntegerField(_("已完成分部"), default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"])]
        verbose_name = _("群体文件任务")
        verbose_name_plural = _("群体文件任务")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.park or self.province} · {self.status}"


class CohortJobPart(models.Model):
    """One park's section of a province's cohort report, built by its own task for the
    claim `claim` of the job; the last part to finish assembles the PDF."""

    job = models.ForeignKey(CohortJob, models.CASCADE, related_name="parts")
    park = models.ForeignKey("reference.Park", models.CASCADE, related_name="+")
    claim = models.CharField(max_length=64)
    html = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "park", "claim"], name="cohort_job_part_once")
        ]
        verbose_name = _("群体报告分部")
        verbose_name_plural = _("群体报告分部")

    def __str__(self):
        return f"{self.job_id} · {self.park_id}"
