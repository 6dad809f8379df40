"""A park's onboarding pages: its enterprises and their progress, imports, invitations
and reminders."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment.rounds import current_round
from cohorts.access import park_scope_or_404, scope_or_404
from cohorts.forms import filters_or_404
from core.http import base_url
from core.throttle import throttle_allow_all
from enterprises.credit_code import normalise
from enterprises.models import Enterprise
from enterprises.selectors import enterprise_of
from enterprises.services import park_join_request_decide

from .forms import ClaimForm, ImportForm, SignUpForm
from .imports import ImportNotClean, import_confirm
from .imports import import_preview as import_check
from .models import ImportBatch, ParkInvitation
from .selectors import (
    enterprise_claim_for_decider,
    enterprise_claims_pending,
    park_enterprise_statuses,
    park_join_request_for_decider,
    park_join_requests_pending,
)
from .services import (
    ClaimNotPossible,
    InvitationUsed,
    enterprise_claim_decide,
    enterprise_claim_open,
    invitation_accept_signed_in,
    invitation_link,
    invitation_sign_up,
    park_invitation_resend,
    reminders_send,
)

# A park's invitation sent again to the contact on file, at most this often an hour.
RESENDS_PER_ENTERPRISE = 3
RESENDS_PER_USER = 5


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
            "join_requests": park_join_requests_pending(scope=scope),
            "claims": enterprise_claims_pending(scope=scope),
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
    if request.user.is_authenticated:
        return _accept_signed_in(request, invitation)
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


def _accept_signed_in(request, invitation: ParkInvitation):
    """A contact who already has an account joins with it (one without an enterprise)."""
    current = enterprise_of(user=request.user)
    if request.method == "POST" and current is None:
        try:
            invitation_accept_signed_in(invitation=invitation, user=request.user)
        except InvitationUsed:
            return render(
                request,
                "onboarding/accept.html",
                {"invitation": invitation, "used": True},
                status=410,
            )
        messages.success(
            request, _("欢迎！您已成为 %(name)s 的填报人。") % {"name": invitation.enterprise.name}
        )
        return redirect("home")
    return render(
        request,
        "onboarding/accept.html",
        {"invitation": invitation, "signed_in": True, "current": current},
    )


# --- claims and park join requests -----------------------------------------------------------


@login_required
def claim(request):
    """The way forward when a credit code was registered by someone else: the park's
    invitation sent again to the contact it holds, or a claim the park decides."""
    enterprise = get_object_or_404(
        Enterprise.objects.select_related("park"),
        credit_code=normalise(request.GET.get("code", "")),
    )
    current = enterprise_of(user=request.user)
    if current is not None:
        messages.error(request, _("您的账户已经属于一家企业，不能再认领其他企业。"))
        return redirect("enterprise_dashboard")
    imported = enterprise.park_invitations.exists() and not enterprise.memberships.exists()
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and imported:
        return _claim_resend(request, enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise_claim_open(
                enterprise=enterprise, user=request.user, note=form.cleaned_data["note"]
            )
        except ClaimNotPossible:
            messages.error(request, _("您的账户已经属于一家企业，不能再认领其他企业。"))
            return redirect("enterprise_dashboard")
        messages.success(request, _("认领申请已提交，管理员核实后会处理，请留意登记的邮箱。"))
        return redirect("enterprises:profile")
    return render(
        request,
        "onboarding/claim.html",
        {"enterprise": enterprise, "imported": imported, "form": form},
    )


def _claim_resend(request, enterprise: Enterprise):
    allowed = throttle_allow_all(
        limits={
            f"park-invitation-resend:enterprise:{enterprise.pk}": RESENDS_PER_ENTERPRISE,
            f"park-invitation-resend:user:{request.user.pk}": RESENDS_PER_USER,
        }
    )
    if not allowed:
        messages.error(request, _("邀请刚刚重新发送过，请一小时后再试。"))
    elif park_invitation_resend(enterprise=enterprise, base_url=base_url(request)):
        messages.success(
            request,
            _("园区的邀请已重新发送到园区登记的该企业联系邮箱；请用该邮箱中的链接加入。"),
        )
    else:
        messages.error(request, _("园区没有该企业的联系邮箱，请联系园区。"))
    return redirect(f"{request.path}?code={enterprise.credit_code}")


def _back(request, fallback: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
def decisions(request, kind: str, pk: int):
    """Pending park join requests and enterprise claims of a park or province."""
    scope = scope_or_404(request, kind, pk)
    return render(
        request,
        "onboarding/decisions.html",
        {
            "scope": scope,
            "join_requests": park_join_requests_pending(scope=scope),
            "claims": enterprise_claims_pending(scope=scope),
        },
    )


@login_required
@require_POST
def join_request_decide(request, pk: int, decision: str):
    join_request = park_join_request_for_decider(pk=pk, user=request.user)
    if join_request is None or decision not in ("approve", "refuse"):
        raise Http404
    approve = decision == "approve"
    if park_join_request_decide(join_request=join_request, user=request.user, approve=approve):
        messages.success(
            request,
            (_("已同意 %(name)s 加入园区。") if approve else _("已拒绝 %(name)s 的加入申请。"))
            % {"name": join_request.enterprise.name},
        )
    return _back(request, reverse("onboarding:enterprises", args=[join_request.park_id]))


@login_required
@require_POST
def claim_decide(request, pk: int, decision: str):
    claim_ = enterprise_claim_for_decider(pk=pk, user=request.user)
    if claim_ is None or decision not in ("approve", "refuse"):
        raise Http404
    approve = decision == "approve"
    try:
        enterprise_claim_decide(claim=claim_, user=request.user, approve=approve)
    except ClaimNotPossible:
        messages.error(request, _("申请人已经加入了另一家企业，无法同意此认领。"))
    else:
        messages.success(
            request,
            (
                _("已同意认领：%(user)s 现在是 %(name)s 的负责人。")
                if approve
                else _("已拒绝 %(user)s 对 %(name)s 的认领。")
            )
            % {"user": claim_.claimant.get_username(), "name": claim_.enterprise.name},
        )
    enterprise = claim_.enterprise
    kind, scope_pk = (
        ("park", enterprise.park_id) if enterprise.park_id else ("province", enterprise.province_id)
    )
    return _back(request, reverse("onboarding:decisions", args=[kind, scope_pk]))
