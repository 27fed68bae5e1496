"""Admin never deletes history: what other rows hang on is deactivated instead.

Every model registered in the admin (Kongsi's and Django's own, e.g. groups and
users) gets ``DeleteGuardMixin`` when the apps are ready
(``guard_admin_site``), so a new admin is covered without remembering to. A row
may be deleted only when it stands alone: deleting it would cascade to no row
of another model (Django already refuses a protected one). On top of that:

- the role groups (leader, treasurer, mentor, member) are never deleted: the
  roles are the access rules;
- a bank account that appears on an imported statement stays (hide it from
  members instead: "shown to members" off);
- history rows themselves (a training check: uncheck it instead).

Refused in both ways the admin deletes: the object's delete page (403, and the
button is hidden) and the "delete selected" action (nothing is deleted, the
page says why).
"""

import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.translation import gettext as _

from community.roles import ALL_ROLES

# Rows that are history themselves: kept, never deleted in the admin.
HISTORY_MODELS = {"training.ItemCheck"}


def _digits(text: str) -> str:
    return "".join(character for character in text or "" if character.isdigit())


def _special_refusal(obj) -> str | None:
    label = obj._meta.label
    if label == "auth.Group" and obj.name in ALL_ROLES:
        return _("A role group cannot be deleted: the roles decide who may do what.")
    if label in HISTORY_MODELS:
        return _("This row is history and is kept. Undo it instead of deleting it.")
    if label == "settlements.BankAccount":
        from settlements.models import BankStatement

        number = _digits(obj.account_number)
        accounts = BankStatement.objects.values_list("account", flat=True).distinct()
        if number and any(_digits(account) == number for account in accounts):
            return _(
                "This bank account has imported statements. Turn off "
                "'shown to members' instead of deleting it."
            )
    return None


def deletion_refusal(obj) -> str | None:
    """Return why the admin may not delete ``obj``, or None when it may."""
    reason = _special_refusal(obj)
    if reason:
        return reason
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    if collector.protected:
        return _("Other records still refer to this one. Deactivate it instead.")
    hanging = sorted(
        str(model._meta.verbose_name_plural)
        for model in collector.model_objs
        if model is not type(obj) and not model._meta.auto_created
    )
    if hanging:
        return _(
            "This record has history (%(history)s) and is kept. "
            "Deactivate it instead of deleting it."
        ) % {"history": ", ".join(hanging)}
    return None


def guarded_delete_selected(modeladmin, request, queryset):
    """The admin's "delete selected", refusing the whole batch if one row is kept."""
    for obj in queryset:
        reason = deletion_refusal(obj)
        if reason:
            modeladmin.message_user(
                request,
                _("Nothing was deleted. %(object)s: %(reason)s")
                % {"object": obj, "reason": reason},
                messages.ERROR,
            )
            return None
    return delete_selected(modeladmin, request, queryset)


class DeleteGuardMixin:
    """Refuse deleting rows that have history (see the module docstring)."""

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or deletion_refusal(obj) is None

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(
                actions["delete_selected"], func=guarded_delete_selected
            )
        return actions


def guard_admin_site(site: admin.AdminSite = admin.site) -> None:
    """Give every registered ModelAdmin the delete guard (idempotent)."""
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if issubclass(cls, DeleteGuardMixin):
            continue
        guarded = type(
            f"Guarded{cls.__name__}",
            (DeleteGuardMixin, cls),
            {"__module__": cls.__module__},
        )
        site._registry[model] = guarded(model, site)
