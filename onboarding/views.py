"""A park's onboarding pages: its enterprises and their progress, imports, invitations
and reminders."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.selectors import current_round
from cohorts.access import park_scope_or_404, scope_or_404
from cohorts.forms import filters_or_404
from core.http import base_url
from enterprises.models import Enterprise

from .forms import ImportForm, SignUpForm
from .models import ImportBatch, ParkInvitation
from .selectors import park_enterprise_statuses
from .services import (
    ImportNotClean,
    InvitationUsed,
    import_confirm,
    invitation_link,
    invitation_sign_up,
    reminders_send,
)
from .services import import_preview as import_check


@login_required
@require_POST
def reminders(request, kind: str, pk: int):
    scope = scope_or_404(request, kind, pk)
    _form, filters = filters_or_404(request)
    counts = reminders_send(scope=scope, round=filters.round, base_url=base_url(request))
    messages.success(
        request,
        _("已安排发送提醒：%(a)s 家尚未开始，%(b)s 家尚未提交。")
        % {"a": counts["not_started"], "b": counts["not_submitted"]},
    )
    return (
        redirect("onboarding:enterprises", pk=scope.park.pk)
        if scope.park
        else redirect("cohorts:dashboard", kind=kind, pk=pk)
    )


@login_required
def enterprises(request, pk: int):
    scope = park_scope_or_404(request, pk)
    invitations = ParkInvitation.objects.filter(park=scope.park).select_related("enterprise")[:200]
    round_ = current_round()
    statuses = (
        park_enterprise_statuses(
            park=scope.park,
            round=round_,
            status=request.GET.get("status", ""),
            page=request.GET.get("page"),
        )
        if round_
        else None
    )
    return render(
        request,
        "onboarding/enterprises.html",
        {
            "scope": scope,
            "enterprise_count": Enterprise.objects.filter(park=scope.park).count(),
            "invitations": [
                (i, invitation_link(invitation=i, base_url=base_url(request))) for i in invitations
            ],
            "batches": ImportBatch.objects.filter(park=scope.park)[:10],
            "round": round_,
            "statuses": statuses,
        },
    )


@login_required
def import_upload(request, pk: int):
    scope = park_scope_or_404(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = import_check(
            park=scope.park, user=request.user, name=upload.name, data=upload.read()
        )
        return redirect("onboarding:import_preview", pk=pk, batch_pk=batch.pk)
    return render(request, "onboarding/import_upload.html", {"scope": scope, "form": form})


@login_required
def import_preview(request, pk: int, batch_pk: int):
    scope = park_scope_or_404(request, pk)
    batch = get_object_or_404(ImportBatch, pk=batch_pk, park=scope.park)
    if request.method == "POST":
        try:
            created = import_confirm(batch=batch, user=request.user, base_url=base_url(request))
        except ImportNotClean:
            messages.error(request, _("该文件有错误或已导入，未导入任何企业。"))
            return redirect("onboarding:import_preview", pk=pk, batch_pk=batch.pk)
        messages.success(
            request, _("已导入 %(n)s 家企业，邀请邮件正在发送。") % {"n": len(created)}
        )
        return redirect("onboarding:enterprises", pk=pk)
    return render(request, "onboarding/import_preview.html", {"scope": scope, "batch": batch})


def accept(request, token: str):
    """An invited enterprise's contact signs up and becomes the enterprise's owner."""
    invitation = get_object_or_404(
        ParkInvitation.objects.select_related("enterprise", "park"), token=token
    )
    if invitation.is_accepted:
        return render(
            request, "onboarding/accept.html", {"invitation": invitation, "used": True}, status=410
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
                request,
                "onboarding/accept.html",
                {"invitation": invitation, "used": True},
                status=410,
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, _("欢迎！您已成为 %(name)s 的填报人。") % {"name": invitation.enterprise.name}
        )
        return redirect("home")
    return render(request, "onboarding/accept.html", {"invitation": invitation, "form": form})
