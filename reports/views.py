from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.selectors import adopted_step_codes
from actions.services import action_adopt
from assessment.selectors import assessment_of_member_or_404
from assessment.services import AlreadySubmitted, NotComplete, RoundClosed

from .models import Report
from .selectors import assessment_get_for_user, report_get_for_user
from .services import assessment_submit_and_report, report_request


@login_required
@require_POST
def submit(request, assessment_pk: int):
    """Submit a complete assessment: it is scored, locked and its report is queued."""
    assessment = assessment_of_member_or_404(pk=assessment_pk, user=request.user)
    try:
        assessment_submit_and_report(assessment=assessment, user=request.user)
    except AlreadySubmitted:
        messages.error(request, _("这份问卷已经提交，不能再修改。"))
        return redirect("assessment:result", pk=assessment.pk)
    except RoundClosed:
        messages.error(request, _("本轮评估已截止，问卷不能再提交。"))
        return redirect("assessment:review", pk=assessment.pk)
    except NotComplete as error:
        messages.error(
            request,
            _("还有 %(count)s 处答案需要补全或修改，请按下面的清单修改后再提交。")
            % {"count": len(error.problems)},
        )
        return redirect("assessment:review", pk=assessment.pk)
    messages.success(request, _("问卷已提交，以下是评估结果。"))
    return redirect("assessment:result", pk=assessment.pk)


@login_required
def detail(request, pk: int):
    """The report on screen; while it is not built yet, its status page."""
    report = report_get_for_user(pk=pk, user=request.user)
    content = report.content_in(get_language())
    if content is None:
        return redirect("reports:status", pk=report.pk)
    # Members put steps into their plan from here (administrators only read the report).
    adoptable = report.assessment.enterprise.memberships.filter(user=request.user).exists()
    if adoptable:
        adopted = adopted_step_codes(enterprise_id=report.assessment.enterprise_id)
        for step in content.get("steps", []):
            step["adopted_id"] = adopted.get(step["code"])
    return render(
        request, "reports/report.html", {"report": report, "adoptable": adoptable, **content}
    )


@login_required
def status(request, pk: int):
    """A page that follows the build and moves on to the report when it is done."""
    report = report_get_for_user(pk=pk, user=request.user)
    if report.status == Report.Status.DONE and report.content:
        return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/status.html", {"report": report})


@login_required
def status_json(request, pk: int):
    report = report_get_for_user(pk=pk, user=request.user)
    return JsonResponse(
        {
            "status": report.status,
            "label": str(report.get_status_display()),
            "attempts": report.attempts,
            "error": _(report.error)
            if report.status == Report.Status.FAILED and report.error
            else "",
            "url": reverse("reports:detail", args=[report.pk]),
        }
    )


@login_required
def pdf(request, pk: int):
    """The PDF, only through this view (never a public media URL)."""
    report = report_get_for_user(pk=pk, user=request.user)
    if not report.pdf:
        if report.content:
            return render(request, "reports/pdf_missing.html", {"report": report}, status=404)
        raise Http404
    filename = f"report-{report.assessment.round.code}-{report.assessment.enterprise_id}.pdf"
    return FileResponse(report.pdf.open("rb"), content_type="application/pdf", filename=filename)


@login_required
@require_POST
def rebuild(request, pk: int):
    report = report_get_for_user(pk=pk, user=request.user)
    report = report_request(assessment=report.assessment)
    return redirect("reports:status", pk=report.pk)


@login_required
@require_POST
def rebuild_for_assessment(request, assessment_pk: int):
    assessment = assessment_get_for_user(pk=assessment_pk, user=request.user)
    report = report_request(assessment=assessment)
    return redirect("reports:status", pk=report.pk)


@login_required
@require_POST
def adopt(request, pk: int, code: str):
    """Put one of the report's steps into the enterprise's action plan, in the reader's
    language; members only (a 404 for anyone else, administrators included)."""
    report = get_object_or_404(Report, pk=pk)
    assessment = assessment_of_member_or_404(pk=report.assessment_id, user=request.user)
    content = report.content_in(get_language()) or {}
    step = next((s for s in content.get("steps", []) if s["code"] == code), None)
    if step is None:
        raise Http404
    action, created = action_adopt(
        enterprise=assessment.enterprise,
        assessment=assessment,
        step_code=code,
        title=step["title"],
        details=step["detail"],
        dimension_code=step["dimension"],
        indicator_codes=step.get("indicators", []),
        user=request.user,
    )
    if created:
        messages.success(request, _("已加入行动计划：请指定负责人和完成日期。"))
    else:
        messages.info(request, _("这一步已经在行动计划中。"))
    return redirect(action)
