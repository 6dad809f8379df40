"""Small helpers about the request itself."""


def base_url(request) -> str:
    """The site's address as the visitor reached it (for links sent by e-mail)."""
    return request.build_absolute_uri("/").rstrip("/")
