"""A repeated write does one thing: API ``Idempotency-Key`` and page form tokens.

One mechanism for both (``RequestOnceMiddleware``), run in ``process_view``
after the CSRF check:

- **API** (``/api/``): a POST/PUT/PATCH/DELETE with an ``Idempotency-Key``
  header (1–255 characters) is remembered per user with a fingerprint (method,
  path, canonical body) and its first response. The same key and body returns
  the stored response (header ``Idempotent-Replayed: true``); the same key with
  another body is 422.
- **Pages**: every ``{% csrf_token %}`` also writes a hidden ``form_token``
  (``community.templatetags.kongsi``). A POST whose token this user already
  used is answered with the first result (the redirect it got) and a message,
  so a double tap or "back" and resubmit does one thing and then shows it.

The key row is inserted *before* the view runs and saved with the response in
the *same transaction* as the view's writes, so a crash between commit and
reply leaves both or neither, and a retry finds the stored response. On
PostgreSQL the unique (user, kind, key) index makes a concurrent twin wait on
the first transaction and then read its committed response. Lock order: the
key row first, then whatever the service locks (keys of different requests
never collide, so this adds no deadlock).

Only 2xx and 3xx answers are kept: a refusal (4xx) writes nothing, so the same
key may simply try again (the stock may be back). Keys expire after
``KONGSI_REQUEST_ONCE_HOURS`` (24); ``request_once_purge_task`` deletes them.
"""

import hashlib
import json
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import IntegrityError, transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import RequestOnce

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
FORM_FIELD = "form_token"
# A form token is ours or the offline outbox's: letters, digits and dashes.
FORM_TOKEN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
# Pages whose repeat is harmless and must work again after "back".
FORM_EXEMPT_PREFIXES = ("/i18n/", "/keluar/", "/masuk/")


def expiry_hours() -> int:
    return getattr(settings, "KONGSI_REQUEST_ONCE_HOURS", 24)


def new_form_token() -> str:
    """128 random bits as 32 hex digits: one read of the system's randomness
    (a page carries two or three forms; a draw per character cost more)."""
    return secrets.token_hex(16)


def request_once_purge(*, now=None) -> int:
    """Delete keys older than the expiry; return how many went."""
    cutoff = (now or timezone.now()) - timedelta(hours=expiry_hours())
    deleted, _by_model = RequestOnce.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def _api_user(request):
    """Return who sends this API request (token, session, or the test client)."""
    forced = getattr(request, "_force_auth_user", None)
    if forced is not None:
        return forced
    from rest_framework.authentication import TokenAuthentication
    from rest_framework.exceptions import AuthenticationFailed

    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return None  # the view answers 401 itself
    if found:
        return found[0]
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _body_fingerprint(request) -> str:
    """Return sha256 over method, path and the body in a canonical form.

    Multipart bodies are hashed field by field (a new boundary each time must
    not make the same upload "another body"); JSON is re-serialised with
    sorted keys.
    """
    parts: list = [request.method, request.get_full_path()]
    if request.content_type == "multipart/form-data":
        parts.append(sorted((k, request.POST.getlist(k)) for k in request.POST))
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                digest = hashlib.sha256()
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
                parts.append([name, upload.name, digest.hexdigest()])
    elif request.content_type == "application/json":
        try:
            parts.append(json.loads(request.body or b"null"))
        except ValueError:
            parts.append(hashlib.sha256(request.body).hexdigest())
    else:
        parts.append(hashlib.sha256(request.body).hexdigest())
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _rendered(response):
    if hasattr(response, "render") and callable(response.render):
        response = response.render()
    return response


def _kept(kind: str, response) -> bool:
    """Keep a done write: 2xx/3xx in the API; a page form's redirect.

    A page form answering 200 shows its errors again: the token stays usable.
    """
    lowest = 200 if kind == RequestOnce.Kind.API else 300
    return lowest <= response.status_code < 400 and not response.streaming


def _run_once(*, user, kind, key, fingerprint, call):
    """Run ``call()`` once per (user, kind, key); return (record, response).

    ``response`` is None when an earlier request holds the key: the caller
    answers from ``record`` then.
    """
    for _attempt in range(3):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = RequestOnce.objects.create(
                        user=user, kind=kind, key=key, fingerprint=fingerprint
                    )
            except IntegrityError:
                record = RequestOnce.objects.filter(
                    user=user, kind=kind, key=key
                ).first()
                if record is None:
                    continue  # the first one was refused and let go of the key
                cutoff = timezone.now() - timedelta(hours=expiry_hours())
                if record.created_at < cutoff:
                    record.delete()
                    continue
                return record, None
            response = _rendered(call())
            if _kept(kind, response):
                record.status_code = response.status_code
                record.content_type = response.get("Content-Type", "")
                record.location = response.get("Location", "")
                if kind == RequestOnce.Kind.API:
                    record.content = bytes(response.content)
                record.save(
                    update_fields=["status_code", "content_type", "content", "location"]
                )
            else:
                record.delete()
            return record, response
    raise RuntimeError("request key kept changing hands")  # pragma: no cover


class RequestOnceMiddleware:
    """Answer a repeated write with its first result (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in WRITE_METHODS:
            return None

        def call():
            return view_func(request, *view_args, **view_kwargs)

        if request.path.startswith("/api/"):
            key = request.headers.get(HEADER)
            if key is None:
                return None
            return self._api(request, key, call)
        return self._form(request, call)

    def _api(self, request, key: str, call):
        if not key or len(key) > MAX_KEY_LENGTH:
            detail = _("The Idempotency-Key must be 1 to %(max)s characters.") % {
                "max": MAX_KEY_LENGTH
            }
            return JsonResponse({"detail": detail}, status=400)
        user = _api_user(request)
        if user is None:
            return None  # no one to remember it for; the view refuses (401)
        try:
            fingerprint = _body_fingerprint(request)
        except RequestDataTooBig:
            detail = _("The request is too large.")
            return JsonResponse({"detail": detail}, status=413)
        except TooManyFieldsSent:
            return JsonResponse({"detail": _("Too many fields.")}, status=400)
        record, response = _run_once(
            user=user,
            kind=RequestOnce.Kind.API,
            key=key,
            fingerprint=fingerprint,
            call=call,
        )
        if response is not None:
            return response
        if record.fingerprint != fingerprint:
            detail = _(
                "This Idempotency-Key was already used for another request. "
                "Use a new key for a new request."
            )
            return JsonResponse({"detail": detail}, status=422)
        replay = HttpResponse(
            bytes(record.content),
            status=record.status_code,
            content_type=record.content_type or "application/json",
        )
        if record.location:
            replay["Location"] = record.location
        replay["Idempotent-Replayed"] = "true"
        return replay

    def _form(self, request, call):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if request.path.startswith(FORM_EXEMPT_PREFIXES):
            return None
        try:
            token = request.POST.get(FORM_FIELD, "")
        except (RequestDataTooBig, TooManyFieldsSent):
            return None  # the view (or Django) refuses the body itself
        if not token or len(token) > 64 or not set(token) <= FORM_TOKEN_CHARS:
            return None
        fingerprint = hashlib.sha256(
            f"{request.method} {request.path}".encode()
        ).hexdigest()
        record, response = _run_once(
            user=user,
            kind=RequestOnce.Kind.FORM,
            key=token,
            fingerprint=fingerprint,
            call=call,
        )
        if response is not None:
            return response
        messages.info(request, _("This form was sent already. Here is what it did."))
        return HttpResponseRedirect(record.location or request.get_full_path())
