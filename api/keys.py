"""Bearer tokens: made at random, stored as their SHA-256 only."""

import hashlib
import secrets

KEY_PREFIX = "dtm_"


def key_new() -> str:
    """A new token: a recognisable prefix and 43 URL-safe random characters."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def key_hash(key: str) -> str:
    """The SHA-256 (hex) a token is stored and looked up as."""
    return hashlib.sha256(key.encode()).hexdigest()
