"""Opening an uploaded export safely: checked by content, then read as rows.

Rules (OWASP file upload): the type comes from the bytes, never the name; the
size is checked first; an XLSX is a zip, so its entries are counted and their
unpacked size bounded before openpyxl reads it (a zip bomb is refused), and a
workbook with macros (``xlsm``: ``vbaProject.bin``) is refused. At most
``KONGSI_IMPORT_MAX_ROWS`` rows are read. Every refusal is a KongsiError with a
plain Indonesian message; nothing has been written when it is raised.
"""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from community.errors import KongsiError, UploadTooLargeError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls (and .doc): not read
MAX_ZIP_ENTRIES = 2000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200  # a sheet compresses ~10-20×; a bomb thousands of times


@dataclass
class Table:
    """One sheet (or the CSV) as rows of cell values, header included."""

    name: str
    rows: list[tuple]


def _read_bytes(upload, field: str) -> bytes:
    if upload is None:
        raise KongsiError(_("Choose the export file first."), field=field)
    limit = settings.KONGSI_MAX_IMPORT_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise UploadTooLargeError(
            _("The file is too large. At most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            field=field,
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise UploadTooLargeError(
            _("The file is too large. At most %(mb)s MB.")
            % {"mb": limit // (1024 * 1024)},
            field=field,
        )
    if not data.strip():
        raise KongsiError(_("The file is empty."), field=field)
    return data


def _too_many_rows(field: str) -> KongsiError:
    return KongsiError(
        _(
            "The file has more than %(count)s rows. Download a shorter period "
            "(for example one week) and import it in parts."
        )
        % {"count": settings.KONGSI_IMPORT_MAX_ROWS},
        field=field,
        code="too_many_rows",
    )


def _check_zip(data: bytes, field: str) -> None:
    not_excel = KongsiError(
        _("This file is not an Excel (XLSX) or CSV export."), field=field
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise not_excel from None
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        raise not_excel
    if len(entries) > MAX_ZIP_ENTRIES:
        raise KongsiError(_("This Excel file is damaged or unsafe."), field=field)
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise KongsiError(
            _(
                "This Excel file contains macros and is refused. Use the file "
                "exactly as the seller centre gave it (.xlsx)."
            ),
            field=field,
            code="macro",
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        ratio = entry.file_size / max(entry.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (
            entry.file_size > 1024 * 1024 and ratio > MAX_RATIO
        ):
            raise KongsiError(
                _("This Excel file is damaged or unsafe."),
                field=field,
                code="zip_bomb",
            )


def _xlsx_tables(data: bytes, field: str) -> list[Table]:
    import openpyxl

    _check_zip(data, field)
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(data), read_only=True, data_only=True
        )
    except Exception:  # noqa: BLE001 - any failure: the file is not readable
        raise KongsiError(
            _("This Excel file cannot be read. Download it again."), field=field
        ) from None
    limit = settings.KONGSI_IMPORT_MAX_ROWS
    tables = []
    try:
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(values_only=True):
                if all(value in (None, "") for value in row):
                    continue
                rows.append(row)
                # A header block and description row come on top of the data.
                if len(rows) > limit + 10:
                    raise _too_many_rows(field)
            tables.append(Table(sheet.title, rows))
    except KongsiError:
        raise
    except Exception:  # noqa: BLE001 - a broken sheet inside a valid zip
        raise KongsiError(
            _("This Excel file cannot be read. Download it again."), field=field
        ) from None
    finally:
        workbook.close()
    return tables


def _csv_table(data: bytes, field: str) -> Table:
    if b"\x00" in data[:4096]:
        raise KongsiError(
            _("This file is not an Excel (XLSX) or CSV export."), field=field
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    head = "\n".join(text.splitlines()[:10])
    delimiter = max(",;\t", key=head.count)
    limit = settings.KONGSI_IMPORT_MAX_ROWS
    rows = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if not any((value or "").strip() for value in row):
                continue
            rows.append(tuple(row))
            if len(rows) > limit + 10:
                raise _too_many_rows(field)
    except csv.Error:
        raise KongsiError(
            _("This CSV file cannot be read. Download it again."), field=field
        ) from None
    return Table("csv", rows)


def open_tables(upload, *, field: str = "file") -> list[Table]:
    """Return the sheets of an uploaded XLSX or CSV export, checked first."""
    data = _read_bytes(upload, field)
    if data.startswith(ZIP_MAGIC):
        return _xlsx_tables(data, field)
    if data.startswith(OLE_MAGIC):
        raise KongsiError(
            _(
                "This is an old Excel file (.xls). Download the export again as "
                ".xlsx or .csv."
            ),
            field=field,
        )
    return [_csv_table(data, field)]
