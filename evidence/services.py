"""Writes that concern evidence files, and removing an enterprise with its files."""

import hashlib

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from assessment.models import Assessment, Question
from enterprises.models import Enterprise
from reports.models import Report

from .content import EvidenceRejected, evidence_sniff
from .models import Evidence
from .selectors import evidence_bytes_used


class EvidenceLocked(Exception):
    """The assessment is submitted: its evidence no longer changes."""


def evidence_add(*, assessment: Assessment, question_code: str, upload, user) -> Evidence:
    """Keep `upload` as evidence for one answer. EvidenceRejected (nothing stored) when
    the file is too big, would take the assessment over its limit, or is not a PDF, PNG,
    JPEG, XLSX or CSV that opens."""
    if not Question.objects.filter(
        dimension__questionnaire_id=assessment.questionnaire_id, code=question_code
    ).exists():
        raise EvidenceRejected(_("没有这道题目。"))
    limit = settings.EVIDENCE_MAX_FILE_BYTES
    if upload.size > limit:
        raise EvidenceRejected(
            _("文件有 %(size)s MB，超过每个文件 %(limit)s MB 的上限。")
            % {"size": _megabytes(upload.size), "limit": _megabytes(limit)}
        )
    sniffed = evidence_sniff(file=upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        # One upload at a time per assessment, so two cannot both pass the limit.
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.is_submitted:
            raise EvidenceLocked
        total = settings.EVIDENCE_MAX_ASSESSMENT_BYTES
        if evidence_bytes_used(assessment=locked) + upload.size > total:
            raise EvidenceRejected(
                _("本次评估的证明材料合计不能超过 %(limit)s MB。") % {"limit": _megabytes(total)}
            )
        evidence = Evidence(
            assessment=locked,
            question_code=question_code,
            original_name=_name(upload.name),
            kind=sniffed.kind,
            content_type=sniffed.content_type,
            size=upload.size,
            sha256=digest.hexdigest(),
            uploaded_by=user,
        )
        evidence.file.save(f"upload.{sniffed.kind}", upload, save=False)
        try:
            evidence.save()
        except Exception:
            default_storage.delete(evidence.file.name)
            raise
    return evidence


def evidence_delete(*, evidence: Evidence) -> None:
    """Remove a file of an assessment not yet submitted: the row, then (once that is
    committed) the stored file."""
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=evidence.assessment_id)
        if locked.is_submitted:
            raise EvidenceLocked
        name = evidence.file.name
        evidence.delete()
        transaction.on_commit(lambda: _delete_files([name]))


def enterprise_delete(*, enterprise: Enterprise) -> int:
    """Delete an enterprise with everything it entered (assessments, answers, reports,
    evidence, memberships) and, once that is committed, the files in storage: its
    evidence and its report PDFs. Returns the number of files removed."""
    names = list(
        Evidence.objects.filter(assessment__enterprise=enterprise).values_list("file", flat=True)
    ) + list(
        Report.objects.filter(assessment__enterprise=enterprise)
        .exclude(pdf="")
        .values_list("pdf", flat=True)
    )
    with transaction.atomic():
        enterprise.delete()
        transaction.on_commit(lambda: _delete_files(names))
    return len(names)


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _name(name: str) -> str:
    """The uploaded name without any folder, within the column's length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1] or "file"
    return base[-200:]
