"""(a) Query counts of every member, mentor and leader page and API list."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

# Not pages a person reads: downloads, sign-out, schema, admin, the bench view.
SKIP_PREFIXES = ("admin/", "api/schema", "i18n/", "keluar/", "bench/", "media/")
SKIP_SUFFIXES = (".csv", ".zip", "file/", "healthz")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            if "<" in route or "(?P" in route or "^" in route:
                continue
            yield entry.name or route, "/" + route


def static_get_urls() -> list[tuple[str, str]]:
    """Every GET route without parameters (pages and API lists)."""
    seen = {}
    for name, url in _walk(get_resolver().url_patterns):
        path = url.lstrip("/")
        if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
            continue
        seen.setdefault(url, name)
    return sorted((name, url) for url, name in seen.items())


def count_queries(user, urls: list[tuple[str, str]]) -> dict[str, dict]:
    """GET each url twice as ``user``; keep the second (warm) count."""
    client = Client()
    client.force_login(user)
    results = {}
    for name, url in urls:
        counts = []
        status = None
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url, HTTP_ACCEPT="text/html,application/json")
            status = response.status_code
            counts.append(len(queries))
        if status == 200:
            results[url] = {"name": name, "queries": counts[-1]}
    return results


def detail_urls(member, mentor) -> list[tuple[str, str]]:
    """A few pages of one object each role really opens."""
    from orders.models import Order
    from settlements.models import Settlement

    urls = []
    order = Order.objects.filter(member=member).order_by("-pk").first()
    if order:
        urls.append(("order_detail", f"/pesanan/{order.pk}/"))
        urls.append(("order-detail", f"/api/v1/orders/{order.pk}/"))
    settlement = Settlement.objects.filter(member=member).order_by("-pk").first()
    if settlement:
        urls.append(("settlement_detail", f"/setor/{settlement.pk}/"))
    trainee = mentor.trainees.order_by("pk").first() if mentor else None
    if trainee:
        urls.append(("trainee", f"/belajar/murid/{trainee.pk}/"))
    return urls


def measure(people: dict) -> dict[str, dict]:
    """``people`` = {role: (user, member_or_None)}; returns {role: {url: ...}}."""
    urls = static_get_urls()
    member = people["member"][1]
    mentor = people["mentor"][1]
    by_role = {}
    for role, (user, _member) in people.items():
        extra = detail_urls(member, mentor) if role in ("member", "mentor") else []
        if role == "mentor":
            extra = [u for u in extra if u[0] == "trainee"]
        if role == "member":
            extra = [u for u in extra if u[0] != "trainee"]
        results = count_queries(user, urls + extra)
        # Detail pages are keyed by name so demo and scale objects compare.
        by_role[role] = {
            (row["name"] if url.rstrip("/").split("/")[-1].isdigit() else url): row
            | {"url": url}
            for url, row in results.items()
        }
    return by_role


def compare(demo: dict, scale: dict, limit: int = 15) -> list[dict]:
    rows = []
    for role, pages in scale.items():
        for key, row in sorted(pages.items()):
            before = demo.get(role, {}).get(key, {}).get("queries")
            rows.append(
                {
                    "role": role,
                    "page": key,
                    "demo": before,
                    "scale": row["queries"],
                    "met": before == row["queries"] and row["queries"] <= limit,
                }
            )
    return rows
