"""Django admin for the leader: products with variant and photo inlines.

Stock is read-only here: it changes only through ``catalog.services`` (the bulk
edit page, the CSV import, orders and returns), so every change is a movement.
Photos are added through the safe upload page, never straight into a field.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from catalog.models import Category, Product, ProductImage, StockMovement, Variant
from community.money import format_rupiah


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug"]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class VariantInline(admin.TabularInline):
    model = Variant
    extra = 1
    fields = [
        "sku",
        "label",
        "base_price",
        "suggested_price",
        "stock",
        "weight_grams",
        "bin_location",
        "is_active",
    ]
    readonly_fields = ["stock"]
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        return False


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["preview", "position", "processed_at"]
    readonly_fields = ["preview", "processed_at"]

    @admin.display(description=_("photo"))
    def preview(self, image):
        if not image.is_ready:
            return _("being processed")
        return format_html(
            '<img src="{}" width="80" height="80" alt="">', image.small_url
        )

    def has_add_permission(self, request, obj=None):
        return False


class LowStockFilter(admin.SimpleListFilter):
    title = _("stock")
    parameter_name = "stok"

    def lookups(self, request, model_admin):
        return [("low", _("running low")), ("out", _("sold out"))]

    def queryset(self, request, queryset):
        from django.conf import settings

        if self.value() == "low":
            return queryset.filter(
                variants__stock__lte=settings.KONGSI_LOW_STOCK
            ).distinct()
        if self.value() == "out":
            return queryset.filter(variants__stock=0).distinct()
        return queryset


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "supplier", "is_active", "photos_link"]
    list_select_related = ["category", "supplier"]
    list_filter = ["is_active", "category", LowStockFilter]
    search_fields = ["name", "slug", "variants__sku", "category__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["supplier"]
    inlines = [VariantInline, ProductImageInline]
    actions = ["make_inactive", "make_active"]

    @admin.display(description=_("photos"))
    def photos_link(self, product):
        url = reverse("catalog:photo_upload", args=[product.slug])
        return format_html('<a href="{}">{}</a>', url, _("Add photos"))

    @admin.action(description=_("Stop selling the chosen products"))
    def make_inactive(self, request, queryset):
        queryset.update(is_active=False)

    @admin.action(description=_("Sell the chosen products again"))
    def make_active(self, request, queryset):
        queryset.update(is_active=True)


@admin.register(Variant)
class VariantAdmin(admin.ModelAdmin):
    list_display = [
        "sku",
        "product",
        "label",
        "member_price",
        "stock",
        "bin_location",
        "is_active",
    ]
    list_select_related = ["product"]
    list_filter = ["is_active", "product__category"]
    search_fields = ["sku", "label", "product__name"]
    readonly_fields = ["stock"]
    fields = [
        "product",
        "sku",
        "label",
        "base_price",
        "suggested_price",
        "stock",
        "weight_grams",
        "bin_location",
        "is_active",
    ]
    autocomplete_fields = ["product"]

    @admin.display(description=_("member price"), ordering="base_price")
    def member_price(self, variant):
        return format_rupiah(variant.base_price)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StockMovement)
class StockMovementAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "variant",
        "kind",
        "quantity",
        "stock_after",
        "actor",
        "reason",
        "reference",
    ]
    list_select_related = ["variant__product", "actor"]
    list_filter = ["kind"]
    search_fields = ["variant__sku", "reference", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
