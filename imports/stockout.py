"""Stock-out broadcast: tell each member who lists a variant that it ran out.

"Lists it" is what Kongsi can see: the member imported an order of it from a
marketplace, or mapped one of their marketplace SKUs to it. Each gets one
notice per variant per day (a Beranda notification, a WhatsApp-ready text and
a checklist "turn off in my shops" whose ticks are recorded).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Variant
from community.errors import KongsiError
from community.models import Shop
from community.services import notification_send
from imports.models import ShopListing, SkuMapping, StockOutNotice, StockOutShopCheck


def on_variant_unavailable(sender, variant_ids, reason, **kwargs):
    """Catalog signal receiver: broadcast after the stock change commits."""
    ids = list(variant_ids)
    transaction.on_commit(lambda: stockout_broadcast(variant_ids=ids, reason=reason))


def listing_members(variant_ids) -> dict[int, set[int]]:
    """variant id → ids of the members whose imports or SKU map show they list it."""
    found: dict[int, set[int]] = {}
    imported = ShopListing.objects.filter(variant_id__in=variant_ids).values_list(
        "variant_id", "shop__member_id"
    )
    mapped = SkuMapping.objects.filter(variant_id__in=variant_ids).values_list(
        "variant_id", "member_id"
    )
    for variant_id, member_id in [*imported, *mapped]:
        found.setdefault(variant_id, set()).add(member_id)
    return found


def whatsapp_text(variant: Variant, reason: str) -> str:
    if reason == "deactivated":
        return _(
            "Info Kongsi: %(name)s (SKU %(sku)s) is no longer sold. Please turn "
            "it off in all your shops now so no buyer orders it."
        ) % {"name": variant.display_name, "sku": variant.sku}
    return _(
        "Info Kongsi: %(name)s (SKU %(sku)s) is out of stock. Please turn it "
        "off (or set stock 0) in all your shops now so no buyer orders it."
    ) % {"name": variant.display_name, "sku": variant.sku}


def stockout_broadcast(*, variant_ids, reason: str) -> int:
    """Send the notices; return how many were new (a repeat sends nothing)."""
    members = listing_members(variant_ids)
    if not members:
        return 0
    today = timezone.localdate().isoformat()
    variants = Variant.objects.select_related("product").in_bulk(list(members))
    sent = 0
    for variant_id, member_ids in members.items():
        variant = variants[variant_id]
        text = whatsapp_text(variant, reason)
        key = f"stockout:{variant_id}:{today}"
        for member_id in sorted(member_ids):
            with transaction.atomic():
                notice, created = StockOutNotice.objects.get_or_create(
                    member_id=member_id,
                    key=key,
                    defaults={
                        "variant": variant,
                        "reason": reason,
                        "whatsapp_text": text,
                    },
                )
                if created:
                    notification_send(
                        member=notice.member,
                        kind="stock_out",
                        message=text,
                        key=key,
                        link="/",
                    )
                    sent += 1
    return sent


@transaction.atomic
def notice_tick(*, notice: StockOutNotice, shop_ids) -> int:
    """Record that the member turned the item off in these shops."""
    wanted = set()
    for raw in shop_ids:
        if not str(raw).isdecimal():
            raise KongsiError(_("Choose one of your own shops."), field="shop")
        wanted.add(int(raw))
    shops = set(
        Shop.objects.filter(member=notice.member_id, pk__in=wanted).values_list(
            "pk", flat=True
        )
    )
    if shops != wanted:
        raise KongsiError(_("Choose one of your own shops."), field="shop")
    created = 0
    for shop_id in sorted(shops):
        _check, made = StockOutShopCheck.objects.get_or_create(
            notice=notice, shop_id=shop_id
        )
        created += made
    return created


def home_panel_context(request, member) -> dict | None:
    """Beranda: the stock-out notices whose checklist is not finished."""
    notices = list(
        StockOutNotice.objects.filter(member=member)
        .select_related("variant__product")
        .prefetch_related("checks")[:5]
    )
    if not notices:
        return None
    shops = list(Shop.objects.filter(member=member).exclude(marketplace="whatsapp"))
    listed: dict[int, set[int]] = {}
    for variant_id, shop_id in ShopListing.objects.filter(
        shop__member=member, variant_id__in=[n.variant_id for n in notices]
    ).values_list("variant_id", "shop_id"):
        listed.setdefault(variant_id, set()).add(shop_id)
    items = []
    for notice in notices:
        # The shops whose exports showed the item; known only from the SKU
        # map, it may be in any of them.
        wanted = listed.get(notice.variant_id) or {shop.pk for shop in shops}
        done = {check.shop_id for check in notice.checks.all()}
        if done >= wanted:
            continue
        items.append(
            {
                "notice": notice,
                "shops": [
                    (shop, shop.pk in done) for shop in shops if shop.pk in wanted
                ],
            }
        )
    return {"items": items} if items else None
