"""Finding columns by header name (with aliases), and grouping rows by order.

An alias starting with ``^`` matches any header that begins with it (Shopee
writes ``Pesanan Harus Dikirimkan Sebelum (Menghindari keterlambatan)`` and
shortens it in other versions). Headers are compared by ``values.header_key``.
"""

from collections.abc import Callable, Iterable

from imports.readers.files import Table
from imports.readers.values import header_key, text

HEADER_SEARCH_ROWS = 15  # title blocks above the header (Shopee income: row 6)


def locate(header: Iterable, aliases: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Return field → column index for the fields whose header is present."""
    keys = [header_key(cell) for cell in header]
    found: dict[str, int] = {}
    for field, names in aliases.items():
        for name in names:
            name = name.lower()
            for index, key in enumerate(keys):
                hit = key.startswith(name[1:]) if name.startswith("^") else key == name
                if hit:
                    found[field] = index
                    break
            if field in found:
                break
    return found


def find_header(
    table: Table, aliases: dict[str, tuple[str, ...]], required: Iterable[str]
) -> tuple[int, dict[str, int]] | None:
    """The first row (of the top few) holding every required column."""
    required = tuple(required)
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        found = locate(row, aliases)
        if all(field in found for field in required):
            return index, found
    return None


class Row:
    """One data row read through the column map."""

    __slots__ = ("cells", "columns", "number")

    def __init__(self, cells: tuple, columns: dict[str, int], number: int):
        self.cells = cells
        self.columns = columns
        self.number = number  # 1-based row number in the file, for messages

    def raw(self, field: str):
        index = self.columns.get(field)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def text(self, field: str) -> str:
        return text(self.raw(field))


def data_rows(table: Table, header_index: int, columns: dict[str, int]):
    for offset, cells in enumerate(table.rows[header_index + 1 :]):
        yield Row(tuple(cells), columns, header_index + offset + 2)


def group_by_order(
    rows: Iterable[Row], *, number_of: Callable[[Row], str]
) -> dict[str, list[Row]]:
    """Rows per order number, file order kept; exact duplicate rows dropped.

    Shopee sometimes writes the very same row twice; a real second line of an
    order always differs in at least its SKU or variation.
    """
    grouped: dict[str, list[Row]] = {}
    seen: set[tuple] = set()
    for row in rows:
        number = number_of(row)
        if not number:
            continue
        signature = tuple(text(cell) for cell in row.cells)
        if signature in seen:
            continue
        seen.add(signature)
        grouped.setdefault(number, []).append(row)
    return grouped


def looks_like_order_no(value: str) -> bool:
    """True for an order number; False for a description row's sentence."""
    return bool(value) and " " not in value and len(value) <= 64
