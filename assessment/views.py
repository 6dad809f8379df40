from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises.selectors import enterprise_of

from .forms import SectionForm
from .methodology import methodology_context
from .models import Assessment, Questionnaire, Section
from .rounds import current_round, published_questionnaire, round_window
from .selectors import (
    answers_of,
    assessment_of_member_or_404,
    assessment_problems,
    assessment_progress,
    assessment_result,
    assessment_review,
    assessment_spec,
    section_changes,
    section_dimension,
)
from .services import (
    AlreadySubmitted,
    RoundClosed,
    SectionConflict,
    assessment_start,
    section_save,
)


def methodology(request):
    """Public page: how the score and level of a questionnaire version are made."""
    version = request.GET.get("version")
    if version:
        questionnaire = get_object_or_404(
            Questionnaire, version=version, status=Questionnaire.Status.PUBLISHED
        )
    else:
        questionnaire = published_questionnaire()
    context = methodology_context(questionnaire, province_code=request.GET.get("province"))
    return render(request, "assessment/methodology.html", context)


def _get_assessment(request, pk: int) -> Assessment:
    """The assessment if it belongs to the user's enterprise; any other is a 404."""
    return assessment_of_member_or_404(pk=pk, user=request.user)


def _refuse_submitted(request, assessment: Assessment):
    messages.error(request, _("这份问卷已经提交，不能再修改。"))
    return redirect("assessment:result", pk=assessment.pk)


@login_required
@require_POST
def start(request):
    """Open (or reopen) the enterprise's assessment of the current round."""
    enterprise = enterprise_of(user=request.user)
    if enterprise is None:
        return redirect("enterprises:profile")
    round_ = current_round()
    if not round_window(round=round_, enterprise=enterprise)["open"]:
        messages.error(request, _("目前没有开放的评估轮次。"))
        return redirect("enterprise_dashboard")
    assessment = assessment_start(enterprise=enterprise, round=round_)
    return redirect("assessment:resume", pk=assessment.pk)


@login_required
def resume(request, pk: int):
    """Back to where the user left off: the first section with required answers missing."""
    assessment = _get_assessment(request, pk)
    if assessment.is_submitted:
        return redirect("assessment:result", pk=pk)
    progress = assessment_progress(assessment=assessment, answers=answers_of(assessment))
    unfinished = progress.first_unfinished
    if unfinished is None:
        return redirect("assessment:review", pk=pk)
    return redirect("assessment:section", pk=pk, code=unfinished.dimension.code)


def _closed_message(window: dict) -> str:
    return _("本轮评估已于 %(date)s 截止，不能再保存或提交。") % {
        "date": formats.date_format(window["closes_on"], "DATE_FORMAT")
    }


def _after_save(request, assessment: Assessment, code: str, progress) -> str:
    go = request.POST.get("go", "next")
    if go == "stay":
        return reverse("assessment:section", args=[assessment.pk, code])
    if go == "leave":
        return reverse("enterprise_dashboard")
    if go == "prev" and progress.before(code):
        return reverse(
            "assessment:section", args=[assessment.pk, progress.before(code).dimension.code]
        )
    following = progress.after(code)
    if go == "next" and following:
        return reverse("assessment:section", args=[assessment.pk, following.dimension.code])
    return reverse("assessment:review", args=[assessment.pk])


