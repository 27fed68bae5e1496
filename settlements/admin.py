"""Django admin for leader and treasurer: reconciliation.

Declarative; every action calls a service (``settlements.services`` or
``settlements.reconciliation``). Proof thumbnails are served by the staff-only
view ``settlements:proof_image`` from private storage.
"""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.errors import KongsiError
from community.money import format_rupiah
from community.roles import is_leader, is_staff_role
from settlements import reconciliation, services
from settlements.bank_accounts import bank_account_set_qris
from settlements.confirm import Confirmation, settlements_confirm
from settlements.models import (
    BankAccount,
    BankAccountEvent,
    BankStatement,
    BankStatementLine,
    Settlement,
    SettlementOrder,
    TransferProof,
)


class StaffRoleAdmin(admin.ModelAdmin):
    """Leader and treasurer (by role) may use these pages."""

    def has_module_permission(self, request):
        return is_staff_role(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_role(request.user)

    def has_change_permission(self, request, obj=None):
        return is_staff_role(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SettlementOrderInline(admin.TabularInline):
    model = SettlementOrder
    fields = ["order", "is_active"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TransferProofInline(admin.TabularInline):
    model = TransferProof
    fields = ["thumbnail", "bank", "sender_name", "amount", "transferred_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("photo"))
    def thumbnail(self, proof):
        url = reverse("settlements:proof_image", args=[proof.pk])
        return format_html(
            '<a href="{}"><img src="{}" width="120" alt=""></a>', url, url
        )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the member sees it)"), widget=forms.Textarea
    )


class OpenFilter(admin.SimpleListFilter):
    title = gettext_lazy("open or closed")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Open (needs checking)")), ("no", _("Closed"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status__in=Settlement.OPEN_STATUSES)
        if self.value() == "no":
            return queryset.exclude(status__in=Settlement.OPEN_STATUSES)
        return queryset


@admin.register(Settlement)
class SettlementAdmin(StaffRoleAdmin):
    list_display = [
        "__str__",
        "member",
        "amount_due_rupiah",
        "status",
        "age",
        "proof_thumbnail",
        "confirmed_via",
    ]
    list_filter = [OpenFilter, "status", "confirmed_via", "created_at"]
    list_select_related = ["member"]
    search_fields = ["member__full_name", "amount_due", "=id"]
    date_hierarchy = "created_at"
    actions = ["confirm_selected", "reject_selected"]
    inlines = [SettlementOrderInline, TransferProofInline]
    readonly_fields = [field.name for field in Settlement._meta.fields]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("proofs", queryset=TransferProof.objects.order_by("-pk"))
            )
        )

    @admin.display(
        description=gettext_lazy("amount to transfer"), ordering="amount_due"
    )
    def amount_due_rupiah(self, settlement):
        return format_rupiah(settlement.amount_due)

    @admin.display(description=gettext_lazy("age"), ordering="created_at")
    def age(self, settlement):
        hours = int((timezone.now() - settlement.created_at).total_seconds() // 3600)
        if hours < 48:
            return _("%(hours)s hours") % {"hours": hours}
        return _("%(days)s days") % {"days": hours // 24}

    @admin.display(description=gettext_lazy("proof"))
    def proof_thumbnail(self, settlement):
        proofs = list(settlement.proofs.all())
        if not proofs:
            return "–"
        url = reverse("settlements:proof_image", args=[proofs[0].pk])
        return format_html(
            '<a href="{}"><img src="{}" width="60" height="60" alt="{}"></a>',
            url,
            url,
            format_rupiah(proofs[0].amount),
        )

    @admin.action(description=gettext_lazy("Confirm selected (money received)"))
    def confirm_selected(self, request, queryset):
        try:
            result = settlements_confirm(
                confirmations=[
                    Confirmation(pk)
                    for pk in queryset.order_by("pk").values_list("pk", flat=True)
                ],
                via=Settlement.Via.MANUAL,
                actor=request.user,
            )
        except KongsiError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        names = {s.pk: str(s) for s in queryset}
        for refusal in result.refused:
            self.message_user(
                request,
                f"{names.get(refusal.settlement_id, refusal.settlement_id)}: "
                f"{refusal.reason}",
                messages.WARNING,
            )
        done = len(result.confirmed)
        if done:
            self.message_user(
                request,
                _("%(count)s settlements confirmed.") % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=gettext_lazy("Reject selected…"))
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for settlement in queryset.order_by("pk"):
                try:
                    services.settlement_reject(
                        settlement=settlement,
                        actor=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except KongsiError as error:
                    self.message_user(
                        request, f"{settlement}: {error.message}", messages.WARNING
                    )
            if done:
                self.message_user(
                    request,
                    _("%(count)s settlements rejected.") % {"count": done},
                    messages.SUCCESS,
                )
            return None
        return render(
            request,
            "admin/settlements/reject.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Reject settlements"),
                "settlements": queryset,
                "form": form,
                "action": "reject_selected",
                "opts": self.model._meta,
            },
        )


class BankAccountForm(forms.ModelForm):
    """The QRIS is pasted as text or read from a photo of the printed QR, and
    checked (TLV, CRC, Indonesian) before it is saved."""

    qris_photo = forms.ImageField(
        label=gettext_lazy("Photo of the printed QRIS"),
        required=False,
        help_text=gettext_lazy("Or paste the QRIS text above."),
    )

    class Meta:
        model = BankAccount
        fields = [
            "bank",
            "account_number",
            "holder_name",
            "purpose",
            "is_active",
            "position",
            "qris_payload",
        ]

    # Who is saving: set by BankAccountAdmin.get_form (only the leader may
    # change the QRIS; the form refuses it, so nothing else is saved either).
    actor = None

    def clean(self):
        from settlements.qris import qris_from_image, qris_parse

        cleaned = super().clean()
        text = (cleaned.get("qris_payload") or "").strip()
        try:
            if not text and cleaned.get("qris_photo"):
                text = qris_from_image(cleaned["qris_photo"])
            cleaned["qris_payload"] = qris_parse(text).payload if text else ""
        except KongsiError as error:
            self.add_error("qris_payload", str(error.message))
            return cleaned
        # self.instance still holds the stored values here (_post_clean
        # copies the form's values into it after clean()).
        changed = cleaned["qris_payload"] != self.instance.qris_payload
        if changed and not is_leader(self.actor):
            self.add_error(
                "qris_payload", _("Only the leader may change the QRIS code.")
            )
        return cleaned


@admin.register(BankAccount)
class BankAccountAdmin(admin.ModelAdmin):
    form = BankAccountForm
    list_display = [
        "bank",
        "account_number",
        "holder_name",
        "purpose",
        "has_qris",
        "is_active",
        "position",
    ]
    list_editable = ["is_active", "position"]

    @admin.display(description=gettext_lazy("QRIS"), boolean=True)
    def has_qris(self, account):
        return bool(account.qris_payload)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.actor = request.user  # a new class per call (modelform_factory)
        return form

    def save_model(self, request, obj, form, change):
        payload = obj.qris_payload
        obj.qris_payload = (
            "" if not change else type(obj).objects.get(pk=obj.pk).qris_payload
        )
        # One transaction: the form already refused a bad code or a
        # non-leader, and whatever the service still refuses undoes the rest
        # of the form too, never a half-saved account.
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if payload != obj.qris_payload:
                bank_account_set_qris(account=obj, actor=request.user, payload=payload)

    def has_module_permission(self, request):
        return is_staff_role(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_role(request.user)

    has_change_permission = has_view_permission

    def has_add_permission(self, request):
        return is_staff_role(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_staff_role(request.user)


@admin.register(BankAccountEvent)
class BankAccountEventAdmin(admin.ModelAdmin):
    """Read-only: who changed which account's QRIS, when, from what to what."""

    list_display = ["created_at", "account", "actor"]
    list_select_related = ["account", "actor"]
    list_filter = ["account"]
    date_hierarchy = "created_at"
    fields = ["created_at", "account", "actor", "old_qris_payload", "new_qris_payload"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return is_staff_role(request.user)

    def has_view_permission(self, request, obj=None):
        return is_staff_role(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StatementUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Statement file (CSV, TXT or XLSX)"))
    format = forms.ChoiceField(
        label=gettext_lazy("Bank"),
        choices=[
            ("auto", gettext_lazy("Recognise automatically")),
            *BankStatement.Format.choices,
        ],
        initial="auto",
    )
    bank_account = forms.ModelChoiceField(
        label=gettext_lazy("Account"),
        queryset=BankAccount.objects.order_by("position", "pk"),
        required=False,
        empty_label=gettext_lazy("The account the file names"),
    )


@admin.register(BankStatement)
class BankStatementAdmin(StaffRoleAdmin):
    list_display = [
        "__str__",
        "status",
        "progress",
        "total_lines",
        "credit_lines",
        "matched_lines",
        "ambiguous_lines",
        "unmatched_lines",
        "possible_double_lines",
        "duplicate_lines",
        "bank_account",
        "lines_link",
    ]
    list_filter = ["format", "status", "bank_account"]
    list_select_related = ["uploaded_by", "bank_account"]
    readonly_fields = [field.name for field in BankStatement._meta.fields]
    change_list_template = "admin/settlements/bankstatement/change_list.html"

    def has_add_permission(self, request):
        return is_staff_role(request.user)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="settlements_bankstatement_import",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:settlements_bankstatement_import")

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, statement):
        return f"{statement.progress_percent}%"

    @admin.display(description=gettext_lazy("lines"))
    def lines_link(self, statement):
        url = reverse("admin:settlements_bankstatementline_changelist")
        return format_html(
            '<a href="{}?statement__id__exact={}">{}</a>', url, statement.pk, _("Lines")
        )

    def import_view(self, request):
        if not is_staff_role(request.user):
            return redirect("admin:index")
        form = StatementUploadForm(request.POST or None, request.FILES or None)
        # After an import the page redirects here with ?statement=<id> (so a
        # reload or "back" and resubmit does not send the file again).
        shown = request.GET.get("statement", "")
        statement = (
            BankStatement.objects.filter(pk=int(shown)).first()
            if shown.isdigit() and len(shown) < 19
            else None
        )
        if request.method == "POST" and form.is_valid():
            try:
                statement = reconciliation.statement_import(
                    file=form.cleaned_data["file"],
                    format=form.cleaned_data["format"],
                    actor=request.user,
                    bank_account=form.cleaned_data["bank_account"],
                )
            except KongsiError as error:
                field = "bank_account" if error.field == "bank_account" else "file"
                form.add_error(field, str(error.message))
            else:
                self.message_user(request, _("Statement imported."), messages.SUCCESS)
                url = reverse("admin:settlements_bankstatement_import")
                return redirect(f"{url}?statement={statement.pk}")
        return TemplateResponse(
            request,
            "admin/settlements/bankstatement/import.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Import a bank statement"),
                "form": form,
                "statement": statement,
                "opts": self.model._meta,
            },
        )


class LineMatchForm(forms.Form):
    settlement = forms.ModelChoiceField(
        label=gettext_lazy("Settlement"),
        queryset=Settlement.objects.none(),
    )

    def __init__(self, *args, amount=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Settlement.objects.select_related("member").filter(
            status__in=[*Settlement.OPEN_STATUSES, Settlement.Status.CONFIRMED]
        )
        self.fields["settlement"].queryset = queryset.order_by("-created_at")
        self.fields["settlement"].label_from_instance = lambda s: (
            f"#{s.pk} {s.member.full_name} · {format_rupiah(s.amount_due)} · "
            f"{s.get_status_display()}"
        )


@admin.register(BankStatementLine)
class BankStatementLineAdmin(StaffRoleAdmin):
    list_display = [
        "date",
        "description",
        "amount_rupiah",
        "direction",
        "match_status",
        "note",
        "settlement",
        "similar_settlement",
    ]
    list_filter = ["match_status", "direction", "statement"]
    list_select_related = ["settlement", "similar_settlement", "statement"]
    search_fields = ["description", "amount"]
    readonly_fields = [field.name for field in BankStatementLine._meta.fields]
    actions = ["match_line", "ignore_lines"]

    @admin.display(description=gettext_lazy("amount"), ordering="amount")
    def amount_rupiah(self, line):
        if line.cents:  # interest/tax in sen: shown as the bank wrote it
            return f"{format_rupiah(line.amount)},{line.cents:02d}"
        return format_rupiah(line.amount)

    @admin.action(description=gettext_lazy("Match to a settlement…"))
    def match_line(self, request, queryset):
        lines = list(queryset[:2])
        if len(lines) != 1:
            self.message_user(
                request, _("Choose exactly one line to match."), messages.WARNING
            )
            return None
        line = lines[0]
        form = LineMatchForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            try:
                reconciliation.statement_line_match(
                    line=line,
                    settlement=form.cleaned_data["settlement"],
                    actor=request.user,
                )
            except KongsiError as error:
                self.message_user(request, str(error.message), messages.ERROR)
            else:
                self.message_user(request, _("Line matched."), messages.SUCCESS)
            return None
        return render(
            request,
            "admin/settlements/match.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Match a bank line"),
                "line": line,
                "form": form,
                "action": "match_line",
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Mark as checked (nothing to do)"))
    def ignore_lines(self, request, queryset):
        done = 0
        for line in queryset.filter(settlement__isnull=True):
            reconciliation.statement_line_ignore(line=line, actor=request.user)
            done += 1
        self.message_user(
            request, _("%(count)s lines marked.") % {"count": done}, messages.SUCCESS
        )
