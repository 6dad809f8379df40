"""Django's sign-in signals feed the login history (connected in AccountsConfig.ready)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .middleware import session_activity_mark
from .models import LoginEvent
from .services import login_event_record, login_failure_record

SSO_BACKEND = "accounts.backends.ExternalIdentityBackend"


def _logged_in(sender, request, user, **kwargs):
    session_activity_mark(request.session)
    kind = LoginEvent.Kind.LOGIN
    if getattr(user, "backend", "") == SSO_BACKEND:
        kind = LoginEvent.Kind.SSO_LOGIN
    login_event_record(kind=kind, request=request, user=user)


def _logged_out(sender, request, user, **kwargs):
    # An idle timeout is recorded as such by the middleware that ends the session.
    if user is not None and not getattr(request, "idle_timeout", False):
        login_event_record(kind=LoginEvent.Kind.LOGOUT, request=request, user=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    login_failure_record(request=request, username=str(credentials.get("username", "")))


def connect() -> None:
    user_logged_in.connect(_logged_in, dispatch_uid="accounts.login_history.in")
    user_logged_out.connect(_logged_out, dispatch_uid="accounts.login_history.out")
    user_login_failed.connect(_login_failed, dispatch_uid="accounts.login_history.failed")
