"""What every marketplace reader returns, and the one reader interface.

A reader turns the rows of one seller-centre export into marketplace orders
(or fees). It never touches the database: the import services decide what
becomes a Kongsi order. Columns are found by header name through aliases,
never by position, and unknown columns are ignored.
"""

from dataclasses import dataclass, field
from datetime import datetime


class Status:
    """A marketplace order status, normalised across marketplaces."""

    UNPAID = "unpaid"
    TO_SHIP = "to_ship"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    FAILED_DELIVERY = "failed_delivery"


@dataclass
class ImportedLine:
    sku: str
    product_name: str
    variation: str
    quantity: int
    sale_price: int  # what the buyer paid per unit, after discounts


@dataclass
class ImportedOrder:
    marketplace_order_no: str
    status: str  # a Status value
    raw_status: str = ""
    tracking_no: str = ""
    courier: str = ""  # an orders.couriers.Courier value, or ""
    courier_name: str = ""
    ship_by: datetime | None = None
    recipient_name: str = ""
    recipient_phone: str = ""
    recipient_address: str = ""
    buyer_username: str = ""
    cancel_reason: str = ""
    extra: dict = field(default_factory=dict)  # e.g. the Tokopedia invoice
    lines: list[ImportedLine] = field(default_factory=list)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass
class ImportedFee:
    marketplace_order_no: str
    fee: int  # what the marketplace kept, as a positive number of rupiah
    income: int | None = None  # what reached the seller, when the file says


@dataclass
class ReadResult:
    """One export read: its marketplace and kind, and what it holds."""

    marketplace: str  # community.models.Marketplace value
    kind: str  # "orders" or "income"
    layout: str  # a short name of the layout, shown to the member
    orders: list[ImportedOrder] = field(default_factory=list)
    fees: list[ImportedFee] = field(default_factory=list)
    rows: int = 0


class Reader:
    """One export layout. ``detect`` scores a table; ``read`` parses it."""

    marketplace = ""
    kind = "orders"
    layout = ""

    def detect(self, table) -> int:
        """Return how well this reader fits ``table`` (0 = not at all)."""
        raise NotImplementedError

    def read(self, table) -> ReadResult:
        raise NotImplementedError
