import axes.helpers as axes_helpers
from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .forms import SignupForm


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
