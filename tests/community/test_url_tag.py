"""``{% url %}`` keeps a URL without arguments (community.templatetags.kongsi)."""

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from community.templatetags.kongsi import _shapes, reverse_once


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
    assert _shapes.get(("no-such-page", 0, None, "/", "config.urls", "id")) in (
        None,
        False,
    )


def test_whole_number_arguments_are_filled_into_one_reversed_shape():
    for pk in (0, 7, 123456789):
        assert reverse_once("orders:order_detail", [pk]) == reverse(
            "orders:order_detail", args=[pk]
        )
    page = render(
        "{% for pk in pks %}{% url 'settlements:settlement_detail' pk %};{% endfor %}",
        pks=[1, 22, 333],
    )
    assert (
        page
        == ";".join(
            reverse("settlements:settlement_detail", args=[pk]) for pk in (1, 22, 333)
        )
        + ";"
    )


def test_other_arguments_reverse_as_django_does():
    assert render("{% url 'orders:order_detail' '9' %}") == "/pesanan/9/"
    assert render("{% url 'catalog:product_detail' 'hijab-merah' %}") == reverse(
        "catalog:product_detail", args=["hijab-merah"]
    )
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        render("{% url 'orders:order_detail' -1 %}")
