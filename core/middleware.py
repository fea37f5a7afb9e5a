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


class RequestLimitsMiddleware:
    """Dutch pages, in the page frame, for requests the app will not read: an address longer
    than MAX_URI_LENGTH (414; the server in front must let it through, see gunicorn.conf.py),
    a text body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (413, before anything reads it), and
    a method a view does not take (405, instead of an empty page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from . import views

        if len(request.get_full_path()) > settings.MAX_URI_LENGTH:
            return views.uri_too_long(request)
        length = request.META.get("CONTENT_LENGTH") or "0"
        content_type = request.META.get("CONTENT_TYPE", "")
        if (
            length.isdigit()
            and int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            and not content_type.startswith("multipart/")
        ):
            return views.too_large(request)
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            return views.not_allowed(request, response.get("Allow", ""))
        return response


class RequestIdMiddleware:
    """A short id per request, in the response's X-Request-ID and in every log line of the
    request (core.logs), so that a person's report of an error page finds its traceback. A
    proxy's X-Request-ID is kept when it looks like one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import re
        import uuid

        from .logs import request_id

        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if re.fullmatch(r"[A-Za-z0-9._-]{8,64}", given) else uuid.uuid4().hex[:16]
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response
