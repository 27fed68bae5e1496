"""The UMK figures and the impact report's settings in Django admin (the
leader). Saving goes through the same services as the settings page."""

from django.contrib import admin, messages

from community.errors import KongsiError
from insights.impact import config
from insights.models import ImpactSettings, MinimumWage


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ["kabupaten", "year", "amount", "created_by", "created_at"]
    list_filter = ["kabupaten"]
    fields = ["kabupaten", "year", "amount"]

    def save_model(self, request, obj, form, change):
        try:
            saved = config.minimum_wage_set(
                kabupaten=obj.kabupaten,
                year=obj.year,
                amount=obj.amount,
                actor=request.user,
            )
        except KongsiError as error:
            messages.error(request, str(error.message))
            return
        obj.pk = saved.pk


@admin.register(ImpactSettings)
class ImpactSettingsAdmin(admin.ModelAdmin):
    list_display = ["kabupaten", "at_risk_days", "tax_threshold", "updated_at"]
    fields = list(config.SETTING_FIELDS)

    def has_add_permission(self, request):
        return not ImpactSettings.objects.exists() and super().has_add_permission(
            request
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            config.impact_settings_update(
                actor=request.user,
                **{name: getattr(obj, name) for name in config.SETTING_FIELDS},
            )
        except KongsiError as error:
            messages.error(request, str(error.message))
