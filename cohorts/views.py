from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.forms import RoundExtensionForm
from assessment.rounds import round_extensions_for
from assessment.services import NotLater, round_extend

from .access import admin_scopes, scope_or_404
from .dashboard import dashboard_figures
from .exports import csv_lines
from .filters import Scope
from .forms import filters_or_404
from .models import CohortJob
from .services import job_request, job_retry


def _job_or_404(request, scope: Scope, job_pk: int) -> CohortJob:
    job = get_object_or_404(CohortJob, pk=job_pk, created_by=request.user)
    if (job.park_id, job.province_id) != (
        scope.park.pk if scope.park else None,
        scope.province.pk,
    ):
        raise Http404
    return job


@login_required
def index(request):
    scopes = admin_scopes(user=request.user)
    if not scopes:
        raise Http404
    if len(scopes) == 1:
        return redirect("cohorts:dashboard", kind=scopes[0].kind, pk=scopes[0].pk)
    return render(request, "cohorts/index.html", {"scopes": scopes})


@login_required
def dashboard(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    form, filters = filters_or_404(request)
    # The number as asked: the paginator reads it (a bad one is the first page).
    page = request.GET.get("page") or 1
    context = dashboard_figures(scope=scope, filters=filters, page=page)
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "form": form,
            "query": query.urlencode(),
            "jobs": CohortJob.objects.filter(
                created_by=request.user, park=scope.park, province=scope.province
            )[:5],
            "extension": {
                **round_extensions_for(
                    round=filters.round, park=scope.park, province=scope.province
                ),
                "form": RoundExtensionForm(),
            },
        }
    )
    return render(request, "cohorts/dashboard.html", context)


@login_required
def export_csv(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    _form, filters = filters_or_404(request)
    response = StreamingHttpResponse(
        csv_lines(scope=scope, filters=filters), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="cohort-{scope.kind}-{scope.pk}-{filters.round.code}-{stamp}.csv"'
    )
    return response


@login_required
@require_POST
def job_create(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    _form, filters = filters_or_404(request)
    job_kind = request.POST.get("kind")
    if job_kind not in CohortJob.Kind.values:
        raise Http404
    job = job_request(kind=job_kind, scope=scope, filters=filters, user=request.user)
    return redirect("cohorts:job_detail", kind=kind, pk=pk, job_pk=job.pk)


@login_required
def job_detail(request, kind: str, pk: int, job_pk: int):
    scope = scope_or_404(request, kind, pk)
    job = _job_or_404(request, scope, job_pk)
    return render(request, "cohorts/job.html", {"scope": scope, "job": job})


@login_required
@require_POST
def job_retry_view(request, kind: str, pk: int, job_pk: int):
    """Queue a failed job again (the same row) and follow it on its page."""
    scope = scope_or_404(request, kind, pk)
    job = _job_or_404(request, scope, job_pk)
    job_retry(job=job)
    return redirect("cohorts:job_detail", kind=kind, pk=pk, job_pk=job.pk)


@login_required
def job_download(request, kind: str, pk: int, job_pk: int):
    scope = scope_or_404(request, kind, pk)
    job = _job_or_404(request, scope, job_pk)
    if job.status != CohortJob.Status.DONE or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.split("/")[-1]
    )


@login_required
@require_POST
def round_extension(request, kind: str, pk: int):
    """Extend the round of the dashboard's filters for this park or province."""
    scope = scope_or_404(request, kind, pk)
    _form, filters = filters_or_404(request)
    form = RoundExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["closes_on"]))
    else:
        try:
            extension = round_extend(
                round=filters.round,
                park=scope.park,
                province=None if scope.park else scope.province,
                closes_on=form.cleaned_data["closes_on"],
                by=request.user,
            )
        except NotLater as error:
            messages.error(
                request,
                _("新的截止日期必须晚于目前的截止日期 %(date)s。")
                % {"date": formats.date_format(error.closes_on, "DATE_FORMAT")},
            )
        else:
            messages.success(
                request,
                _("%(round)s在%(scope)s的截止日期已延长至 %(date)s。")
                % {
                    "round": filters.round.name,
                    "scope": scope.name,
                    "date": formats.date_format(extension.closes_on, "DATE_FORMAT"),
                },
            )
    query = request.GET.urlencode()
    return redirect(reverse("cohorts:dashboard", args=[kind, pk]) + (f"?{query}" if query else ""))
