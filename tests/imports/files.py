"""Build small exports in memory for reader tests."""

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx(rows, *, sheet="orders", name="export.xlsx", extra_sheets=()):
    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    for title, more in extra_sheets:
        other = workbook.create_sheet(title)
        for row in more:
            other.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def csv_file(rows, *, name="export.csv", bom=True, delimiter=","):
    import csv

    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data)
