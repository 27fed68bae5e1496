"""Marketplace export readers: one module per marketplace, one interface.

``read_export(upload)`` checks the file (``files.open_tables``), asks every
reader how well it fits each sheet and lets the best one read it. An unknown
layout is refused with a plain message.
"""

from django.utils.translation import gettext as _

from community.errors import KongsiError
from imports.readers.base import (
    ImportedFee,
    ImportedLine,
    ImportedOrder,
    Reader,
    ReadResult,
    Status,
)
from imports.readers.files import open_tables
from imports.readers.income import ShopeeIncomeReader, TikTokIncomeReader
from imports.readers.lazada import LazadaOrdersReader
from imports.readers.shopee import ShopeeOrdersReader
from imports.readers.tiktok import TikTokOrdersReader
from imports.readers.tokopedia import TokopediaLegacyReader

READERS: tuple[Reader, ...] = (
    ShopeeOrdersReader(),
    TikTokOrdersReader(),
    TokopediaLegacyReader(),
    LazadaOrdersReader(),
    ShopeeIncomeReader(),
    TikTokIncomeReader(),
)

__all__ = [
    "READERS",
    "ImportedFee",
    "ImportedLine",
    "ImportedOrder",
    "ReadResult",
    "Status",
    "read_export",
]


def read_export(upload, *, kind: str | None = None, field: str = "file") -> ReadResult:
    """Read an uploaded export; ``kind`` ("orders"/"income") narrows the readers."""
    tables = open_tables(upload, field=field)
    best = None
    for table in tables:
        for reader in READERS:
            if kind and reader.kind != kind:
                continue
            score = reader.detect(table)
            if score and (best is None or score > best[0]):
                best = (score, reader, table)
    if best is None:
        if kind == "income":
            message = _(
                "This file is not an income (penghasilan) export Kongsi knows. "
                "Use Shopee's Income file or TikTok Shop's income report."
            )
        else:
            message = _(
                "Kongsi does not know this file. Use the order export from "
                "Shopee, TikTok Shop/Tokopedia or Lazada (see the help below)."
            )
        raise KongsiError(message, field=field, code="unknown_layout")
    _score, reader, table = best
    result = reader.read(table)
    for order in result.orders:
        if not order.lines:
            continue
        for line in order.lines:
            if line.quantity < 1:
                raise KongsiError(
                    _("Order %(number)s has a line without a quantity.")
                    % {"number": order.marketplace_order_no},
                    field=field,
                )
    return result
