from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.selectors import current_round
from enterprises.models import Enterprise

from .dashboard import dashboard_figures
from .exports import csv_lines
from .forms import CohortFilterForm, ImportForm, SignUpForm
from .models import CohortJob, ImportBatch, ParkInvitation
from .selectors import Scope, admin_scopes, park_enterprise_statuses, scope_for
from .services import (
    ImportNotClean,
    InvitationUsed,
    import_confirm,
    invitation_link,
    invitation_sign_up,
    job_request,
    reminders_send,
)
from .services import import_preview as import_check


def _scope_or_404(request, kind: str, pk: int) -> Scope:
    """The park or province of the URL if the user administers it; a 404 otherwise."""
    scope = scope_for(user=request.user, kind=kind, pk=pk)
    if scope is None:
        raise Http404
    return scope


def _park_scope_or_404(request, pk: int) -> Scope:
    return _scope_or_404(request, "park", pk)


def _filters(request):
    form = CohortFilterForm(request.GET or None)
    filters = form.filters()
    if filters is None:
        raise Http404
    return form, filters


def _job_or_404(request, scope: Scope, job_pk: int) -> CohortJob:
    job = get_object_or_404(CohortJob, pk=job_pk, created_by=request.user)
    if (job.park_id, job.province_id) != (
        scope.park.pk if scope.park else None,
        scope.province.pk,
    ):
        raise Http404
    return job


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


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
    scope = _scope_or_404(request, kind, pk)
    form, filters = _filters(request)
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
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
        }
    )
    return render(request, "cohorts/dashboard.html", context)


@login_required
def export_csv(request, kind: str, pk: int):
    scope = _scope_or_404(request, kind, pk)
    _form, filters = _filters(request)
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
    scope = _scope_or_404(request, kind, pk)
    _form, filters = _filters(request)
    job_kind = request.POST.get("kind")
    if job_kind not in CohortJob.Kind.values:
        raise Http404
    job = job_request(kind=job_kind, scope=scope, filters=filters, user=request.user)
    return redirect("cohorts:job_detail", kind=kind, pk=pk, job_pk=job.pk)


@login_required
def job_detail(request, kind: str, pk: int, job_pk: int):
    scope = _scope_or_404(request, kind, pk)
    job = _job_or_404(request, scope, job_pk)
    return render(request, "cohorts/job.html", {"scope": scope, "job": job})


@login_required
def job_download(request, kind: str, pk: int, job_pk: int):
    scope = _scope_or_404(request, kind, pk)
    job = _job_or_404(request, scope, job_pk)
    if job.status != CohortJob.Status.SUCCESS or not job.file:
        raise Http404
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file.name.split("/")[-1]
    )


@login_required
@require_POST
def reminders(request, kind: str, pk: int):
    scope = _scope_or_404(request, kind, pk)
    _form, filters = _filters(request)
    counts = reminders_send(scope=scope, round=filters.round, base_url=_base_url(request))
    messages.success(
        request,
        _("已安排发送提醒：%(a)s 家尚未开始，%(b)s 家尚未提交。")
        % {"a": counts["not_started"], "b": counts["not_submitted"]},
    )
    return (
        redirect("cohorts:enterprises", pk=scope.park.pk)
        if scope.park
        else redirect("cohorts:dashboard", kind=kind, pk=pk)
    )


def _page(request) -> int:
    try:
        return int(request.GET.get("page", 1))
    except ValueError:
        return 1


@login_required
def enterprises(request, pk: int):
    scope = _park_scope_or_404(request, pk)
    invitations = ParkInvitation.objects.filter(park=scope.park).select_related("enterprise")[:200]
    round_ = current_round()
    statuses = (
        park_enterprise_statuses(
            park=scope.park,
            round=round_,
            status=request.GET.get("status", ""),
            page=_page(request),
        )
        if round_
        else None
    )
    return render(
        request,
        "cohorts/enterprises.html",
        {
            "scope": scope,
            "enterprise_count": Enterprise.objects.filter(park=scope.park).count(),
            "invitations": [
                (i, invitation_link(invitation=i, base_url=_base_url(request))) for i in invitations
            ],
            "batches": ImportBatch.objects.filter(park=scope.park)[:10],
            "round": round_,
            "statuses": statuses,
        },
    )


@login_required
def import_upload(request, pk: int):
    scope = _park_scope_or_404(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = import_check(
            park=scope.park, user=request.user, name=upload.name, data=upload.read()
        )
        return redirect("cohorts:import_preview", pk=pk, batch_pk=batch.pk)
    return render(request, "cohorts/import_upload.html", {"scope": scope, "form": form})


@login_required
def import_preview(request, pk: int, batch_pk: int):
    scope = _park_scope_or_404(request, pk)
    batch = get_object_or_404(ImportBatch, pk=batch_pk, park=scope.park)
    if request.method == "POST":
        try:
            created = import_confirm(batch=batch, user=request.user, base_url=_base_url(request))
        except ImportNotClean:
            messages.error(request, _("该文件有错误或已导入，未导入任何企业。"))
            return redirect("cohorts:import_preview", pk=pk, batch_pk=batch.pk)
        messages.success(
            request, _("已导入 %(n)s 家企业，邀请邮件正在发送。") % {"n": len(created)}
        )
        return redirect("cohorts:enterprises", pk=pk)
    return render(request, "cohorts/import_preview.html", {"scope": scope, "batch": batch})


def accept(request, token: str):
    """An invited enterprise's contact signs up and becomes the enterprise's owner."""
    invitation = get_object_or_404(
        ParkInvitation.objects.select_related("enterprise", "park"), token=token
    )
    if invitation.is_accepted:
        return render(
            request, "cohorts/accept.html", {"invitation": invitation, "used": True}, status=410
        )
    form = SignUpForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_sign_up(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                email=form.cleaned_data["email"] or invitation.email,
            )
        except InvitationUsed:
            return render(
                request, "cohorts/accept.html", {"invitation": invitation, "used": True}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("欢迎！您已成为 %(name)s 的填报人。") % {"name": invitation.enterprise.name}
        )
        return redirect("home")
    return render(request, "cohorts/accept.html", {"invitation": invitation, "form": form})
