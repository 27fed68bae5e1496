"""The listing kit: what a member pastes into their marketplace shop.

The text is always written in Indonesian (the marketplaces' buyers read
Indonesian) whatever language the member reads Kongsi in.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from catalog.models import Product
from community.money import format_rupiah

TITLE_MAX = 100


def _active_variants(product: Product) -> list:
    # variant_list: prefetched as a list (product_list_for(as_lists=True)).
    variants = getattr(product, "variant_list", None)
    if variants is None:
        variants = list(product.variants.all())
    return [v for v in variants if v.is_active] or variants


def listing_title(product: Product) -> str:
    title = product.name.strip()
    category = product.category.name.strip()
    if category and category.lower() not in title.lower():
        title = f"{title} - {category}"
    return title[:TITLE_MAX].rstrip()


def listing_description(product: Product) -> str:
    variants = _active_variants(product)
    with translation.override("id"):
        lines = [product.name.strip(), ""]
        if product.description.strip():
            lines += [product.description.strip(), ""]
        labels = [v.label for v in variants if v.label]
        if labels:
            lines.append(_("Choices: %(labels)s") % {"labels": ", ".join(labels)})
        weight = max([v.shipping_weight for v in variants] or [product.weight_grams])
        if weight:
            lines.append(_("Weight: %(grams)s grams") % {"grams": weight})
        lines += [
            "",
            "• " + _("Original goods, ready to ship from Sumenep, Madura"),
            "• " + _("Packed neatly and safely"),
            "• " + _("Questions are welcome: chat with us before you buy"),
        ]
    return "\n".join(lines).strip()


def listing_kit(product: Product, *, absolute=lambda url: url) -> dict:
    """Return the title, description, price suggestion and photo URLs."""
    variants = _active_variants(product)
    prices = [v.suggested_price for v in variants] or [0]
    images = [image for image in product.images.all() if image.is_ready]
    return {
        "id": product.pk,
        "product": product.pk,
        "title": listing_title(product),
        "description": listing_description(product),
        "suggested_price": min(prices),
        "suggested_price_max": max(prices),
        "suggested_price_text": (
            format_rupiah(min(prices))
            if min(prices) == max(prices)
            else f"{format_rupiah(min(prices))} – {format_rupiah(max(prices))}"
        ),
        "variants": [
            {
                "id": v.pk,
                "sku": v.sku,
                "label": v.label,
                "base_price": v.base_price,
                "suggested_price": v.suggested_price,
                "margin": v.margin,
            }
            for v in variants
        ],
        "image_urls": [absolute(image.image.url) for image in images],
        "thumbnail_urls": [absolute(image.small_url) for image in images],
    }


def price_summary(product: Product) -> dict:
    """Prices, margin (Rp and % of the selling price) and stock for a card."""
    variants = _active_variants(product)
    if not variants:
        return {"base": 0, "suggested": 0, "margin": 0, "margin_percent": 0, "stock": 0}
    cheapest = min(variants, key=lambda v: (v.base_price, v.pk))
    margin = cheapest.margin
    percent = (
        round(margin * 100 / cheapest.suggested_price)
        if cheapest.suggested_price
        else 0
    )
    return {
        "base": cheapest.base_price,
        "suggested": cheapest.suggested_price,
        "margin": margin,
        "margin_percent": percent,
        "stock": sum(v.stock for v in variants),
        "several": len(variants) > 1,
    }
