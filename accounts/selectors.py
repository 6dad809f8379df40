"""Reads about accounts: who must present a second factor, who counts as an administrator,
an account's login history."""

from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AdminRole, LoginEvent, User


def user_is_administrator(*, user: User) -> bool:
    """Site staff and every park or provincial administrator."""
    return user.is_staff or user.admin_roles.exists()


def user_totp_device(*, user: User) -> TOTPDevice | None:
    """The confirmed authenticator of the account, if it has one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def user_second_factor_optional(*, user: User) -> bool:
    """Whether no role demands a second factor of the account (it may still choose one)."""
    return not (
        user.is_staff or user.admin_roles.filter(kind__in=AdminRole.SECOND_FACTOR_KINDS).exists()
    )


def user_requires_second_factor(*, user: User) -> bool:
    """Staff and the roles of AdminRole.SECOND_FACTOR_KINDS always; anyone else once they
    have set up an authenticator (one query)."""
    if user.is_staff:
        return True
    role = AdminRole.objects.filter(user=OuterRef("pk"), kind__in=AdminRole.SECOND_FACTOR_KINDS)
    device = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    return User.objects.filter(pk=user.pk).filter(Exists(role) | Exists(device)).exists()


def user_recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def user_login_events(*, user: User, limit: int = 50) -> QuerySet[LoginEvent]:
    """The account's most recent events, newest first."""
    return LoginEvent.objects.filter(user=user).order_by("-at", "-pk")[:limit]
