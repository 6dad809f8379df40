"""Writes about accounts: the login history, the second factor (authenticator and recovery
codes), the links to a single sign-on provider."""

import re
from datetime import timedelta

import django_otp
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.client import client_address

from .models import ExternalIdentity, LoginEvent, User
from .oidc import SignOn

RECOVERY_CODE_COUNT = 10


def login_event_record(
    *,
    kind: LoginEvent.Kind,
    request: HttpRequest | None,
    user: User | None = None,
    username: str = "",
) -> LoginEvent:
    """Append one event to the login history, with the request's address and browser."""
    meta = request.META if request is not None else {}
    if user is not None and not user.is_authenticated:
        user = None
    return LoginEvent.objects.create(
        user=user,
        username=(user.get_username() if user is not None else username)[:150],
        kind=kind,
        ip_address=client_address(request) if request is not None else None,
        user_agent=meta.get("HTTP_USER_AGENT", "").replace("\x00", "")[:300],
    )


def login_failure_record(*, request: HttpRequest | None, username: str) -> LoginEvent:
    """A failed password step, filed under the account it named when there is one."""
    user = User.objects.filter(username=username).first()
    return login_event_record(
        kind=LoginEvent.Kind.LOGIN_FAILED, request=request, user=user, username=username
    )


def login_events_purge(*, older_than_days: int) -> int:
    """Delete the events older than the given age; returns how many."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    deleted, _ = LoginEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator being set up: an unconfirmed device with a fresh secret, kept
    while the user scans it, so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=str(settings.OTP_TOTP_ISSUER), confirmed=False
    )


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the new authenticator with a code it shows: the device becomes the
    account's only one, the session counts as verified and ten recovery codes (returned,
    shown once) replace any earlier ones. Empty list when the code is wrong."""
    if not device.verify_token(code):
        return []
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    second_factor_login(request=request, device=device)
    login_event_record(kind=LoginEvent.Kind.SECOND_FACTOR, request=request, user=device.user)
    return recovery_codes_renew(user=device.user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Ten new single-use recovery codes; the earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def second_factor_login(*, request: HttpRequest, device) -> None:
    """Mark the session as having passed the second factor (a new session key)."""
    request.session.cycle_key()
    django_otp.login(request, device)


def second_factor_verify(*, request: HttpRequest, code: str) -> LoginEvent.Kind | None:
    """Check a code from the authenticator (6 digits) or a recovery code (used up by this)
    and record the outcome. The session is verified on success."""
    user = request.user
    # Recovery codes are 8 letters and digits: six digits come from the authenticator.
    device_model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    device = device_model.objects.devices_for_user(user, confirmed=True).first()
    verified = device and django_otp.verify_token(user, device.persistent_id, code)
    if not verified:
        login_event_record(kind=LoginEvent.Kind.SECOND_FACTOR_FAILED, request=request, user=user)
        return None
    second_factor_login(request=request, device=verified)
    kind = LoginEvent.Kind.SECOND_FACTOR
    if device_model is StaticDevice:
        kind = LoginEvent.Kind.RECOVERY_CODE
    login_event_record(kind=kind, request=request, user=user)
    return kind


def second_factor_throttled(*, user: User) -> bool:
    """Whether too many wrong codes in a row make the account wait before the next try."""
    devices = TOTPDevice.objects.devices_for_user(user, confirmed=True)
    return any(not device.verify_is_allowed()[0] for device in devices)


@transaction.atomic
def second_factor_disable(*, request: HttpRequest) -> None:
    """Remove the authenticator and recovery codes (for an account no role requires them
    of); the session is no longer verified."""
    TOTPDevice.objects.filter(user=request.user).delete()
    StaticDevice.objects.filter(user=request.user).delete()
    request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)


def totp_device_ensure(*, user: User, key: str) -> TOTPDevice:
    """A confirmed authenticator with the given hex secret (the demo accounts' devices)."""
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, defaults={"name": "demo", "key": key, "confirmed": True}
    )
    return device


@transaction.atomic
def user_for_sign_on(*, sign_on: SignOn) -> User:
    """The account of a person signed in at the OpenID provider. Later sign-ins find it by
    the stored link (issuer and subject), whatever the e-mail says then. On the first, the
    link goes to the one account with the same e-mail when the provider says it verified
    that e-mail (and the account has no other link at this provider); otherwise a new
    account is made, without a usable password, keeping the e-mail only when verified."""
    identity = (
        ExternalIdentity.objects.select_related("user")
        .filter(issuer=sign_on.issuer, subject=sign_on.subject)
        .first()
    )
    if identity is None:
        user = _user_by_verified_email(sign_on=sign_on) or _user_for_new_identity(sign_on=sign_on)
        try:
            with transaction.atomic():
                identity = ExternalIdentity.objects.create(
                    user=user, issuer=sign_on.issuer, subject=sign_on.subject
                )
        except IntegrityError:  # the same person's first sign-in, twice at once
            identity = ExternalIdentity.objects.select_related("user").get(
                issuer=sign_on.issuer, subject=sign_on.subject
            )
    ExternalIdentity.objects.filter(pk=identity.pk).update(last_login_at=timezone.now())
    return identity.user


def _user_by_verified_email(*, sign_on: SignOn) -> User | None:
    if not (sign_on.email and sign_on.email_verified):
        return None
    linked_here = ExternalIdentity.objects.filter(user=OuterRef("pk"), issuer=sign_on.issuer)
    matches = list(
        User.objects.filter(email__iexact=sign_on.email).exclude(Exists(linked_here))[:2]
    )
    return matches[0] if len(matches) == 1 else None


USERNAME_UNSAFE = re.compile(r"[^\w.@+-]")


def _user_for_new_identity(*, sign_on: SignOn) -> User:
    base = USERNAME_UNSAFE.sub("", sign_on.username_hint)[:140] or "sso"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return User.objects.create_user(
        username=username, email=sign_on.email if sign_on.email_verified else "", password=None
    )
