"""Writes of the data interface: issuing and revoking tokens, and recording each call."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from reference.models import Park, Province

from .keys import key_hash, key_new
from .models import ApiCall, ApiToken

# A token's last-used time is written at most this often (not on every call).
LAST_USED_GRANULARITY = timedelta(minutes=1)


def token_key_assign(*, token: ApiToken) -> str:
    """Give an unsaved token a new key (its hash and prefix) and return the key, which is
    shown once and never stored."""
    key = key_new()
    token.key_hash = key_hash(key)
    token.prefix = key[:8]
    return key


def token_issue(
    *,
    name: str,
    province: Province | None = None,
    park: Park | None = None,
    can_read: bool = True,
    can_import: bool = False,
    created_by=None,
) -> tuple[ApiToken, str]:
    """A token for `park` (its province then follows) or else `province`; returns the
    saved token and its key."""
    if park is not None:
        province = park.city.province
    token = ApiToken(
        name=name,
        province=province,
        park=park,
        can_read=can_read,
        can_import=can_import,
        created_by=created_by,
    )
    key = token_key_assign(token=token)
    token.save()
    return token, key


def token_revoke(*, token: ApiToken) -> bool:
    """Revoke a token from now on; False if it was revoked already."""
    return bool(
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def token_touch(*, token: ApiToken) -> None:
    """Note that the token was used now (unless that was noted within the last minute)."""
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_GRANULARITY:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


def call_record(
    *,
    token: ApiToken | None,
    method: str,
    path: str,
    query: str,
    status: int,
    client_address: str | None,
    park_id: int | None = None,
    province_id: int | None = None,
) -> ApiCall:
    """Add one call to the call log (the scope is the token's, when there is one)."""
    if token is not None:
        park_id, province_id = token.park_id, token.province_id
    return ApiCall.objects.create(
        token=token,
        province_id=province_id,
        park_id=park_id,
        method=method[:10],
        path=path[:500],
        query=query[:500],
        status=status,
        client_address=client_address or None,
    )
