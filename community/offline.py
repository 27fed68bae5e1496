"""Kongsi on a village connection: the service worker, the offline page and the
"hemat kuota" (low data) switch.

The service worker is a template served at ``/sw.js`` (not under /static/) so
its scope is the whole site; ``Service-Worker-Allowed: /`` says so too. Its
version is a hash of what it caches (hashed static names included), so a new
deploy installs a new worker and drops the old caches.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

LOW_DATA_COOKIE = "kongsi_hemat"
# The app shell: every page's CSS, JS and icons.
PRECACHE_STATIC = (
    "css/kongsi.css",
    "css/orders.css",
    "css/catalog.css",
    "js/kongsi.js",
    "js/outbox.js",
    "js/orders.js",
    "icons/sprite.svg",
    "icons/icon-192.png",
    "icons/icon-512.png",
)
# Pages fetched for the signed-in member when the worker installs, and kept
# fresh on every visit: Beranda, the catalog last seen, their open orders and
# the new-order form (which works offline through the outbox).
PAGE_PREFIXES = ("/katalog/", "/pesanan/")
WARM_PAGES = ("/", "/katalog/", "/pesanan/", "/pesanan/baru/")


def is_low_data(request) -> bool:
    return request.COOKIES.get(LOW_DATA_COOKIE) == "1"


def service_worker(request):
    """Return the versioned service worker script (scope ``/``)."""
    context = {
        "precache": [static(name) for name in PRECACHE_STATIC],
        "offline_url": reverse("community:offline"),
        "outbox_js": static("js/outbox.js"),
        # Browser tests turn it off: their live server shares one SQLite
        # connection between threads and must not serve two pages at once.
        "warm_pages": WARM_PAGES if getattr(settings, "KONGSI_SW_WARM", True) else (),
        "page_prefixes": PAGE_PREFIXES,
        "order_form_path": reverse("orders:order_create"),
    }
    body = render_to_string("sw.js", context)
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    body = body.replace("__KONGSI_VERSION__", version)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    # Always ask: a new worker must reach phones on the next visit.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


def offline(request):
    """The page shown when a page was never seen and there is no signal."""
    return render(request, "community/offline.html")


@login_required
@require_POST
def low_data_toggle(request):
    """Switch "hemat kuota" on this phone: no product photos, only their names."""
    target = request.POST.get("next") or reverse("community:profile")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("community:profile")
    response = redirect(target)
    if is_low_data(request):
        response.delete_cookie(LOW_DATA_COOKIE)
        messages.success(request, _("Data saver is off: photos are shown."))
    else:
        response.set_cookie(
            LOW_DATA_COOKIE,
            "1",
            max_age=365 * 86400,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure(),
        )
        messages.success(request, _("Data saver is on: photos are hidden."))
    return response
