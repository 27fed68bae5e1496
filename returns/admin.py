from django.contrib import admin

from returns.models import CreditBalance, CreditEntry


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
