"""Upper bounds of what a person may type, shared by forms, serializers and
services.

Every number a page or the API accepts has a maximum well inside its database
column (PostgreSQL refuses a value above 2**31 - 1 in an ``integer`` column
and above 2**63 - 1 in a ``bigint`` one with a DataError, i.e. a 500), so a
typing mistake or a hostile request gets a clear 400 / form error instead.
The limits are far above anything a village dropship community does.

Free text that the database would store unbounded (``TextField``) gets a length
here too, the same in the page form and in the API serializer.
"""

# Money, in whole rupiah: one price, fee, budget, donation or disbursement.
MAX_PRICE = 1_000_000_000  # Rp 1 milyar
# What a member transfers for one settlement (many orders together).
MAX_TRANSFER = 100_000_000_000  # Rp 100 milyar
# A correction of a member's credit, either way.
MAX_CREDIT_ADJUSTMENT = MAX_PRICE

MAX_STOCK = 1_000_000  # items of one variant in the warehouse
MAX_QUANTITY = 10_000  # items on one order line or one return
MAX_WEIGHT_GRAMS = 1_000_000  # one tonne
MAX_HOUSEHOLD = 100  # people in one beneficiary's household
MAX_UNITS = 100_000  # families/people one charity program plans for
MAX_SOLD_COUNT = 100_000_000  # the "sold" figure a marketplace shows
MAX_ID = 2**63 - 1  # the largest id a bigint primary key can hold

# Free text (TextField) lengths.
MAX_DESCRIPTION = 5_000  # a product description (the listing kit copies it)
MAX_LONG_TEXT = 2_000  # notes, program descriptions, reasons
MAX_ADDRESS = 1_000  # a buyer's address
MAX_PASTE = 2_000  # the buyer's block pasted from a marketplace


def id_or_none(raw) -> int | None:
    """An id typed in a query string, or None when it cannot be one.

    Digits only (not "²", which ``isdigit`` lets through to a failing
    ``int()``), and short enough for ``int()`` and a bigint column.
    """
    text = str(raw or "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > 19:
        return None
    value = int(text)
    return value if value <= MAX_ID else None
