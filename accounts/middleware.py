"""Sessions end after a spell of inactivity; accounts that need a second factor reach
nothing but its pages until they have presented it. Both come after
django_otp.middleware.OTPMiddleware (and the messages middleware) in MIDDLEWARE."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import LoginEvent
from .selectors import user_is_administrator, user_requires_second_factor, user_totp_device
from .services import login_event_record

LAST_ACTIVITY_KEY = "last_activity"
# Set on a single sign-on whose provider asserted multi-factor authentication (and
# OIDC_ACCEPT_PROVIDER_MFA is on): that session owes no second factor here.
PROVIDER_MFA_KEY = "sso_mfa"
# The timestamp is written at most this often (seconds), not on every request.
ACTIVITY_RESOLUTION = 60

# The pages an account that still owes its second factor may open.
SECOND_FACTOR_OPEN_VIEWS = {
    "two_factor_verify",
    "two_factor_setup",
    "two_factor_recovery_codes",
    "logout",
    "login",
    "set_language",
}


def session_activity_mark(session) -> None:
    """Note activity now (on every sign-in, and on requests at most once a minute)."""
    session[LAST_ACTIVITY_KEY] = int(time.time())


def idle_limit_seconds(*, user) -> int:
    minutes = (
        settings.SESSION_IDLE_MINUTES_ADMIN
        if user_is_administrator(user=user)
        else settings.SESSION_IDLE_MINUTES
    )
    return minutes * 60


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than SESSION_IDLE_MINUTES_ADMIN (administrators
    and staff) or SESSION_IDLE_MINUTES (everyone else), and say so on the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY_KEY)
            # The account's own limit is looked up only past the shorter of the two.
            shortest = 60 * min(settings.SESSION_IDLE_MINUTES_ADMIN, settings.SESSION_IDLE_MINUTES)
            idle = now - last if last is not None else 0
            if idle > shortest and idle > idle_limit_seconds(user=request.user):
                return self._end(request)
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                session_activity_mark(request.session)
        return self.get_response(request)

    def _end(self, request):
        login_event_record(kind=LoginEvent.Kind.IDLE_TIMEOUT, request=request, user=request.user)
        request.idle_timeout = True  # the logout itself is not recorded a second time
        logout(request)
        messages.warning(request, _("您已较长时间未操作，为保护账户安全已自动退出，请重新登录。"))
        return redirect_to_login(request.get_full_path())


class SecondFactorMiddleware:
    """An account that needs a second factor (see user_requires_second_factor) and has not
    presented it in this session is sent to the verification page, or to set up an
    authenticator when it has none. Covers the Django admin too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.session.get(PROVIDER_MFA_KEY):
            return None
        if request.resolver_match.view_name in SECOND_FACTOR_OPEN_VIEWS:
            return None
        if not user_requires_second_factor(user=user):
            return None
        has_device = user_totp_device(user=user) is not None
        target = reverse("two_factor_verify" if has_device else "two_factor_setup")
        return redirect_to_login(request.get_full_path(), login_url=target)
