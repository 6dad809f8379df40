"""Signing in through the OpenID provider (统一身份认证): off to the provider, and back."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .middleware import PROVIDER_MFA_KEY
from .oidc import (
    CREDIT_CODE_SESSION_KEY,
    SignOn,
    SignOnError,
    sign_on_complete,
    sign_on_enabled,
    sign_on_redirect,
)

NEXT_KEY = "sso_next"


def _safe_next(request) -> str | None:
    target = request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _failed(request):
    messages.error(request, _("统一身份认证未能完成，请重试，或使用账户密码登录。"))
    return redirect("login")


def sso_login(request):
    """Send the visitor to the provider's sign-in page."""
    if not sign_on_enabled():
        raise Http404
    request.session[NEXT_KEY] = _safe_next(request)
    try:
        return sign_on_redirect(
            request, redirect_uri=request.build_absolute_uri(reverse("sso_callback"))
        )
    except SignOnError:
        return _failed(request)


def sso_callback(request):
    """The provider sends the visitor back here: sign in the linked account, then act on
    the credit code the provider vouched for."""
    if not sign_on_enabled():
        raise Http404
    try:
        sign_on = sign_on_complete(request)
    except SignOnError:
        return _failed(request)
    user = authenticate(request, sign_on=sign_on)
    if user is None:
        messages.error(request, _("该账户已停用，无法登录。"))
        return redirect("login")
    next_url = request.session.pop(NEXT_KEY, None)
    login(request, user)
    if sign_on.mfa and settings.OIDC_ACCEPT_PROVIDER_MFA:
        request.session[PROVIDER_MFA_KEY] = True
    if sign_on.credit_code:
        return _credit_code(request, sign_on=sign_on, next_url=next_url)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def _credit_code(request, *, sign_on: SignOn, next_url: str | None):
    """Join the enterprise with the provider's credit code, or register it (prefilled)."""
    membership = import_string(settings.OIDC_CREDIT_CODE_HANDLER)(
        user=request.user, credit_code=sign_on.credit_code
    )
    if membership is None:
        request.session[CREDIT_CODE_SESSION_KEY] = sign_on.credit_code
        messages.info(
            request,
            _("统一社会信用代码 %(code)s 的企业尚未登记，请完成企业登记。")
            % {"code": sign_on.credit_code},
        )
        return redirect("enterprises:profile")
    messages.info(
        request,
        _("您的账户属于企业“%(enterprise)s”（%(role)s）。")
        % {"enterprise": membership.enterprise.name, "role": membership.get_role_display()},
    )
    request.session.pop(CREDIT_CODE_SESSION_KEY, None)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)
