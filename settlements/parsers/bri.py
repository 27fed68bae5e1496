"""BRI: internet banking mutation CSV and the CMS (Qlola) data export.

- Internet banking: ``NOREK;``/``NAMA;`` lines, ``;`` columns,
  ``TGL_TRAN;DESK_TRAN;MUTASI_DEBET;MUTASI_KREDIT;SALDO_AKHIR_MUTASI``.
- CMS/data export: comma CSV, every field quoted, ``ID,NOREK,TGL_TRAN,
  TGL_EFEKTIF,JAM_TRAN,KODE_TRAN,DESK_TRAN,SALDO_AWAL_MUTASI,MUTASI_DEBET,
  MUTASI_KREDIT,SALDO_AKHIR_MUTASI,…``, ``YYYY-MM-DD hh:mm:ss`` times, ``.00``
  for zero. A BRIVA payment and its fee come as two debits with the same text.

Columns are found by name, so either order (and Excel's ``;``/``,``/tab
re-saves) reads the same. A zero line is skipped.
"""

from django.utils.translation import gettext as _

from settlements.parsers.base import (
    ParsedStatement,
    debit_credit,
    error,
    find_header,
    make_line,
    need_columns,
    norm,
    parse_date,
    rows,
    sniff_delimiter,
)

NEEDED = ("tgltran", "desktran", "mutasidebet", "mutasikredit")


def _cells(line: str) -> list[str]:
    return [norm(cell) for cell in line.split(sniff_delimiter(line))]


def is_header(line: str) -> bool:
    cells = _cells(line)
    return all(name in cells for name in NEEDED)


def detect(text: str, head: list[str]) -> str | None:
    header = find_header(text, is_header)
    if header is None:
        return None
    cells = _cells(header)
    return "bri_cms" if "norek" in cells and "id" in cells else "bri"


def parse(text: str, layout: str = "bri") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    header = find_header(text, is_header)
    if header is None:
        raise error(None, _("The BRI table header (TGL_TRAN) is missing."))
    delimiter = sniff_delimiter(header)
    columns: dict[str, int] | None = None
    for line_no, fields in rows(text, delimiter):
        if columns is None:
            names = [norm(cell) for cell in fields]
            if names and names[0] == "norek" and len(fields) > 1:
                statement.account = fields[1]
            if all(name in names for name in NEEDED):
                columns = {name: names.index(name) for name in names if name}
            continue
        need_columns(fields, max(columns[name] for name in NEEDED) + 1, line_no)
        if not statement.account and "norek" in columns:
            statement.account = fields[columns["norek"]]
        on = parse_date(fields[columns["tgltran"]], line_no)
        moved = debit_credit(
            fields[columns["mutasidebet"]], fields[columns["mutasikredit"]], line_no
        )
        if moved is None:
            continue
        description = fields[columns["desktran"]]
        statement.lines.append(
            make_line(line_no, on, description, *moved, fields, delimiter)
        )
    return statement
