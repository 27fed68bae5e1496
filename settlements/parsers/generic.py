"""The generic CSV: ``date,description,amount,type`` (type CR or DB).

For any bank Kongsi does not read: the treasurer copies the movements into a
spreadsheet with these four columns. Columns are found by name; ``,``, ``;``
or tab separators (as Excel saves them) all read.
"""

from django.utils.translation import gettext as _

from settlements.parsers.base import (
    ParsedStatement,
    direction_of,
    error,
    make_line,
    need_columns,
    norm,
    parse_date,
    parse_money,
    rows,
    sniff_delimiter,
)

NEEDED = ("date", "description", "amount", "type")


def is_header(line: str) -> bool:
    cells = [norm(cell) for cell in line.split(sniff_delimiter(line))]
    return all(name in cells for name in NEEDED)


def detect(text: str, head: list[str]) -> str | None:
    first = next((line for line in head if line.strip()), "")
    return "generic" if is_header(first) else None


def parse(text: str, layout: str = "generic") -> ParsedStatement:
    statement = ParsedStatement(format=layout)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = sniff_delimiter(first)
    columns: dict[str, int] | None = None
    for line_no, fields in rows(text, delimiter):
        if columns is None:
            names = [norm(cell) for cell in fields]
            if not all(name in names for name in NEEDED):
                raise error(
                    line_no,
                    _(
                        "the first line must be the header "
                        "date,description,amount,type."
                    ),
                )
            columns = {name: names.index(name) for name in NEEDED}
            continue
        need_columns(fields, max(columns.values()) + 1, line_no)
        on = parse_date(fields[columns["date"]], line_no)
        amount, cents = parse_money(fields[columns["amount"]], line_no)
        direction = direction_of(fields[columns["type"]], line_no)
        if not amount and not cents:
            continue
        statement.lines.append(
            make_line(
                line_no,
                on,
                fields[columns["description"]],
                amount,
                cents,
                direction,
                fields,
                delimiter,
            )
        )
    if columns is None:
        raise error(None, _("The file is empty."))
    return statement
