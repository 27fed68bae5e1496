"""(f) Compressed size: each member page's HTML as sent gzipped (GZipMiddleware).

In-process through Django's test client with ``Accept-Encoding: gzip`` (no
server, no browser): the HTML bytes before and after compression, and the
ratio. Static files are served precompressed by WhiteNoise and are not counted.
"""

from django.test import Client


def compressed_sizes(user, paths: list[str]) -> dict[str, dict]:
    """Return ``{path: {status, html_bytes, gzip_bytes, ratio}}`` for ``user``."""
    import gzip

    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(user)
    rows = {}
    for path in paths:
        response = client.get(path)
        body = response.content
        encoded = response.get("Content-Encoding") == "gzip"
        raw = gzip.decompress(body) if encoded else body
        rows[path] = {
            "status": response.status_code,
            "gzipped": encoded,
            "html_bytes": len(raw),
            "gzip_bytes": len(body),
            "gzip_kb": round(len(body) / 1024, 1),
            "ratio": round(len(body) / len(raw), 3) if raw else None,
        }
    return rows
