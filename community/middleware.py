"""Refuse oversized request bodies with 413 before Django parses them."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
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
