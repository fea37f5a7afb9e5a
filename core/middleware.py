from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Dutch unless the person chose another language with the language switch.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: the
    administration works in Dutch, also for staff whose browser is set to English.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class AdminStyleMiddleware:
    """Django's admin sets inline style attributes in its forms; allow inline *style* (never
    script) on the admin pages only, for the few people who manage the organisation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(ADMIN_PREFIX):
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response


ADMIN_PREFIX = "/beheer/"
