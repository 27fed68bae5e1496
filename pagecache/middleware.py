"""Serve a member's own pages from the cache while nothing they show has changed.

The key holds the versions of the scopes the page reads (the member's own rows,
the catalog, the fund), read with one query. Writes bump those versions in the
database in the same transaction (``pagecache/watch.py``), so a reader sees
either the page of the old committed state or a freshly rendered one, never a
page that is stale after a commit.

A render is stored only if the versions are the same after it as before it: a
write that commits while the page is being rendered may have been half-seen, so
that render is shown once and not kept. Pages are kept for a short time at most
(``PAGE_CACHE_SECONDS``), since words such as "2 hari lagi" age by the clock.

Innermost middleware: session, auth, locale and messages have run, and every
outer middleware (security headers, CSP, CSRF cookie, compression) still works
on a cached answer as on a fresh one.
"""

import functools
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

logger = logging.getLogger(__name__)

# Scopes each page reads; member pages add the member's own scope.
PAGES = {
    "community:home": ("catalog", "fund"),
    "orders:order_list": ("catalog",),
    "settlements:settlement_list": ("fund",),
    "catalog:product_list": ("catalog",),
    "catalog:product_detail": ("catalog",),
    "order-list": ("catalog",),
}
PUBLIC_PAGES = {"charity:public": ("fund",)}
# Roles whose pages show other members' rows: their pages are never cached.
WIDE_ROLES = ("leader", "treasurer", "mentor")

MEMBER_VERSIONS_SQL = f"""
SELECT m.id,
  COALESCE((SELECT version FROM pagecache_pageversion
            WHERE scope = 'm:' || CAST(m.id AS TEXT)), 0),
  COALESCE((SELECT version FROM pagecache_pageversion WHERE scope = 'catalog'), 0),
  COALESCE((SELECT version FROM pagecache_pageversion WHERE scope = 'fund'), 0),
  EXISTS (SELECT 1 FROM auth_user_groups ug JOIN auth_group g ON g.id = ug.group_id
          WHERE ug.user_id = m.user_id AND g.name IN ({", ".join(["%s"] * 3)}))
FROM community_member m WHERE m.user_id = %s
"""  # noqa: S608 - constant names and placeholders only
SHARED_VERSIONS_SQL = """
SELECT
  COALESCE((SELECT version FROM pagecache_pageversion WHERE scope = 'catalog'), 0),
  COALESCE((SELECT version FROM pagecache_pageversion WHERE scope = 'fund'), 0)
"""


def member_versions(user_id: int) -> tuple | None:
    """(member id, own, catalog, fund) for a plain member; None otherwise."""
    with connection.cursor() as cursor:
        cursor.execute(MEMBER_VERSIONS_SQL, [*WIDE_ROLES, user_id])
        row = cursor.fetchone()
    if row is None or row[4]:
        return None
    return tuple(row[:4])


def shared_versions() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(SHARED_VERSIONS_SQL)
        return tuple(cursor.fetchone())


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        plan = self._plan(request)
        if plan is None:
            return self.get_response(request)
        read_versions, key_parts = plan
        try:
            before = read_versions()
        except DatabaseError:
            return self.get_response(request)
        if before is None:
            return self.get_response(request)
        key = self._key(request, key_parts, before)
        hit = _cache_get(key)
        if hit is not None:
            response = HttpResponse(hit["content"], status=200)
            for name, value in hit["headers"]:
                response[name] = value
            response["X-Kongsi-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self._storable(response):
            try:
                after = read_versions()
            except DatabaseError:
                after = None
            if after == before:
                headers = [
                    (name, value)
                    for name, value in response.items()
                    if name.lower() not in ("set-cookie", "x-kongsi-page-cache")
                ]
                _cache_set(key, {"content": response.content, "headers": headers})
        return response

    def _plan(self, request):
        """(version reader, key parts) when this request may use the cache."""
        if not settings.PAGE_CACHE_ENABLED or request.method != "GET":
            return None
        urlconf = get_urlconf() or settings.ROOT_URLCONF
        view_name = _view_name(urlconf, request.path_info)
        if view_name is None:
            return None
        user = request.user
        if not user.is_authenticated:
            if view_name not in PUBLIC_PAGES:
                return None
            return shared_versions, ("public", view_name)
        if view_name not in PAGES or user.is_staff or user.is_superuser:
            return None
        if _has_messages(request):
            return None  # a flash message belongs to this one answer
        return (lambda: member_versions(user.pk)), ("member", user.pk, view_name)

    def _key(self, request, parts, versions) -> str:
        # The cookies (session, CSRF secret, language, settings kept in cookies)
        # and Accept decide what the same path renders to, so they are in the key:
        # a cached form's CSRF token is only ever served to the browser it fits.
        vary = "\n".join(
            [
                request.get_full_path(),
                translation.get_language() or "",
                request.META.get("HTTP_COOKIE", ""),
                request.META.get("HTTP_ACCEPT", ""),
            ]
        )
        digest = hashlib.sha256(vary.encode()).hexdigest()[:32]
        head = ":".join(str(part) for part in (*parts, *versions))
        return f"pagecache:{head}:{digest}"

    @staticmethod
    def _storable(response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies:
            return False  # the view set a cookie: it answered this request only
        control = response.get("Cache-Control", "")
        return "no-store" not in control and "private" not in control


@functools.lru_cache(maxsize=4096)
def _view_name(urlconf: str, path: str) -> str | None:
    """The view name of a path (None when none): a path resolves the same way
    every time, so each is resolved once per process, not on every request."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and len(storage))


def _cache_get(key: str):
    try:
        return cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down is a miss
        logger.warning("pagecache: cache read failed", exc_info=True)
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 - a cache that is down keeps nothing
        logger.warning("pagecache: cache write failed", exc_info=True)
