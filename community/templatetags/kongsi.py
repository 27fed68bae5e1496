"""Kongsi's template filters, loaded as builtins on every template."""

from django import template
from django.utils.translation import gettext as _

from community.money import format_rupiah

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    """Render whole rupiah the Indonesian way: ``Rp 1.250.000``."""
    return format_rupiah(amount)


@register.filter
def stock_words(stock) -> str:
    """Say stock in words a member reads at a glance."""
    stock = int(stock or 0)
    if stock <= 0:
        return _("sold out")
    if stock <= 5:
        return _("%(count)s left") % {"count": stock}
    return _("available")


@register.filter
def percent(value, digits: int = 0) -> str:
    """Render a number as a percentage with Indonesian decimal comma."""
    if value is None:
        return "–"
    text = f"{float(value):.{int(digits)}f}".replace(".", ",")
    return f"{text}%"
