"""One rule for every CSV and XLSX Kongsi writes: text is never a formula.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a tab or carriage return first) as a formula, so a product name or a
program name typed as ``=HYPERLINK(...)`` would run on the reader's computer
(CSV/formula injection). Such text gets a leading apostrophe, which spreadsheets
show as plain text. Only text is escaped: numbers stay numbers, so a negative
amount is still a number a column can sum.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value):
    """Return the value safe for a spreadsheet cell (text that could run is quoted)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    """Return the row with every cell made safe (``spreadsheet_cell``)."""
    return [spreadsheet_cell(value) for value in values]


class SafeCsvWriter:
    """``csv.writer`` whose rows go through ``spreadsheet_row`` first."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, values):
        return self._writer.writerow(spreadsheet_row(values))

    def writerows(self, rows):
        for values in rows:
            self.writerow(values)


def safe_csv_writer(file, **options) -> SafeCsvWriter:
    """A CSV writer for exports: use it instead of ``csv.writer``."""
    return SafeCsvWriter(file, **options)
