"""Small pieces every reader shares: errors that name the row."""

from contextlib import contextmanager

from django.utils.translation import gettext as _

from community.errors import KongsiError


def line_error(row, reason: str) -> KongsiError:
    return KongsiError(
        _("Row %(row)s of the file: %(reason)s")
        % {"row": row.number, "reason": reason},
        field="file",
        code="bad_row",
    )


@contextmanager
def read_line_numbers(row):
    """Turn a cell's ValueError into a KongsiError naming the row."""
    try:
        yield
    except ValueError:
        raise line_error(row, _("a number, amount or date cannot be read.")) from None
