"""Django admin: the leader edits stages, items and the glossary, and sees
every enrolment with its tick history. Ticks are made through the services
(pages and API), so the history stays honest."""

from django.contrib import admin

from training.models import (
    ChecklistItem,
    CompetitorPrice,
    Enrollment,
    GlossaryTerm,
    ItemCheck,
    PromoSlot,
    Stage,
)


class ChecklistItemInline(admin.StackedInline):
    model = ChecklistItem
    extra = 0
    fields = ["position", "code", "title", "explanation", "auto", "auto_code", "terms"]
    filter_horizontal = ["terms"]


@admin.register(Stage)
class StageAdmin(admin.ModelAdmin):
    list_display = ["position", "title", "code"]
    list_display_links = ["title"]
    ordering = ["position"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["title", "stage", "position", "auto", "auto_code"]
    list_filter = ["stage", "auto"]
    list_select_related = ["stage"]
    search_fields = ["title", "explanation"]
    filter_horizontal = ["terms"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(admin.ModelAdmin):
    list_display = ["term", "also_known_as"]
    search_fields = ["term", "also_known_as", "meaning"]
    prepopulated_fields = {"slug": ["term"]}


class ItemCheckInline(admin.TabularInline):
    model = ItemCheck
    extra = 0
    can_delete = False
    fields = [
        "item",
        "source",
        "checked_by",
        "checked_at",
        "note",
        "unchecked_at",
        "uncheck_reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = [
        "trainee",
        "mentor",
        "started_at",
        "last_activity_at",
        "completed_at",
    ]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["trainee", "mentor"]
    search_fields = ["trainee__full_name", "mentor__full_name"]
    autocomplete_fields = ["trainee", "mentor"]
    readonly_fields = ["started_at", "completed_at", "last_activity_at"]
    inlines = [ItemCheckInline]

    def get_readonly_fields(self, request, obj=None):
        # The trainee is fixed once enrolled; the mentor can be changed.
        if obj is not None:
            return [*self.readonly_fields, "trainee"]
        return self.readonly_fields


@admin.register(ItemCheck)
class ItemCheckAdmin(admin.ModelAdmin):
    list_display = [
        "enrollment",
        "item",
        "source",
        "checked_by",
        "checked_at",
        "unchecked_at",
    ]
    list_filter = ["source", "item__stage"]
    list_select_related = ["enrollment__trainee", "item", "checked_by"]
    search_fields = ["enrollment__trainee__full_name", "item__title", "note"]
    readonly_fields = [field.name for field in ItemCheck._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PromoSlot)
class PromoSlotAdmin(admin.ModelAdmin):
    list_display = ["shop", "kind", "starts_at", "ends_at", "discount_percent"]
    list_filter = ["kind"]
    list_select_related = ["shop", "member"]
    search_fields = ["member__full_name", "shop__name", "products"]
    readonly_fields = ["reminded_at"]


@admin.register(CompetitorPrice)
class CompetitorPriceAdmin(admin.ModelAdmin):
    list_display = ["product_name", "category", "marketplace", "price", "member"]
    list_filter = ["marketplace", "category"]
    list_select_related = ["category", "member"]
    search_fields = ["product_name", "shop_name"]
