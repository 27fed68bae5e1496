"""Django admin for leader and treasurer: read orders, act through services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.errors import KongsiError
from orders import services
from orders.models import Order, OrderEvent, OrderLine, TrackingLink


class OrderLineInline(admin.TabularInline):
    model = OrderLine
    extra = 0
    can_delete = False
    fields = ["variant", "quantity", "unit_base_price", "sale_price"]
    readonly_fields = fields
    autocomplete_fields = []

    def has_add_permission(self, request, obj=None):
        return False


class OrderEventInline(admin.TabularInline):
    model = OrderEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "from_status", "to_status", "params"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "marketplace_order_no",
        "member",
        "shop",
        "status",
        "goods_total",
        "profit",
        "charity_share",
        "tracking_no",
        "created_at",
    ]
    list_filter = ["status", "shop__marketplace", "courier", "created_at"]
    list_select_related = ["member", "shop"]
    search_fields = [
        "marketplace_order_no",
        "recipient_name",
        "tracking_no",
        "member__full_name",
        "shop__name",
    ]
    date_hierarchy = "created_at"
    inlines = [OrderLineInline, OrderEventInline]
    actions = ["pack_selected", "cancel_selected", "complete_selected"]
    # Status and money change only through services (the actions here).
    readonly_fields = [
        "member",
        "shop",
        "marketplace_order_no",
        "status",
        "shipping_fee",
        "marketplace_fee",
        "label",
        "tracking_no",
        "ship_by",
        "charity_rate",
        "charity_minimum",
        "goods_total",
        "profit",
        "charity_share",
        "created_at",
        "submitted_at",
        "paid_at",
        "packed_at",
        "shipped_at",
        "completed_at",
        "cancelled_at",
    ]
    fields = [
        "member",
        "shop",
        "marketplace_order_no",
        "status",
        "recipient_name",
        "recipient_phone",
        "recipient_address",
        "courier",
        "shipping_fee",
        "marketplace_fee",
        "label",
        "tracking_no",
        "ship_by",
        "charity_rate",
        "charity_minimum",
        "goods_total",
        "profit",
        "charity_share",
        "created_at",
        "submitted_at",
        "paid_at",
        "packed_at",
        "shipped_at",
        "completed_at",
        "cancelled_at",
    ]

    def has_add_permission(self, request):
        return False  # members log orders on their phones

    def has_delete_permission(self, request, obj=None):
        return False  # orders are history; cancel instead

    def _run(self, request, queryset, action, done_message):
        done = 0
        for order in queryset.order_by("pk"):
            try:
                action(order)
            except KongsiError as error:
                self.message_user(
                    request, f"{order}: {error.message}", level=messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), level=messages.SUCCESS)

    @admin.action(description=_("Mark packed"))
    def pack_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda order: services.order_pack(order=order, actor=request.user),
            lambda n: (
                ngettext("%(n)d order packed.", "%(n)d orders packed.", n) % {"n": n}
            ),
        )

    @admin.action(description=_("Cancel (only unpaid orders)"))
    def cancel_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda order: services.order_cancel(
                order=order, actor=request.user, reason="admin"
            ),
            lambda n: (
                ngettext("%(n)d order cancelled.", "%(n)d orders cancelled.", n)
                % {"n": n}
            ),
        )

    @admin.action(description=_("Mark completed"))
    def complete_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            lambda order: services.order_complete(order=order, actor=request.user),
            lambda n: (
                ngettext("%(n)d order completed.", "%(n)d orders completed.", n)
                % {"n": n}
            ),
        )


@admin.register(TrackingLink)
class TrackingLinkAdmin(admin.ModelAdmin):
    """The leader keeps each courier's tracking page here ({resi} = the number)."""

    list_display = ["__str__", "url_template"]
    list_editable = ["url_template"]
    list_display_links = ["__str__"]
    fields = ["courier", "url_template"]
