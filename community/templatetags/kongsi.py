"""Kongsi's template filters, loaded as builtins on every template."""

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_tag
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import conditional_escape
from django.utils.translation import get_language
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


class _URLNode(URLNode):
    """Django's ``{% url %}``, with the patterns walked once per URL shape.

    ``reverse()`` walks the URL patterns on each call (~50 µs); a page's
    header, footer and menu reverse a dozen fixed names, and a list one link
    per row. A URL without arguments is kept as it is; a URL whose arguments
    are whole numbers (``{% url 'orders:order_detail' order.pk %}``) is
    reversed once with stand-in numbers and then filled in. The answer depends
    only on the name, the app namespace, the script prefix, the URLconf and
    the language, which are all in the key.
    """

    def render(self, context):
        if self.kwargs or self.asvar:
            return super().render(context)
        args = [arg.resolve(context) for arg in self.args]
        if not all(type(arg) is int and arg >= 0 for arg in args):
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = reverse_once(view_name, args, current_app=current_app)
        return conditional_escape(url) if context.autoescape else url


# Stand-ins for whole-number arguments: long enough never to be a real id.
_STAND_IN = 987_654_321_012_345
_shapes: dict = {}


def reverse_once(view_name: str, args=(), *, current_app: str | None = None) -> str:
    """``reverse(view_name, args=args)`` for whole-number ``args`` (or none),
    reversing each URL shape once per process (see ``_URLNode``)."""
    key = (
        view_name,
        len(args),
        current_app,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_language(),
    )
    shape = _shapes.get(key)
    if shape is None:
        stand_ins = [str(_STAND_IN + index) for index in range(len(args))]
        try:
            url = reverse(view_name, args=stand_ins, current_app=current_app)
        except NoReverseMatch:
            url = None  # a pattern that refuses the stand-in: reverse each time
        parts = [url] if url is not None else None
        for stand_in in stand_ins:
            if parts is None or "".join(parts).count(stand_in) != 1:
                parts = None
                break
            head, tail = parts[-1].split(stand_in)
            parts[-1:] = [head, tail]
        shape = tuple(parts) if parts is not None else False
        if len(_shapes) < 4096:
            _shapes[key] = shape
    if shape is False:
        return reverse(view_name, args=args, current_app=current_app)
    pieces = [shape[0]]
    for arg, tail in zip(args, shape[1:], strict=True):
        pieces += [str(arg), tail]
    return "".join(pieces)


@register.tag("url")
def url(parser, token):
    """Django's ``{% url %}`` tag (see ``_URLNode``): same syntax, same output."""
    node = url_tag(parser, token)
    return _URLNode(node.view_name, node.args, node.kwargs, node.asvar)


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
