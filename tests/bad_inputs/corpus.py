"""The bad-input corpus: hostile files and strings, built in memory.

Nothing here is stored as a file in the repository: a decompression bomb or a
10 MB CSV is generated when a test needs it.
"""

import io
import struct
import zipfile
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

SCRIPT = "<script>alert(1)</script>"
IMG_ONERROR = '"><img src=x onerror=alert(1)>'
HOSTILE_TEXTS = (SCRIPT, IMG_ONERROR)
LONG_TEXT = "panjang " * 1250  # 10 000 characters


def _chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bomb() -> bytes:
    """A 60 000 × 60 000 PNG (3.6 gigapixels) of a few kilobytes: the rows are
    zeros that zlib squeezes to almost nothing."""
    width = height = 60_000
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit grey
    row = b"\x00" + b"\x00" * (width // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(2_000))
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", data)
        + _chunk(b"IEND", b"")
    )


def gif_js_polyglot() -> bytes:
    """Valid as JavaScript (GIF89a=…) and starts like a GIF; not a real image."""
    return b"GIF89a=1;/*\x0a\x00\x0a\x00\x00\x00\x00*/alert(document.domain);//"


def png_with_zip() -> bytes:
    """A real PNG with a zip archive appended (a classic polyglot)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("evil.js", "alert(1)")
    return png_bytes() + archive.getvalue()


def html_named_png() -> bytes:
    return b"<!doctype html><html><body><script>alert(1)</script></body></html>"


# Bank statements and catalog CSVs ------------------------------------------

CSV_HEADER = b"date,description,amount,type\n"


def csv_huge(megabytes: int = 11) -> bytes:
    line = b'2026-11-03,"TRSF E-BANKING CR SITI AMINAH",152417,CR\n'
    return CSV_HEADER + line * (megabytes * 1024 * 1024 // len(line) + 1)


def csv_invalid_utf8() -> bytes:
    return CSV_HEADER + b'2026-11-03,"TRSF \xff\xfe\xc3\x28 ROHIM",152417,CR\n'


def csv_nul_bytes() -> bytes:
    return CSV_HEADER + b'2026-11-03,"TRSF\x00\x00 ROHIM",15\x002417,CR\n'


def csv_many_columns(count: int = 100_000) -> bytes:
    return b",".join(b"c%d" % i for i in range(count)) + b"\n" + b"1," * count + b"\n"


def csv_long_line(size: int = 1024 * 1024) -> bytes:
    return CSV_HEADER + b'2026-11-03,"' + b"A" * size + b'",152417,CR\n'


BAD_CSVS = {
    "invalid-utf8": csv_invalid_utf8,
    "nul-bytes": csv_nul_bytes,
    "100k-columns": csv_many_columns,
    "1mb-line": csv_long_line,
    "html-as-csv": html_named_png,
    "empty": lambda: b"",
}
