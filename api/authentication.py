"""`Authorization: Bearer <token>`: the caller is the park or province of the token."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .keys import key_hash
from .models import ApiToken
from .services import token_touch


@dataclass(frozen=True)
class TokenHolder:
    """Who calls with a token: no user of the site, only the token's scope and flags."""

    token: ApiToken
    is_authenticated: bool = True
    is_anonymous: bool = False
    is_staff: bool = False
    is_superuser: bool = False
    pk: None = None


class BearerTokenAuthentication(BaseAuthentication):
    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise AuthenticationFailed(_("Authorization 头应为“Bearer <令牌>”。"))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("令牌无效或已被吊销。")) from None
        token = (
            ApiToken.objects.select_related("park", "province")
            .filter(key_hash=key_hash(key), revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise AuthenticationFailed(_("令牌无效或已被吊销。"))
        token_touch(token=token)
        return TokenHolder(token=token), token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'
