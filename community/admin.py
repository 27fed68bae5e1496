from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.models import Member, Notification, Shop


class ShopInline(admin.TabularInline):
    model = Shop
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "phone", "village", "status", "mentor", "joined_on"]
    list_filter = ["status", "village"]
    search_fields = ["full_name", "phone", "user__username"]
    list_select_related = ["mentor", "user"]
    autocomplete_fields = ["mentor"]
    readonly_fields = ["user"]
    inlines = [ShopInline]

    def has_add_permission(self, request):
        # Members are registered through the service (page or API), which
        # also creates the login, the roles and the training enrolment.
        return False


@admin.register(Shop)
class ShopAdmin(admin.ModelAdmin):
    list_display = ["name", "marketplace", "member"]
    list_filter = ["marketplace"]
    search_fields = ["name", "member__full_name"]
    list_select_related = ["member"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
    search_fields = ["member__full_name", "message"]
    list_select_related = ["member"]
    readonly_fields = ["created_at"]

    @admin.display(description=_("message"))
    def short(self, obj):
        return str(obj)
