"""Refuse oversized request bodies with 413 before Django parses them."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class UploadSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.KONGSI_MAX_REQUEST_BYTES:
            message = _("The upload is too large. At most %(mb)s MB.") % {
                "mb": settings.KONGSI_MAX_REQUEST_BYTES // (1024 * 1024)
            }
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain")
        return self.get_response(request)


class IndonesianFirstLocaleMiddleware:
    """Choose the language: the member's own choice, else Indonesian.

    Pages ignore the browser's Accept-Language on purpose: many members' cheap
    phones ship set to English while they read Indonesian; a member switches
    with the footer's language form (a cookie). API clients, which set the
    header deliberately, may ask for English with ``Accept-Language: en``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        if chosen not in supported:
            chosen = None
        if chosen is None and request.path.startswith("/api/"):
            header = translation.get_language_from_request(request)
            chosen = header if header in supported else None
        language = chosen or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        translation.deactivate()
        return response
