"""QRIS: the community's static QR and a dynamic one carrying the exact amount.

A QRIS code is EMVCo "merchant-presented mode" text: data objects of a
two-digit tag, a two-digit length and the value, ending with tag ``63``, the
CRC-16/CCITT-FALSE of everything before it (``6304`` included).

- ``qris_parse`` checks a pasted or scanned payload: TLV structure, CRC,
  Indonesian (country ``ID``, currency ``360``), a merchant account (tags
  26–51), merchant name; anything else is refused with a plain message.
- ``qris_dynamic`` builds the code a member scans for one settlement: point
  of initiation ``12`` (one-time), tag ``54`` = the amount due, no tip or fee
  tags (55–57: passing surcharges to the payer is not allowed), CRC
  recomputed.
- ``qris_svg`` renders it as inline SVG with ``segno``; ``qris_from_image``
  reads a photo of a printed QR with zbar's ``zbarimg``.
"""

import functools
import shutil
import subprocess
import tempfile
from dataclasses import dataclass

import segno
from django.utils.translation import gettext as _

from community.errors import KongsiError

MAX_PAYLOAD = 512
MAX_PHOTO_BYTES = 10 * 1024 * 1024
FEE_TAGS = {"55", "56", "57"}


@dataclass(frozen=True)
class Qris:
    payload: str
    fields: tuple[tuple[str, str], ...]

    def get(self, tag: str) -> str:
        return next((value for key, value in self.fields if key == tag), "")

    @property
    def merchant_name(self) -> str:
        return self.get("59")

    @property
    def merchant_city(self) -> str:
        return self.get("60")

    @property
    def amount(self) -> str:
        return self.get("54")


def crc16_ccitt_false(text: str) -> str:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) as four upper-case hex."""
    crc = 0xFFFF
    for byte in text.encode("utf-8"):
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def _refuse(message: str) -> KongsiError:
    return KongsiError(message, field="qris_payload")


def _ascii_digits(text: str, size: int) -> bool:
    # str.isdigit() alone also accepts "²" or "٣", which int() then refuses.
    return len(text) == size and text.isascii() and text.isdigit()


def _tlv(text: str) -> list[tuple[str, str]]:
    fields, index = [], 0
    while index < len(text):
        tag, length = text[index : index + 2], text[index + 2 : index + 4]
        if not (_ascii_digits(tag, 2) and _ascii_digits(length, 2)):
            raise _refuse(_("This is not a QRIS code: its data cannot be read."))
        end = index + 4 + int(length)
        if end > len(text):
            raise _refuse(_("This QRIS code is cut off: part of it is missing."))
        fields.append((tag, text[index + 4 : end]))
        index = end
    return fields


def qris_parse(payload: str) -> Qris:
    """Check a QRIS payload; return it parsed or raise KongsiError."""
    text = str(payload or "").strip()
    if not text:
        raise _refuse(_("Paste the QRIS text or upload a photo of the QR."))
    # A QRIS is plain ASCII text; anything else is refused before it is read.
    if len(text) > MAX_PAYLOAD or not (text.isascii() and text.isprintable()):
        raise _refuse(_("This is not a QRIS code: its data cannot be read."))
    if not text.startswith("000201"):
        raise _refuse(_("This is not a QRIS code: it does not start like one."))
    fields = _tlv(text)
    if fields[-1][0] != "63" or len(fields[-1][1]) != 4:
        raise _refuse(_("This QRIS code has no check number (CRC) at its end."))
    if crc16_ccitt_false(text[:-4]).upper() != fields[-1][1].upper():
        raise _refuse(
            _(
                "The check number (CRC) of this QRIS code is wrong: it was copied "
                "with a mistake. Copy it again or upload a photo of the QR."
            )
        )
    tags = dict(fields)
    if tags.get("58") != "ID" or tags.get("53") != "360":
        raise _refuse(
            _("This QR is not an Indonesian QRIS (country ID, rupiah): refused.")
        )
    if not any(26 <= int(tag) <= 51 for tag in tags):
        raise _refuse(_("This QRIS code has no merchant account in it."))
    if not tags.get("59"):
        raise _refuse(_("This QRIS code has no merchant name in it."))
    if tags.get("01") not in (None, "11", "12"):
        raise _refuse(_("This is not a QRIS code: its data cannot be read."))
    return Qris(payload=text, fields=tuple(fields))


def _assemble(fields) -> str:
    body = "".join(f"{tag}{len(value):02d}{value}" for tag, value in fields)
    body += "6304"
    return body + crc16_ccitt_false(body)


def qris_dynamic(payload: str, amount: int) -> Qris:
    """The one-time code for ``amount`` whole rupiah, built from a static one."""
    if not isinstance(amount, int) or amount < 1 or amount > 9_999_999_999_999:
        raise KongsiError(_("The amount for the QRIS code must be whole rupiah."))
    static = qris_parse(payload)
    fields = []
    for tag, value in static.fields:
        if tag in FEE_TAGS or tag in ("54", "63"):
            continue
        fields.append((tag, "12" if tag == "01" else value))
    if not any(tag == "01" for tag, _value in fields):
        fields.insert(1, ("01", "12"))
    # Tag 54 goes in tag order: after 53 (currency), before 58 (country).
    position = next(
        (i for i, (tag, _value) in enumerate(fields) if int(tag) > 54), len(fields)
    )
    fields.insert(position, ("54", str(amount)))
    return qris_parse(_assemble(fields))


def qris_svg(payload: str) -> str:
    """Inline SVG of the QR (no XML header), for the page."""
    return _qris_svg(payload, _("QRIS code"))


@functools.lru_cache(maxsize=128)
def _qris_svg(payload: str, title: str) -> str:
    """Drawing a QR is most of a QRIS page's time, and the same payload and
    title always draw the same SVG: the static codes are drawn once per process
    (a changed payload is a new key; dynamic amounts share the bounded cache)."""
    code = segno.make(payload, error="m", micro=False)
    return code.svg_inline(scale=4, border=2, title=title)


def qris_png(payload: str, path: str, scale: int = 6) -> None:
    """PNG of the same QR (tests decode it with zbarimg)."""
    segno.make(payload, error="m", micro=False).save(path, kind="png", scale=scale)


def qris_from_image(file) -> str:
    """Read the QR text from an uploaded photo with zbar's ``zbarimg``."""
    if file is None:
        raise _refuse(_("Paste the QRIS text or upload a photo of the QR."))
    binary = shutil.which("zbarimg")
    if binary is None:
        raise _refuse(
            _(
                "Kongsi cannot read QR photos on this server. Paste the QRIS text "
                "instead (a QR reader app on your phone shows it)."
            )
        )
    file.seek(0)
    data = file.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise _refuse(_("The photo is too large. At most 10 MB."))
    with tempfile.NamedTemporaryFile(suffix=".img") as image:
        image.write(data)
        image.flush()
        try:
            result = subprocess.run(  # noqa: S603 - fixed binary, no shell
                [binary, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                 image.name],
                capture_output=True,
                timeout=20,
                check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired):
            result = None
    text = result.stdout.decode("utf-8", "replace").strip() if result else ""
    if not text:
        raise _refuse(
            _(
                "No QR code could be read from this photo. Take a sharper photo "
                "of the whole QR, or paste the QRIS text."
            )
        )
    return text.splitlines()[0]
