from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from community.models import Member, Notification, Shop, TaskOutbox
from community.outbox import outbox_send


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


@admin.register(TaskOutbox)
class TaskOutboxAdmin(admin.ModelAdmin):
    """Background work recorded after commits (community/outbox.py): read only;
    a row not done can be sent again at once instead of waiting for the sweep."""

    list_display = ["key", "created_at", "sent_at", "attempts", "done_at"]
    list_filter = [("done_at", admin.EmptyFieldListFilter), "task"]
    search_fields = ["key", "last_error"]
    readonly_fields = [field.name for field in TaskOutbox._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected tasks again now"))
    def send_again(self, request, queryset):
        rows = list(queryset.filter(done_at__isnull=True).values_list("pk", flat=True))
        sent = sum(1 for pk in rows if outbox_send(pk))
        self.message_user(
            request,
            _("%(sent)s of %(total)s tasks sent again.")
            % {"sent": sent, "total": len(rows)},
        )
