import logging
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .jobs import job_sweep

log = logging.getLogger(__name__)


class LanguageMiddleware:
    """Simplified Chinese unless the user chose otherwise.

    The choice comes from `?lang=en` / `?lang=zh-hans` on any page (remembered in the
    language cookie) or from the menu's language switch (Django's set_language view, which
    sets the same cookie). The browser's Accept-Language is deliberately not consulted:
    the product is Chinese first, whatever the browser's default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        asked = request.GET.get("lang")
        asked = "zh-hans" if asked == "zh" else asked
        if asked not in self.codes:
            asked = None
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = asked or (cookie if cookie in self.codes else settings.LANGUAGE_CODE)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if asked:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, asked, samesite="Lax", max_age=365 * 24 * 3600
            )
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class JobSweepMiddleware:
    """Where tasks run in-process (no broker, no beat), recover background jobs on
    requests instead: at most once a period, across the processes sharing the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.CELERY_TASK_ALWAYS_EAGER and cache.add(
            "core:jobs:swept", 1, timeout=settings.JOBS_SWEEP_SECONDS
        ):
            try:
                job_sweep()
            except Exception:  # a sweep never breaks a page
                log.exception("sweeping background jobs failed")
        return self.get_response(request)


class NulByteMiddleware:
    """A NUL character in the path, the query string, a cookie or a header (the User-Agent
    that the login history and django-axes store) answers 400 (Bad Request).

    No page takes one, and PostgreSQL refuses NUL in text: without this, a lookup by such a
    parameter (or by a session cookie written as "\\000") would fail as a server error
    instead of a clear refusal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or "\x00" in unquote_plus(request.META.get("QUERY_STRING", ""))
            or any("\x00" in value for value in request.COOKIES.values())
            or any(
                "\x00" in value
                for name, value in request.META.items()
                if name.startswith("HTTP_") and isinstance(value, str)
            )
        ):
            raise BadRequest("NUL character in the URL, a cookie or a header")
        return self.get_response(request)
