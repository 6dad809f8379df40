from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.selectors import assessment_of_member_or_404

from .content import EvidenceRejected
from .forms import EvidenceForm
from .models import Evidence
from .selectors import evidence_get_for_user, evidence_questions
from .services import EvidenceLocked, evidence_add, evidence_delete


def _section_url(assessment, code: str) -> str:
    return reverse("assessment:section", args=[assessment.pk, code]) + "#evidence"


@login_required
def upload(request, assessment_pk: int, code: str):
    """Attach a file to one question of a section; on a refusal, this page with the
    reason next to the field (nothing stored)."""
    assessment = assessment_of_member_or_404(pk=assessment_pk, user=request.user)
    if assessment.is_submitted:
        messages.error(request, _("问卷已经提交，证明材料不能再更改。"))
        return redirect("assessment:result", pk=assessment.pk)
    dimension = get_object_or_404(assessment.questionnaire.dimensions.all(), code=code)
    questions = list(evidence_questions(assessment=assessment, dimension=dimension))
    form = EvidenceForm(
        request.POST or None,
        request.FILES or None,
        questions=questions,
        initial={"question": request.GET.get("question")},
    )
    if request.method == "POST" and form.is_valid():
        upload_ = form.cleaned_data["file"]
        try:
            evidence_add(
                assessment=assessment,
                question_code=form.cleaned_data["question"],
                upload=upload_,
                user=request.user,
            )
        except EvidenceRejected as error:
            form.add_error("file", error.message)
        except EvidenceLocked:
            messages.error(request, _("问卷已经提交，证明材料不能再更改。"))
            return redirect("assessment:result", pk=assessment.pk)
        else:
            messages.success(request, _("已上传“%(name)s”。") % {"name": upload_.name})
            return redirect(_section_url(assessment, code))
    return render(
        request,
        "evidence/upload.html",
        {
            "assessment": assessment,
            "dimension": dimension,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def download(request, pk: int):
    """The file, only through this view: members, the park and province administrators
    of the assessment (404 for anyone else)."""
    evidence = evidence_get_for_user(pk=pk, user=request.user)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def delete(request, pk: int):
    """A member removes a file while the assessment is not submitted."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("assessment"),
        pk=pk,
        assessment__enterprise__memberships__user=request.user,
    )
    code = (
        evidence.assessment.questionnaire.dimensions.filter(questions__code=evidence.question_code)
        .values_list("code", flat=True)
        .first()
    )
    try:
        evidence_delete(evidence=evidence)
    except EvidenceLocked:
        messages.error(request, _("问卷已经提交，证明材料不能再更改。"))
        return redirect("assessment:result", pk=evidence.assessment_id)
    messages.success(request, _("已删除“%(name)s”。") % {"name": evidence.original_name})
    return redirect(_section_url(evidence.assessment, code))
