"""Kongsi's template filters, loaded as builtins on every template."""

from django import template
from django.conf import settings
from django.template.defaulttags import URLNode
from django.template.defaulttags import url as url_tag
from django.urls import get_script_prefix, get_urlconf, reverse
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
    """Django's ``{% url %}``; a URL without arguments is reversed once.

    ``reverse()`` walks the URL patterns each time (~50 µs); a page's header,
    footer and menu reverse a dozen fixed names on every request. The answer
    depends only on the name, the app namespace, the script prefix, the
    URLconf and the language, which are all in the key.
    """

    _known: dict = {}

    def render(self, context):
        if self.args or self.kwargs or self.asvar:
            return super().render(context)
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = reverse_once(view_name, current_app=current_app)
        return conditional_escape(url) if context.autoescape else url


def reverse_once(view_name: str, *, current_app: str | None = None) -> str:
    """``reverse(view_name)`` of a URL without arguments, kept per process."""
    key = (
        view_name,
        current_app,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
        get_language(),
    )
    url = _URLNode._known.get(key)
    if url is None:
        url = reverse(view_name, current_app=current_app)
        if len(_URLNode._known) < 4096:
            _URLNode._known[key] = url
    return url


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