@login_required
def section(request, pk: int, code: str):
    """One dimension's questions: save as a draft, then on to the next section."""
    assessment = _get_assessment(request, pk)
    if assessment.is_submitted:
        return _refuse_submitted(request, assessment)
    dimension = section_dimension(assessment=assessment, code=code)
    spec = assessment_spec(assessment=assessment)
    stored = answers_of(assessment)
    window = round_window(round=assessment.round, enterprise=assessment.enterprise)
    changes = conflict = None
    stored_problems = False
    if request.method == "POST" and window["closed"]:
        messages.error(request, _closed_message(window))
        return redirect("assessment:section", pk=pk, code=code)
    if request.method == "POST":
        form = SectionForm(request.POST, dimension=dimension, spec=spec, others=stored)
        if form.is_valid():
            try:
                section_save(
                    assessment=assessment,
                    dimension=dimension,
                    answers=form.answers(),
                    revision=form.cleaned_data["revision"],
                    user=request.user,
                )
            except AlreadySubmitted:
                return _refuse_submitted(request, assessment)
            except RoundClosed:
                messages.error(request, _closed_message(window))
                return redirect("assessment:section", pk=pk, code=code)
            except SectionConflict as error:
                stored = answers_of(assessment)
                if error.section.pk is None:  # never saved: a revision no page gave out
                    messages.error(request, _("本页已过期，内容还没有保存；请核对后再点“保存”。"))
                else:
                    conflict = error.section
                    changes = section_changes(
                        dimension=dimension, stored=stored, typed=form.answers()
                    )
                data = request.POST.copy()
                data["revision"] = error.section.revision
                form = SectionForm(data, dimension=dimension, spec=spec, others=stored)
                form.is_valid()
            else:
                messages.success(request, _("已保存“%(name)s”。") % {"name": dimension.name})
                stored = answers_of(assessment)
                progress = assessment_progress(assessment=assessment, answers=stored)
                return redirect(_after_save(request, assessment, code, progress))
    else:
        revision = (
            Section.objects.filter(assessment=assessment, dimension=dimension)
            .values_list("revision", flat=True)
            .first()
        )
        initial = {**SectionForm.initial_for(dimension, stored), "revision": revision or 0}
        form = SectionForm(initial=initial, dimension=dimension, spec=spec, others=stored)
        if any(
            p.dimension.code == code and not p.missing
            for p in assessment_problems(assessment=assessment, answers=stored)
        ):
            # Stored answers that cannot be submitted (a rule broken by a change in another
            # section): the form checks them as if posted, its messages next to the fields.
            form = SectionForm(
                SectionForm.data_for(dimension, initial),
                dimension=dimension,
                spec=spec,
                others=stored,
            )
            form.is_valid()
            stored_problems = True
    progress = assessment_progress(assessment=assessment, answers=stored)
    current = next(s for s in progress.sections if s.dimension.code == code)
    return render(
        request,
        "assessment/section.html",
        {
            "assessment": assessment,
            "dimension": dimension,
            "form": form,
            "progress": progress,
            "current": current,
            "previous": progress.before(code),
            "following": progress.after(code),
            "conflict": conflict,
            "conflict_at": conflict and formats.date_format(conflict.updated_at, "DATETIME_FORMAT"),
            "changes": changes,
            "stored_problems": stored_problems,
            "window": window,
            "closed_message": window["closed"] and _closed_message(window),
        },
    )


@login_required
def review(request, pk: int):
    """Every answer and the sections still missing; the page's button submits (reports)."""
    assessment = _get_assessment(request, pk)
    if assessment.is_submitted:
        return redirect("assessment:result", pk=pk)
    answers = answers_of(assessment)
    window = round_window(round=assessment.round, enterprise=assessment.enterprise)
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "sections": assessment_review(assessment=assessment, answers=answers),
            "progress": assessment_progress(assessment=assessment, answers=answers),
            "problems": assessment_problems(assessment=assessment, answers=answers),
            "window": window,
            "closed_message": window["closed"] and _closed_message(window),
        },
    )


# How many of the report's steps the result page names under "next step".
NEXT_STEPS = 3


@login_required
def result(request, pk: int):
    """Score, level, dimension scores and indicator values of a submitted assessment."""
    assessment = _get_assessment(request, pk)
    if not assessment.is_submitted:
        return redirect("assessment:resume", pk=pk)
    report = getattr(assessment, "report", None)
    content = report.content_in(get_language()) if report is not None else None
    next_steps = (content or {}).get("steps", [])[:NEXT_STEPS]
    # Steps already in the enterprise's action plan (reverse relation, no upward import).
    in_plan = set(assessment.enterprise.actions.values_list("step_code", flat=True))
    for step in next_steps:
        step["in_plan"] = step["code"] in in_plan
    return render(
        request,
        "assessment/result.html",
        {
            "assessment": assessment,
            **assessment_result(assessment=assessment),
            # The first concrete steps the report picked from the answers, once it is built.
            "next_steps": next_steps,
            "report": report,
        },
    )
