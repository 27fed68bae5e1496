"""(f) Phone timing: each member page on an emulated cheap phone on village data.

Chromium's DevTools protocol slows the network to 400 ms round trips, 50 kB/s
down and 20 kB/s up, and the CPU four times. Each page is loaded cold (empty
cache) and then warm (the same tab again, cache kept). Reported: time to the
load event and bytes on the wire (encoded, headers included), images left out
as in ``weight.py``.
"""

from bench.weight import CHROMIUM_ARGS

NETWORK = {
    "offline": False,
    "latency": 400,  # ms round trip
    "downloadThroughput": 50 * 1024,  # bytes per second
    "uploadThroughput": 20 * 1024,
}
CPU_SLOWDOWN = 4


def _load(page, session, url: str) -> dict:
    """Load url once; time to load event and encoded bytes of non-image answers."""
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}

    def on_response(event):
        kinds[event["requestId"]] = event.get("type", "")

    def on_finished(event):
        sizes[event["requestId"]] = int(event.get("encodedDataLength", 0))

    session.on("Network.responseReceived", on_response)
    session.on("Network.loadingFinished", on_finished)
    response = page.goto(url, wait_until="load", timeout=60_000)
    timing = page.evaluate(
        "() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? n.loadEventEnd - n.startTime : null; }"
    )
    page.wait_for_timeout(200)  # let the last loadingFinished events arrive
    wire = sum(size for request, size in sizes.items() if kinds.get(request) != "Image")
    return {
        "status": response.status if response else None,
        "load_ms": round(timing) if timing is not None else None,
        "wire_bytes": wire,
        "wire_kb": round(wire / 1024, 1),
    }


def phone_timings(base_url: str, cookie: dict, paths: list[str]) -> dict[str, dict]:
    """Cold and warm loads of each path on the emulated phone."""
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        try:
            for path in paths:
                # A new context per page: its HTTP cache starts empty (cold).
                context = browser.new_context(viewport={"width": 360, "height": 740})
                context.add_cookies([cookie | {"url": base_url}])
                page = context.new_page()
                session = context.new_cdp_session(page)
                session.send("Network.enable")
                session.send("Network.emulateNetworkConditions", NETWORK)
                session.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                cold = _load(page, session, base_url + path)
                warm = _load(page, session, base_url + path)
                results[path] = {"cold": cold, "warm": warm}
                context.close()
        finally:
            browser.close()
    return results
