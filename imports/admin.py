"""Django admin: imports and SKU maps to read; fee differences to settle."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from imports.models import FeeDifference, ImportBatch, SkuMapping, StockOutNotice


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["id", "member", "shop", "layout", "status", "created", "updated"]
    list_filter = ["status"]
    list_select_related = ["member", "shop"]


@admin.register(SkuMapping)
class SkuMappingAdmin(ReadOnlyAdmin):
    list_display = ["member", "marketplace_sku", "product_name", "variation", "variant"]
    list_select_related = ["member", "variant__product"]
    search_fields = ["marketplace_sku", "product_name"]


@admin.register(StockOutNotice)
class StockOutNoticeAdmin(ReadOnlyAdmin):
    list_display = ["member", "variant", "reason", "created_at"]
    list_select_related = ["member", "variant__product"]


@admin.register(FeeDifference)
class FeeDifferenceAdmin(ReadOnlyAdmin):
    """Fees found after an order was settled: the leader adjusts them by hand
    (a credit adjustment or the next settlement) and marks them resolved."""

    list_display = [
        "order",
        "settlement_id",
        "recorded_fee",
        "marketplace_fee",
        "difference",
        "created_at",
        "resolved_at",
    ]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter)]
    list_select_related = ["order"]
    actions = ["mark_resolved"]
    readonly_fields = [
        "order",
        "batch",
        "settlement_id",
        "recorded_fee",
        "marketplace_fee",
        "created_at",
        "resolved_at",
        "resolved_by",
    ]

    def has_change_permission(self, request, obj=None):
        # Only for the action below; every field stays read-only.
        return admin.ModelAdmin.has_change_permission(self, request, obj)

    @admin.display(description=_("difference (Rp)"))
    def difference(self, obj):
        return obj.difference

    @admin.action(description=_("Mark as adjusted"), permissions=["change"])
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=request.user
        )
        messages.success(
            request,
            ngettext("%(n)s difference marked.", "%(n)s differences marked.", count)
            % {"n": count},
        )
