"""Random tokens for links sent by e-mail (invitations)."""

import secrets


def new_token() -> str:
    """A URL-safe random token of 32 characters."""
    return secrets.token_urlsafe(24)
