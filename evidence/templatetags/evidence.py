"""The evidence blocks of the assessment pages (the section and review pages sit in a
lower layer than this app, so they include these blocks rather than call it)."""

from django import template
from django.conf import settings

from evidence.forms import EvidenceForm
from evidence.selectors import evidence_by_question, evidence_missing, evidence_questions

register = template.Library()


@register.inclusion_tag("evidence/_section.html", takes_context=True)
def evidence_section(context, assessment, dimension):
    """The section's questions with their files, and the form that attaches one."""
    questions = list(evidence_questions(assessment=assessment, dimension=dimension))
    rows = evidence_by_question(assessment=assessment, questions=questions)
    # The form starts at the first question that needs evidence and has none yet.
    waiting = next((r["question"].code for r in rows if r["required"] and not r["files"]), None)
    return {
        "assessment": assessment,
        "dimension": dimension,
        "rows": rows,
        "form": EvidenceForm(questions=questions, initial={"question": waiting}),
        "editable": not assessment.is_submitted,
        "max_file_mb": settings.EVIDENCE_MAX_FILE_BYTES // (1024 * 1024),
        "max_total_mb": settings.EVIDENCE_MAX_ASSESSMENT_BYTES // (1024 * 1024),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("evidence/_summary.html")
def evidence_summary(assessment):
    """Every file of the assessment by question, and the questions still without the
    evidence a verification needs."""
    questions = list(evidence_questions(assessment=assessment))
    rows = [
        row
        for row in evidence_by_question(assessment=assessment, questions=questions)
        if row["files"]
    ]
    return {
        "assessment": assessment,
        "rows": rows,
        "missing": evidence_missing(assessment=assessment),
    }
