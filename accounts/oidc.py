"""Single sign-on with an OpenID Connect provider (统一身份认证), through Authlib's Django
client: discovery, the authorisation-code flow with PKCE, and the ID token's signature,
issuer, audience, expiry and nonce are checked by the library. Configured by the OIDC_*
settings; off while OIDC_ISSUER or OIDC_CLIENT_ID is empty."""

from dataclasses import dataclass
from functools import lru_cache

import requests
from authlib.integrations.django_client import OAuth, OAuthError
from django.conf import settings
from joserfc.errors import JoseError

DISCOVERY_PATH = "/.well-known/openid-configuration"
# Authentication methods (RFC 8176) that mean the provider checked a second factor.
MFA_METHODS = frozenset({"mfa", "otp"})
# The credit code the provider vouched for, kept in the session to prefill the
# enterprise registration when no enterprise has it yet.
CREDIT_CODE_SESSION_KEY = "sso_credit_code"


class SignOnError(Exception):
    """The provider's answer cannot be used: refused, expired, forged, or unreachable."""


@dataclass(frozen=True)
class SignOn:
    """Who the provider says signed in, read from the verified ID token and userinfo."""

    issuer: str
    subject: str
    email: str = ""
    email_verified: bool = False
    username_hint: str = ""
    credit_code: str = ""
    mfa: bool = False


def sign_on_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_CLIENT_ID)


def _issuer() -> str:
    return settings.OIDC_ISSUER.rstrip("/")


def _client():
    return _registered_client(
        _issuer(), settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET, settings.OIDC_SCOPES
    )


@lru_cache(maxsize=4)
def _registered_client(issuer: str, client_id: str, client_secret: str, scopes: str):
    """One Authlib client per configuration; it keeps the discovery document and keys."""
    return OAuth().register(
        "sso",
        client_id=client_id,
        client_secret=client_secret,
        server_metadata_url=issuer + DISCOVERY_PATH,
        client_kwargs={"scope": scopes, "code_challenge_method": "S256", "default_timeout": 10},
    )


def sign_on_redirect(request, *, redirect_uri: str):
    """The redirect to the provider's authorisation page (state, nonce and PKCE verifier
    kept in the session)."""
    try:
        return _client().authorize_redirect(request, redirect_uri)
    except requests.RequestException as error:
        raise SignOnError(str(error)) from error


def sign_on_complete(request) -> SignOn:
    """Exchange the code the provider sent back for verified claims."""
    client = _client()
    try:
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})
        metadata = client.load_server_metadata()
        if not claims or metadata.get("issuer", "").rstrip("/") != _issuer():
            raise SignOnError("no ID token, or an issuer other than the configured one")
        if metadata.get("userinfo_endpoint"):
            extra = client.userinfo(token=token)
            if extra.get("sub") == claims["sub"]:
                claims = {**extra, **claims}
    except (OAuthError, JoseError, requests.RequestException, KeyError) as error:
        raise SignOnError(str(error)) from error
    return sign_on_from_claims(
        claims, issuer=metadata["issuer"], credit_code_claim=settings.OIDC_CREDIT_CODE_CLAIM
    )


def _truthy(value) -> bool:
    # Some providers send JSON strings for booleans.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def sign_on_from_claims(claims: dict, *, issuer: str, credit_code_claim: str) -> SignOn:
    """The claims the product uses, from verified ID token (and userinfo) claims."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = amr.split()
    credit_code = claims.get(credit_code_claim) if credit_code_claim else None
    email = claims.get("email").strip() if isinstance(claims.get("email"), str) else ""
    return SignOn(
        issuer=issuer,
        subject=str(claims["sub"]),
        email=email,
        email_verified=bool(email) and _truthy(claims.get("email_verified")),
        username_hint=str(claims.get("preferred_username") or email.split("@")[0]),
        credit_code=credit_code.strip() if isinstance(credit_code, str) else "",
        mfa=bool(MFA_METHODS.intersection(amr)),
    )
