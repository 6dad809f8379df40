"""The visitor's IP address, the same for login throttling (django-axes), the login
history and the throttles."""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request) -> str | None:
    """REMOTE_ADDR, or behind `PROXY_COUNT` reverse proxies (BEHIND_PROXY=1) the address
    the outermost of them added to X-Forwarded-For: that many entries from the right, as
    each proxy appends the address it received the request from. Entries further left
    came from the client and are not trusted."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count and _valid(forwarded[-count]):
            return forwarded[-count]
    address = request.META.get("REMOTE_ADDR", "")
    return address if _valid(address) else None
