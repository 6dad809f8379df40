from django.conf import settings
from django.utils import translation


class QueryLanguageMiddleware:
    """`?lang=en` or `?lang=zh-hans` switches the language for this request and remembers it."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.GET.get("lang")
        if lang == "zh":
            lang = "zh-hans"
        if lang not in self.codes:
            return self.get_response(request)
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        response = self.get_response(request)
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, lang, samesite="Lax")
        return response
