from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.oidc import CREDIT_CODE_SESSION_KEY
from core.throttle import throttle_allow_all

from .forms import EnterpriseForm, InvitationForm, JoinForm
from .selectors import enterprise_of, invitation_open, is_owner, park_join_request_pending
from .services import (
    AlreadyMember,
    enterprise_register,
    enterprise_update,
    invitation_accept,
    invitation_create,
)


@login_required
def profile(request):
    """Register the enterprise (or join a colleague's), or edit its profile."""
    enterprise = enterprise_of(user=request.user)
    editable = enterprise is None or is_owner(user=request.user, enterprise=enterprise)
    if request.method == "POST" and not editable:
        raise PermissionDenied(_("只有企业负责人可以修改企业信息。"))
    pending = park_join_request_pending(enterprise=enterprise) if enterprise else None
    # A credit code vouched for at single sign-on prefills a registration.
    prefill = {"credit_code": request.session.get(CREDIT_CODE_SESSION_KEY, "")}
    form = EnterpriseForm(
        request.POST or None,
        instance=enterprise,
        initial=None if enterprise else prefill,
        requested_park=pending.park if pending else None,
    )
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        requested_park = form.cleaned_data["requested_park"]
        if enterprise is None:
            try:
                enterprise_register(
                    user=request.user,
                    enterprise=form.save(commit=False),
                    requested_park=requested_park,
                )
            except AlreadyMember:
                messages.error(request, _("您的账户已经属于一家企业。"))
                return redirect("enterprise_dashboard")
            messages.success(request, _("企业信息已登记，现在可以开始填写问卷。"))
        else:
            enterprise_update(
                user=request.user,
                enterprise=form.save(commit=False),
                requested_park=requested_park,
            )
            messages.success(request, _("企业信息已更新。"))
        if requested_park:
            messages.info(
                request,
                _("已向 %(park)s 提出加入申请，园区管理员同意后生效。")
                % {"park": requested_park.name},
            )
        return redirect("enterprise_dashboard")
    return render(
        request,
        "enterprises/profile.html",
        {
            "form": form,
            "enterprise": enterprise,
            "editable": editable,
            "join_form": JoinForm(),
            "pending_park_request": pending,
        },
    )


@login_required
@require_POST
def join_by_code(request):
    form = JoinForm(request.POST)
    if form.is_valid():
        return redirect("enterprises:join", code=form.cleaned_data["code"].strip())
    return redirect("enterprises:profile")


@login_required
def join(request, code: str):
    """Accept a colleague's invitation: confirm, then become a member of the enterprise."""
    invitation = invitation_open(code=code)
    if invitation is None:
        messages.error(request, _("邀请码无效或已过期，请向同事重新索取。"))
        return redirect("enterprises:profile")
    current = enterprise_of(user=request.user)
    if request.method == "POST" and current is None:
        try:
            invitation_accept(invitation=invitation, user=request.user)
        except AlreadyMember:
            messages.error(request, _("您的账户已经属于一家企业。"))
        except invitation.DoesNotExist:
            messages.error(request, _("邀请码无效或已过期，请向同事重新索取。"))
            return redirect("enterprises:profile")
        else:
            messages.success(
                request, _("您已加入 %(name)s。") % {"name": invitation.enterprise.name}
            )
        return redirect("enterprise_dashboard")
    return render(request, "enterprises/join.html", {"invitation": invitation, "current": current})


# Colleague invitations made at most this often an hour, per user and per enterprise.
INVITATIONS_PER_USER = 10
INVITATIONS_PER_ENTERPRISE = 20


def _invitation_allowed(request, enterprise) -> bool:
    return throttle_allow_all(
        limits={
            f"colleague-invitation:user:{request.user.pk}": INVITATIONS_PER_USER,
            f"colleague-invitation:enterprise:{enterprise.pk}": INVITATIONS_PER_ENTERPRISE,
        }
    )


@login_required
def colleagues(request):
    """The enterprise's members and invitations; invite a colleague."""
    enterprise = enterprise_of(user=request.user)
    if enterprise is None:
        return redirect("enterprises:profile")
    form = InvitationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if not _invitation_allowed(request, enterprise):
            form.add_error(None, _("邀请过于频繁，请一小时后再试。"))
            status = 429
        else:
            invitation = invitation_create(
                enterprise=enterprise,
                user=request.user,
                email=form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/")[:-1],
            )
            messages.success(request, _("邀请已生成：把下面的链接或邀请码发给同事。"))
            return redirect(f"{request.path}?new={invitation.code}")
    invitations = enterprise.invitations.filter(accepted_at__isnull=True)
    return render(
        request,
        "enterprises/colleagues.html",
        {
            "enterprise": enterprise,
            "form": form,
            "members": enterprise.memberships.select_related("user").order_by("joined_at"),
            "invitations": [i for i in invitations if i.is_usable],
            "new_code": request.GET.get("new", ""),
            "base_url": request.build_absolute_uri("/")[:-1],
        },
        status=status,
    )
