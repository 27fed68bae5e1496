"""Django admin of the charity fund for the leader and the treasurer.

The ledger is read-only here: money moves only through the services (actions).
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from community.errors import KongsiError
from ledger.models import CharityPolicy, FundBalance, FundEntry

from . import services
from .models import Beneficiary, Disbursement, Program


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(FundEntry)
class FundEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "amount", "reference", "member", "actor"]
    list_filter = ["kind", "created_at"]
    search_fields = ["reference", "idempotency_key", "memo", "member__full_name"]
    list_select_related = ["member", "actor"]
    date_hierarchy = "created_at"


@admin.register(FundBalance)
class FundBalanceAdmin(ReadOnlyAdmin):
    list_display = ["id", "balance", "updated_at"]


@admin.register(CharityPolicy)
class CharityPolicyAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "rate_percent", "minimum_per_order", "created_by"]
    list_select_related = ["created_by"]
    fields = ["rate_percent", "minimum_per_order", "effective_from"]

    def has_change_permission(self, request, obj=None):
        return obj is None  # history is never rewritten; add a new policy instead

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        policy = services.policy_set(
            actor=request.user,
            rate_percent=obj.rate_percent,
            minimum_per_order=obj.minimum_per_order,
            effective_from=obj.effective_from,
        )
        obj.pk = policy.pk


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "scheduled_for", "budget"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "description"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "address", "household_size"]
    list_filter = ["category"]
    search_fields = ["name", "address"]
    list_select_related = ["created_by"]
    readonly_fields = ["created_by", "created_at"]


@admin.register(Disbursement)
class DisbursementAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "program",
        "beneficiary",
        "cash_amount",
        "in_kind_value",
        "status",
        "proposed_by",
        "approved_by",
        "paid_at",
    ]
    list_filter = ["status", "program"]
    search_fields = ["program__name", "beneficiary__name", "memo"]
    list_select_related = [
        "program",
        "beneficiary",
        "proposed_by",
        "approved_by",
        "paid_by",
    ]
    actions = ["approve_selected", "pay_selected"]

    def has_add_permission(self, request):
        return False  # propose on the charity pages or the API

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def _run(self, request, queryset, service, done_message):
        done = 0
        for disbursement in queryset.order_by("pk"):
            try:
                service(disbursement=disbursement, actor=request.user)
            except KongsiError as error:
                self.message_user(
                    request, f"#{disbursement.pk}: {error.message}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Approve the selected disbursements"))
    def approve_selected(self, request, queryset):
        self._run(
            request,
            queryset,
            services.disbursement_approve,
            _("%(count)s approved."),
        )

    @admin.action(description=_("Pay the selected disbursements"))
    def pay_selected(self, request, queryset):
        self._run(request, queryset, services.disbursement_pay, _("%(count)s paid."))
