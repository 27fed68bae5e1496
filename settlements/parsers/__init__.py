"""Bank statement readers: the layouts BCA, BRI and Mandiri really export.

``parse_statement(data, format)`` reads an uploaded file into a
``ParsedStatement`` or raises ``StatementParseError`` with an Indonesian
message; ``format`` is ``auto`` (recognised from the file) or a layout name
of ``LAYOUTS``. One module per bank (``bca``, ``bri``, ``mandiri``) plus the
generic CSV; shared pieces in ``base``. A PDF is refused with the download to
use instead; nothing is read from it.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.errors import KongsiError
from settlements.parsers import bca, bri, generic, mandiri
from settlements.parsers.base import (
    CREDIT,
    DEBIT,
    MAX_LINES,
    ParsedLine,
    ParsedStatement,
    StatementParseError,
    account_key,
    decode,
    error,
    line_fingerprint,
    normalise_description,
    number_occurrences,
    parse_amount,
    parse_date,
    parse_money,
    with_account,
)

__all__ = [
    "CREDIT",
    "DEBIT",
    "FORMATS",
    "LAYOUTS",
    "ParsedLine",
    "ParsedStatement",
    "StatementParseError",
    "account_key",
    "detect_format",
    "line_fingerprint",
    "normalise_description",
    "parse_amount",
    "parse_date",
    "parse_money",
    "parse_statement",
    "with_account",
]


@dataclass(frozen=True)
class Layout:
    name: str
    label: str
    bank: str
    download: str  # where the treasurer finds it (README table)
    file_type: str
    reader: object
    binary: bool = False


LAYOUTS = {
    layout.name: layout
    for layout in (
        Layout("bca", "KlikBCA", "BCA",
               "KlikBCA → Informasi Rekening → Mutasi Rekening → Download",
               "CSV", bca.parse),
        Layout("mybca", "myBCA", "BCA",
               "myBCA → Rekening → Mutasi Rekening → Unduh → CSV", "CSV", bca.parse),
        Layout("bca_bisnis", "KlikBCA Bisnis (CSV)", "BCA",
               "KlikBCA Bisnis → Informasi Rekening → Mutasi Rekening → "
               "Download CSV", "CSV", bca.parse),
        Layout("bca_bisnis_txt", "KlikBCA Bisnis (teks)", "BCA",
               "KlikBCA Bisnis → Informasi Rekening → Mutasi Rekening → "
               "Download TXT", "TXT (tab)", bca.parse),
        Layout("bri", "BRI", "BRI",
               "BRI Internet Banking → Mutasi Rekening → Unduh", "CSV (;)",
               bri.parse),
        Layout("bri_cms", "BRI CMS", "BRI",
               "BRI CMS (Qlola) → Informasi Rekening → Mutasi → Export CSV",
               "CSV", bri.parse),
        Layout("mandiri", "Mandiri", "Mandiri",
               "Mandiri Internet Banking → Mutasi Rekening → Download",
               "CSV (;)", mandiri.parse_ib),
        Layout("mandiri_mcm", "Mandiri MCM", "Mandiri",
               "Mandiri Cash Management → Account Statement → Download CSV",
               "CSV (, or ;)", mandiri.parse_mcm),
        Layout("mandiri_cms", "Mandiri CMS (teks)", "Mandiri",
               "Mandiri CMS → Account Statement → Download TXT", "TXT",
               mandiri.parse_cms),
        Layout("mandiri_xlsx", "Mandiri e-Statement (Excel)", "Mandiri",
               "Livin' by Mandiri → e-Statement → Excel", "XLSX",
               mandiri.parse_xlsx, binary=True),
        Layout("generic", gettext_lazy("Generic CSV"), "—",
               "date,description,amount,type", "CSV", generic.parse),
    )
}  # fmt: skip
FORMATS = tuple(LAYOUTS)
DETECTORS = (generic.detect, bri.detect, mandiri.detect, bca.detect)
# Banks whose PDF e-statement people try first; the download to use instead.
PDF_BANKS = (
    (re.compile(rb"bank central asia|klikbca|\bbca\b"), "BCA"),
    (re.compile(rb"\bjago\b"), "Jago"),
    (re.compile(rb"bank negara indonesia|\bbni\b"), "BNI"),
    (re.compile(rb"\bcimb\b"), "CIMB Niaga"),
    (re.compile(rb"bank rakyat indonesia|\bbri\b"), "BRI"),
    (re.compile(rb"\bmandiri\b"), "Mandiri"),
)


def _readable_names() -> str:
    return ", ".join(str(layout.label) for layout in LAYOUTS.values())


def _refuse_pdf(data: bytes) -> StatementParseError:
    head = bytes(data[:200_000]).lower()
    bank = next((name for pattern, name in PDF_BANKS if pattern.search(head)), "")
    if bank == "BCA":
        message = _(
            "This is a PDF e-statement. Kongsi cannot read PDF: in KlikBCA open "
            "Informasi Rekening → Mutasi Rekening and press Download (CSV), or in "
            "myBCA open Rekening → Mutasi Rekening → Unduh → CSV, and upload that "
            "file. Nothing was saved."
        )
    elif bank in ("BRI", "Mandiri"):
        message = _(
            "This is a PDF e-statement of %(bank)s. Kongsi cannot read PDF: "
            "download the account mutation as CSV or Excel from %(bank)s internet "
            "banking and upload that file. Nothing was saved."
        ) % {"bank": bank}
    elif bank:
        message = _(
            "This is a PDF e-statement of %(bank)s. Kongsi cannot read PDF and "
            "does not read %(bank)s downloads yet: copy the money movements into "
            "the generic CSV (date,description,amount,type) and upload that. "
            "Nothing was saved."
        ) % {"bank": bank}
    else:
        message = _(
            "This is a PDF file. Kongsi cannot read PDF: download the account "
            "mutation as CSV, text or Excel (%(layouts)s) and upload that. "
            "Nothing was saved."
        ) % {"layouts": _readable_names()}
    return error(None, message)


def _unknown() -> StatementParseError:
    return error(
        None,
        _(
            "The bank could not be recognised from this file. Kongsi reads: "
            "%(layouts)s. Choose the layout and try again, or copy the money "
            "movements into the generic CSV with the columns "
            "date,description,amount,type."
        )
        % {"layouts": _readable_names()},
    )


def is_xlsx(data: bytes) -> bool:
    return bytes(data[:4]) == b"PK\x03\x04"


def detect_format(text: str) -> str:
    """Recognise the layout from the text; raise when none fits."""
    text = text.lstrip("\ufeff")
    head = [line.strip().lstrip("\ufeff") for line in text.splitlines()[:12]]
    for detector in DETECTORS:
        found = detector(text, head)
        if found:
            return found
    raise _unknown()


def parse_statement(data: bytes, format: str = "auto") -> ParsedStatement:  # noqa: A002
    """Parse an uploaded statement file; raise ``StatementParseError`` on any problem.

    Each line gets its ``occurrence``: how many identical rows (same date, amount,
    direction and description) came before it in this file.
    """
    if isinstance(data, bytes | bytearray) and bytes(data[:1024]).lstrip().startswith(
        b"%PDF"
    ):
        raise _refuse_pdf(data)
    auto = format in ("", "auto", None)
    if auto and isinstance(data, bytes | bytearray) and is_xlsx(data):
        format = "mandiri_xlsx"  # noqa: A001
    if not auto and format not in LAYOUTS:
        raise error(
            None, _("Unknown statement format %(format)s.") % {"format": format}
        )
    try:
        if format == "mandiri_xlsx" or (
            isinstance(data, bytes | bytearray) and is_xlsx(data)
        ):
            if format != "mandiri_xlsx":
                raise _unknown()
            statement = mandiri.parse_xlsx(bytes(data))
        else:
            text = decode(data)
            if auto:
                format = detect_format(text)  # noqa: A001
            layout = LAYOUTS[format]
            if layout.binary:
                raise _unknown()
            statement = layout.reader(text, format)
    except StatementParseError:
        raise
    except KongsiError as problem:
        raise StatementParseError(problem.message, field="file") from None
    if len(statement.lines) > MAX_LINES:
        raise error(None, _("The file has too many lines."))
    statement.lines = number_occurrences(statement.lines)
    return statement
