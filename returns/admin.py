from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community.errors import KongsiError
from ledger.models import CreditBalance, CreditEntry
from returns.models import ReturnPhoto, ReturnRequest
from returns.services import return_approve


@admin.register(CreditEntry)
class CreditEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only and written by services."""

    list_display = [
        "created_at",
        "member",
        "kind",
        "amount",
        "balance_after",
        "reference",
    ]
    list_filter = ["kind"]
    search_fields = ["member__full_name", "reference", "memo"]
    list_select_related = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CreditBalance)
class CreditBalanceAdmin(admin.ModelAdmin):
    list_display = ["member", "balance", "updated_at"]
    search_fields = ["member__full_name"]
    list_select_related = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReturnPhotoInline(admin.TabularInline):
    model = ReturnPhoto
    extra = 0
    fields = ["image", "created_at"]
    readonly_fields = ["image", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReturnRequest)
class ReturnRequestAdmin(admin.ModelAdmin):
    """Returns are decided through the services (actions below or the queue page)."""

    list_display = [
        "id",
        "created_at",
        "member",
        "order_line",
        "quantity",
        "reason",
        "status",
        "credit_amount",
        "restocked",
    ]
    list_filter = ["status", "reason", "restocked"]
    search_fields = ["member__full_name", "order_line__order__marketplace_order_no"]
    list_select_related = ["member", "order_line__variant__product"]
    readonly_fields = [
        "member",
        "order_line",
        "quantity",
        "reason",
        "note",
        "status",
        "restocked",
        "credit_amount",
        "credit_entry",
        "decided_by",
        "decided_at",
        "decision_reason",
        "created_at",
    ]
    inlines = [ReturnPhotoInline]
    actions = ["approve_with_restock", "approve_without_restock"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _approve(self, request, queryset, *, restock: bool) -> None:
        done = 0
        for return_request in queryset.order_by("pk"):
            try:
                return_approve(
                    return_request=return_request, actor=request.user, restock=restock
                )
            except KongsiError as error:
                self.message_user(
                    request, f"#{return_request.pk}: {error.message}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d return accepted.", "%(count)d returns accepted.", done
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Accept and put the items back in stock"))
    def approve_with_restock(self, request, queryset):
        self._approve(request, queryset, restock=True)

    @admin.action(description=_("Accept without restocking"))
    def approve_without_restock(self, request, queryset):
        self._approve(request, queryset, restock=False)
