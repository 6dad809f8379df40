"""Reads that concern evidence files."""

from django.db.models import Sum
from django.http import Http404

from assessment.models import Assessment, Question
from core.lang import localized
from reports.selectors import assessment_viewable_by

from .models import Evidence
from .requirements import evidence_requirements


def evidence_get_for_user(*, pk: int, user) -> Evidence:
    """The evidence file `pk` if `user` may read it (the enterprise's members, the
    administrators of the assessment's park and province), else Http404."""
    evidence = Evidence.objects.select_related("assessment").filter(pk=pk).first()
    if evidence is None or not assessment_viewable_by(assessment=evidence.assessment, user=user):
        raise Http404
    return evidence


def evidence_bytes_used(*, assessment: Assessment) -> int:
    return Evidence.objects.filter(assessment=assessment).aggregate(total=Sum("size"))["total"] or 0


def evidence_by_question(*, assessment: Assessment, questions) -> list[dict]:
    """One row per question of `questions` that has evidence or needs it: the question,
    whether verification needs evidence (with what it usually is) and its files."""
    required = evidence_requirements(questionnaire=assessment.questionnaire)
    files: dict[str, list[Evidence]] = {}
    for evidence in Evidence.objects.filter(assessment=assessment).select_related("uploaded_by"):
        files.setdefault(evidence.question_code, []).append(evidence)
    rows = []
    for question in questions:
        need = required.get(question.code)
        rows.append(
            {
                "question": question,
                "required": need is not None,
                "note": need and localized(need, "note"),
                "files": files.get(question.code, []),
            }
        )
    return rows


def evidence_questions(*, assessment: Assessment, dimension=None):
    """The questions of the assessment's questionnaire (of one dimension if given)."""
    questions = Question.objects.filter(dimension__questionnaire_id=assessment.questionnaire_id)
    if dimension is not None:
        questions = questions.filter(dimension=dimension)
    return questions.select_related("dimension").order_by("dimension__order", "order")


def evidence_missing(*, assessment: Assessment) -> list[Question]:
    """The questions that need evidence for verification and have none yet."""
    required = evidence_requirements(questionnaire=assessment.questionnaire)
    have = set(
        Evidence.objects.filter(assessment=assessment).values_list("question_code", flat=True)
    )
    return [
        question
        for question in evidence_questions(assessment=assessment)
        if question.code in required and question.code not in have
    ]
