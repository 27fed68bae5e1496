"""(e) Page weight: bytes over the wire per page in headless Chromium."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
COUNTED = {"document", "stylesheet", "script", "font"}


def page_weights(base_url: str, cookie: dict, paths: list[str]) -> dict[str, dict]:
    """Bytes (headers + encoded body) by resource type; images not counted."""
    from playwright.sync_api import sync_playwright

    # Playwright sets an attribute on handlers: a bound builtin will not do.
    class Finished(list):
        def append(self, item):  # noqa: D102 - list.append with a __dict__
            super().append(item)

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            # The service worker would answer later pages from its cache after
            # the first: weight is what the network carries, so block it.
            context = browser.new_context(
                viewport={"width": 360, "height": 740}, service_workers="block"
            )
            context.add_cookies([cookie | {"url": base_url}])
            for path in paths:
                page = context.new_page()
                requests = Finished()
                page.on("requestfinished", requests.append)
                # A fresh page shares the HTTP cache; empty it for a cold load.
                session = context.new_cdp_session(page)
                session.send("Network.enable")
                session.send("Network.clearBrowserCache")
                response = page.goto(base_url + path, wait_until="networkidle")
                by_type: dict[str, int] = {}
                for request in requests:
                    kind = request.resource_type
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    key = kind if kind in COUNTED else "other"
                    by_type[key] = by_type.get(key, 0) + max(size, 0)
                counted = sum(v for k, v in by_type.items() if k in COUNTED)
                results[path] = {
                    "status": response.status if response else None,
                    "bytes": counted,
                    "kb": round(counted / 1024, 1),
                    "by_type": by_type,
                }
                page.close()
        finally:
            browser.close()
    return results
