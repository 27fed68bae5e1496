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


class _CsrfAndFormTokenNode(template.Node):
    """Django's CSRF input plus a one-time ``form_token`` (community.request_once)."""

    def __init__(self):
        from django.template.defaulttags import CsrfTokenNode

        self.csrf = CsrfTokenNode()

    def render(self, context):
        from django.utils.html import format_html

        from community.request_once import FORM_FIELD, new_form_token

        csrf = self.csrf.render(context)
        if not csrf:
            return csrf
        return csrf + format_html(
            '<input type="hidden" name="{}" value="{}">', FORM_FIELD, new_form_token()
        )


@register.tag("csrf_token")
def csrf_token(parser, token):
    """Write the CSRF input and a one-time form token into every POST form.

    A builtin library loads after Django's own, so this tag takes the place of
    ``{% csrf_token %}`` everywhere: a double tap or "back" and resubmit of any
    page form does one thing (see ``community.request_once``).
    """
    return _CsrfAndFormTokenNode()
