from pathlib import PurePosixPath
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A random key under the assessment: the uploaded name is kept in `original_name`,
    never in the storage key."""
    return f"evidence/{instance.assessment_id}/{uuid4().hex}{PurePosixPath(filename).suffix}"


class Evidence(models.Model):
    """A file an enterprise attaches to one answer to support it (a contract, a photo, a
    spreadsheet), its type read from its content."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        PNG = "png", "PNG"
        JPEG = "jpeg", "JPEG"
        XLSX = "xlsx", "Excel (XLSX)"
        CSV = "csv", "CSV"

    assessment = models.ForeignKey(
        "assessment.Assessment", models.CASCADE, related_name="evidence", verbose_name=_("评估")
    )
    question_code = models.CharField(_("题目代码"), max_length=60)
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("类型"), max_length=4, choices=Kind.choices)
    content_type = models.CharField(_("内容类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["question_code", "uploaded_at"]
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        indexes = [models.Index(fields=["assessment", "question_code"])]

    def __str__(self):
        return f"{self.question_code} · {self.original_name}"
