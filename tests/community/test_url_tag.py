"""``{% url %}`` keeps a URL without arguments (community.templatetags.kongsi)."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from community.templatetags.kongsi import _URLNode


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_same_output_as_django_with_and_without_arguments():
    assert render("{% url 'community:home' %}") == reverse("community:home")
    assert render("{% url 'orders:order_detail' 7 %}") == reverse(
        "orders:order_detail", args=[7]
    )
    assert render("{% url 'orders:order_detail' pk=8 %}") == "/pesanan/8/"
    assert render("{% url 'community:home' as home %}[{{ home }}]") == "[/]"


def test_the_script_prefix_is_part_of_the_key():
    plain = render("{% url 'community:profile' %}")
    set_script_prefix("/desa/")
    try:
        assert render("{% url 'community:profile' %}") == "/desa" + plain
    finally:
        set_script_prefix("/")
    assert render("{% url 'community:profile' %}") == plain


@override_settings(ROOT_URLCONF="bench.urls")
def test_another_urlconf_is_another_key():
    assert render("{% url 'bench_bare' %}") == reverse("bench_bare")


def test_an_unknown_name_still_fails_loudly():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")
    assert not any(key[0] == "no-such-page" for key in _URLNode._known)
