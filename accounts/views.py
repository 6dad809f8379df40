from base64 import b32encode
from urllib.parse import quote

import axes.helpers as axes_helpers
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.client import client_address
from core.throttle import throttle_allow_all

from .forms import AuthenticatorConfirmForm, QueuedPasswordResetForm, SecondFactorForm, SignupForm
from .selectors import (
    user_login_events,
    user_recovery_codes_left,
    user_second_factor_optional,
    user_totp_device,
)
from .services import (
    recovery_codes_renew,
    second_factor_disable,
    second_factor_throttled,
    second_factor_verify,
    totp_device_confirm,
    totp_device_pending,
)
from .tasks import password_reset_send
from .user_agent import user_agent_summary

RECOVERY_CODES_KEY = "recovery_codes_to_show"
RECOVERY_NEXT_KEY = "recovery_codes_next"


def _safe_next(request) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def signup(request):
    """Create an account and log in; next comes the enterprise profile (or `next`)."""
    if request.user.is_authenticated:
        return redirect("enterprise_dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("账户已创建。请登记您的企业，或输入同事给您的邀请码。"))
        return redirect(_safe_next(request) or "enterprises:profile")
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request)})


def lockout(request, credentials, *args, **kwargs):
    """What django-axes shows when a login is throttled: in the user's language, with the
    time to wait."""
    cool_off = axes_helpers.get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(request, "registration/lockout.html", {"cooloff_minutes": minutes}, status=429)


@login_required
def account(request):
    """The account page: second factor, recovery codes, login history."""
    user = request.user
    events = list(user_login_events(user=user))
    for event in events:
        event.browser = user_agent_summary(event.user_agent)
    context = {
        "device": user_totp_device(user=user),
        "second_factor_optional": user_second_factor_optional(user=user),
        "recovery_codes_left": user_recovery_codes_left(user=user),
        "events": events,
        "history_days": settings.LOGIN_HISTORY_DAYS,
    }
    return render(request, "accounts/account.html", context)


@login_required
def two_factor_verify(request):
    """The second step of signing in: a code from the authenticator or a recovery code."""
    next_url = _safe_next(request)
    if request.user.is_verified():
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    if user_totp_device(user=request.user) is None:
        return redirect("two_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        throttled = second_factor_throttled(user=request.user)
        if second_factor_verify(request=request, code=form.cleaned_data["code"]):
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
        if throttled:
            form.add_error("code", _("错误次数过多，请稍等片刻再试。"))
        else:
            form.add_error("code", _("验证码不正确或已过期，请重新输入。"))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


def _qr_svg(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


@login_required
def two_factor_setup(request):
    """Add an authenticator: scan the QR code (or type the secret), confirm one code, then
    see the recovery codes once."""
    if user_totp_device(user=request.user) is not None:
        return redirect("account" if request.user.is_verified() else "two_factor_verify")
    device = totp_device_pending(user=request.user)
    form = AuthenticatorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = totp_device_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes:
            request.session[RECOVERY_CODES_KEY] = codes
            request.session[RECOVERY_NEXT_KEY] = _safe_next(request)
            messages.success(request, _("双因素认证已开启。"))
            return redirect("two_factor_recovery_codes")
        form.add_error("code", _("验证码不正确，请核对手机时间后输入最新的验证码。"))
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _safe_next(request),
        "qr_svg": mark_safe(_qr_svg(device.config_url)),  # noqa: S308 - SVG made here
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "required": not user_second_factor_optional(user=request.user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
def two_factor_recovery_codes(request):
    """The new recovery codes, shown this once (to print or download)."""
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    next_url = request.session.pop(RECOVERY_NEXT_KEY, None)
    if not codes:
        return redirect("account")
    text = "\n".join(codes) + "\n"
    context = {
        "codes": codes,
        "download_href": "data:text/plain;charset=utf-8," + quote(text),
        "next": next_url,
    }
    return render(request, "accounts/recovery_codes.html", context)


@require_POST
@login_required
def recovery_codes_new(request):
    if not request.user.is_verified():
        return redirect("account")
    request.session[RECOVERY_CODES_KEY] = recovery_codes_renew(user=request.user)
    return redirect("two_factor_recovery_codes")


@require_POST
@login_required
def two_factor_disable(request):
    """Turn the second factor off, where no role requires it."""
    if not user_second_factor_optional(user=request.user):
        return HttpResponseForbidden()
    second_factor_disable(request=request)
    messages.info(request, _("双因素认证已关闭。"))
    return redirect("account")


# Reset links requested at most this often an hour, per e-mail and per client address.
RESETS_PER_EMAIL = 3
RESETS_PER_ADDRESS = 10


class PasswordResetView(auth_views.PasswordResetView):
    """Django's page, throttled, with the lookup and the e-mail left to the task queue:
    it answers the same way, in the same time, whether the address has an account."""

    form_class = QueuedPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        allowed = throttle_allow_all(
            limits={
                f"password-reset:email:{email}": RESETS_PER_EMAIL,
                f"password-reset:address:{client_address(self.request)}": RESETS_PER_ADDRESS,
            }
        )
        if not allowed:
            form.add_error(None, _("重设密码的请求过于频繁，请一小时后再试。"))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        password_reset_send.delay(
            email=email,
            domain=self.request.get_host(),
            use_https=self.request.is_secure(),
            language=translation.get_language(),
        )
        return HttpResponseRedirect(self.get_success_url())
